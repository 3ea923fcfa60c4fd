/**
 * The explicit budget every learner runs under: whichever of wall-clock
 * milliseconds and trials runs out first. Reading the clock costs ~50 ns, so learners with very
 * cheap trials (brute force) check it only every `every` trials. Setup counts against the time
 * too: a learner whose setup is large (a feature matrix, a copy of A) does it in chunks and
 * looks at `timeUp()` between them, so it returns within its budget plus one chunk.
 */
import { SepkaError } from '../errors.ts';
import { Budget } from './types.ts';

export class BudgetClock {
  readonly t0 = performance.now();
  private readonly deadline: number;
  private readonly maxTrials: number;

  constructor(budget: Budget) {
    if (budget.ms === undefined && budget.trials === undefined) {
      throw new SepkaError('SEPKA_ERR_USAGE', 'a learner needs an explicit budget (ms or trials)');
    }
    if (budget.ms !== undefined && !(budget.ms >= 0)) throw new SepkaError('SEPKA_ERR_USAGE', `budget ms must be ≥ 0, got ${budget.ms}`);
    if (budget.trials !== undefined && !(budget.trials >= 0)) {
      throw new SepkaError('SEPKA_ERR_USAGE', `budget trials must be ≥ 0, got ${budget.trials}`);
    }
    this.deadline = budget.ms === undefined ? Infinity : this.t0 + budget.ms;
    this.maxTrials = budget.trials ?? Infinity;
  }

  /** True once `trials` trials are done or the time is up. */
  exhausted(trials: number): boolean {
    return trials >= this.maxTrials || performance.now() >= this.deadline;
  }

  /** True once the time is up, whatever the trials: for setup work before the first trial. */
  timeUp(): boolean {
    return performance.now() >= this.deadline;
  }

  elapsed(): number {
    return performance.now() - this.t0;
  }
}
