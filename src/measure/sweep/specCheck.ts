/**
 * A sweep point's spec checked as user input. A spec comes from the command line through
 * grid.ts, or from a job on the distributed queue (src/net/jobqueue.ts), which anyone who
 * reaches the Redis server can write: every field is checked for type and range, unknown fields
 * are refused, and a reason quotes no more than a short, escaped value. The ranges are the
 * command line's (sepka sweep --help).
 *
 * A worker on another machine reads a profile only by name (protocols/NAME.json, shipped with
 * its code) or from the job's own content: a spec naming a file path is refused there unless
 * the job carries the profile (the coordinator attaches it), so no job can make a worker read
 * one of its local files.
 */
import { SepkaError } from '../../errors.ts';
import { safeText } from '../../text.ts';
import { LEARNER_NAMES } from '../../learners/registry.ts';
import { isProfilePath } from '../../protocol/profile.ts';
import { MAX_PAIR_ROUNDS } from '../../protocol/theory.ts';
import { DISTILLS, PARTS, RECONCILERS, type PointSpec } from './grid.ts';

const bad = (why: string): never => {
  throw new SepkaError('SEPKA_ERR_USAGE', `sweep point: ${why}`);
};

/** A value as a reason may quote it: short and escaped. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return safeText(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

const FIELDS = new Set([
  'protocol', 'n', 'theta', 'm', 'w', 'ell', 'L', 'distill', 'pairRounds', 'reconciler', 'eveBudgetMs', 'learnBudgetMs',
  'eveBudgetTrials', 'sessions', 'learnReps', 'test', 'learners', 'parts', 'seed', 'control',
]);
const OPTIONAL = new Set(['theta', 'm', 'distill', 'pairRounds', 'reconciler', 'learnBudgetMs']);

/** Most sessions, trials and milliseconds a point may ask for (a day of budget, 2^40 trials). */
const MAX_MS = 86_400_000;
const MAX_TRIALS = 2 ** 40;
const MAX_SESSIONS = 1_000_000;

/**
 * The spec's shape and ranges (the profile and its overrides are checked after, by resolving
 * them). `remote`: the spec came from the queue, so a file path is refused unless `hasProfile`.
 */
export function checkPointShape(v: unknown, remote = false, hasProfile = false): PointSpec {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad('must be a JSON object');
  const s = v as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!FIELDS.has(k)) bad(`unknown field ${shown(k)}`);
  for (const k of FIELDS) if (!OPTIONAL.has(k) && !Object.hasOwn(s, k)) bad(`missing field "${k}"`);
  const field = (k: string, ok: boolean, want: string) => {
    if (!ok) bad(`field "${k}" must be ${want} (got ${shown(s[k])})`);
  };
  const opt = (k: string) => s[k] === undefined;
  field('protocol', typeof s.protocol === 'string' && s.protocol.length > 0 && s.protocol.length <= 4096, 'a profile name or path');
  if (remote && isProfilePath(s.protocol as string) && !hasProfile) bad('names a file path; a worker reads profiles by name, or from the job itself (refused)');
  field('n', s.n === null || isInt(s.n, 8, 8192), 'null or an integer in [8, 8192]');
  field('theta', opt('theta') || (typeof s.theta === 'number' && s.theta >= 1e-6 && s.theta < 0.5), 'a number in [1e-6, 0.5)');
  field('m', opt('m') || isInt(s.m, 1, 1 << 16) || (typeof s.m === 'string' && /^\d{1,4}(\.\d{1,6})?n$/.test(s.m)), 'an integer in [1, 65536] or a multiple of n such as "4n"');
  field('w', s.w === null || s.w === 'balanced' || isInt(s.w, 1, 1 << 16), 'null, "balanced" or an integer in [1, 65536]');
  field('ell', s.ell === null || s.ell === 'auto' || isInt(s.ell, 1, 32), 'null, "auto" or an integer in [1, 32]');
  field('L', s.L === null || isInt(s.L, 1, 1024), 'null or an integer in [1, 1024]');
  field('distill', opt('distill') || DISTILLS.includes(s.distill as never), DISTILLS.join(' or '));
  field('pairRounds', opt('pairRounds') || s.pairRounds === 'auto' || isInt(s.pairRounds, 1, MAX_PAIR_ROUNDS), `"auto" or an integer in [1, ${MAX_PAIR_ROUNDS}]`);
  field('reconciler', opt('reconciler') || RECONCILERS.includes(s.reconciler as never), RECONCILERS.join(' or '));
  field('eveBudgetMs', isInt(s.eveBudgetMs, 0, MAX_MS), `an integer in [0, ${MAX_MS}]`);
  field('learnBudgetMs', opt('learnBudgetMs') || isInt(s.learnBudgetMs, 0, MAX_MS), `an integer in [0, ${MAX_MS}]`);
  field('eveBudgetTrials', s.eveBudgetTrials === null || isInt(s.eveBudgetTrials, 0, MAX_TRIALS), 'null or an integer in [0, 2^40]');
  field('sessions', isInt(s.sessions, 1, MAX_SESSIONS), `an integer in [1, ${MAX_SESSIONS}]`);
  field('learnReps', isInt(s.learnReps, 1, 1000), 'an integer in [1, 1000]');
  field('test', isInt(s.test, 1, 10_000_000), 'an integer in [1, 10000000]');
  field('learners', s.learners === null || (Array.isArray(s.learners) && s.learners.length <= 32 && s.learners.every((x) => LEARNER_NAMES.includes(x as string))), `null or a list of ${LEARNER_NAMES.join(', ')}`);
  field('parts', Array.isArray(s.parts) && s.parts.length >= 1 && s.parts.length <= PARTS.length && s.parts.every((x) => PARTS.includes(x as never)), `a list of ${PARTS.join(', ')}`);
  field('seed', typeof s.seed === 'string' && s.seed.length <= 256, 'a string of at most 256 characters');
  field('control', s.control === null || s.control === 'oracle' || s.control === 'insecure', 'null, "oracle" or "insecure"');
  return s as unknown as PointSpec;
}
