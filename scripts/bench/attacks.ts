/**
 * Attacks section of `npm run bench`: Eve's dual route (syndrome decoding of a challenge
 * x* = rᵀA), Prange (src/learners/dualPrange.ts) beside Stern (src/learners/dualStern.ts).
 *
 * For each size: the mean time of one Prange trial and of one Stern iteration (singular
 * redraws included), the expected iterations from each algorithm's success formula
 * (src/cost/dual.ts), and their
 * product, the projected single-core time to break one challenge. The mean, not the median:
 * a Stern iteration costs as many loads and eliminations as it took draws to find an
 * invertible R (3.46 on average, median 3), so its median is ≈ 15% below the cost that
 * multiplies the iteration count. Where the projection is short it is checked: challenges
 * are broken for real and the mean time is printed beside it, ± one standard error (a
 * geometric wait: the mean of k breaks has a relative spread of 1/√k).
 *
 * Sizes: toy-insecure (n = 48), the paper's line at n = 64 and 128 (θ = n^-1/2, m = 4n,
 * balanced w), demo-256 (n = 256) and paper-1024. Seeded; timings are this machine's.
 *
 * Multiple targets, same scheme, time to the FIRST break of a session:
 * - 'stern-many': dual Stern on T challenges over one A per iteration (T =
 *   dualTargetsPerIteration, what Eve runs), 1/(1 − (1 − P)^T) iterations;
 * - 'primal-stern': Stern on all L = 128 label columns (learners/primalStern.ts, errors of
 *   weight Bin(m, θ), accepted at weight ≤ τ = cost/primal.ts primalSternMaxWeight, the largest
 *   τ with C(m, ≤ τ)/2^{m−n} ≤ 2^-10),
 *   Σ_k Pr[no column broken after k] iterations (cost/multi.ts probSomeBroken).
 */
import { fromIndices, matRandom, matVec, vecEqual, vecMat, vecXor } from '../../src/gf2/index.ts';
import {
  balancedW,
  binomialLaw,
  collisionIsdLog2Success,
  dualPrangeLog2Trials,
  dualSternLog2Success,
  dualSternPlan,
  dualTargetsPerIteration,
  primalSternMaxWeight,
  probSomeBroken,
} from '../../src/cost/index.ts';
import { PrimalStern } from '../../src/learners/primalStern.ts';
import { bernoulli, fixedWeightIndices, seededRng, type Rng } from '../../src/rng.ts';
import { DualPrange } from '../../src/learners/dualPrange.ts';
import { DualStern } from '../../src/learners/dualStern.ts';
import { loadProfile } from '../../src/protocol/profile.ts';
import { BenchSection } from './section.ts';

export interface AttackRecord {
  size: string;
  n: number;
  m: number;
  w: number;
  algorithm: 'prange' | 'stern' | 'stern-many' | 'primal-stern';
  /** Targets per iteration (challenges, or label columns); 1 for the single-target rows. */
  targets?: number;
  /** Stern's (p, ℓ); null for Prange. */
  plan: { p: number; ell: number } | null;
  /** Mean time of one Prange trial or Stern iteration, ms. */
  msPerIteration: number;
  log2Iterations: number;
  /** msPerIteration × 2^log2Iterations, in seconds: one challenge, one core. */
  projectedSec: number;
  /** Challenges actually broken and their mean time, where the projection is short enough. */
  measured: { challenges: number; meanSec: number } | null;
}

function profileSize(name: string) {
  const p = loadProfile(name);
  return { size: name, n: p.n, m: p.m, w: p.w };
}
const SIZES: { size: string; n: number; m: number; w: number }[] = [
  profileSize('toy-insecure'),
  ...[64, 128].map((n) => ({ size: `paper line n=${n}`, n, m: 4 * n, w: balancedW(n, 1 / Math.sqrt(n), 4 * n) })),
  profileSize('demo-256'),
  profileSize('paper-1024'),
];
/** Break challenges for real when the projection is below this, up to this many or this long. */
const MEASURE_BELOW_SEC = 2;
const MEASURE_MAX = 20;
const MEASURE_BUDGET_MS = 10_000;

/**
 * Break challenges for real, up to MEASURE_MAX or MEASURE_BUDGET_MS of wall time:
 * `breakOne(k)` breaks the k-th (k ≥ 1) and returns the ms of the attack alone (not of
 * building its challenge and attack object).
 */
function measureBreaks(breakOne: (k: number) => number): NonNullable<AttackRecord['measured']> {
  const t0 = performance.now();
  let k = 0;
  let attackMs = 0;
  while (k < MEASURE_MAX && performance.now() - t0 < MEASURE_BUDGET_MS) {
    attackMs += breakOne(k + 1);
    k++;
  }
  return { challenges: k, meanSec: attackMs / 1000 / k };
}

function challenge(m: number, n: number, w: number, seed: string) {
  const A = matRandom(m, n, seededRng('bench', `attacks/${seed}/A`));
  const r = fromIndices(m, fixedWeightIndices(seededRng('bench', `attacks/${seed}/r`), m, w));
  return { A, r, xStar: vecMat(r, A) };
}

/**
 * Mean ms of one step over ≥ 3 and ≤ 2000 steps or ≈ 1.5 s (paper-1024's Stern lists hold
 * 2^20 entries: few repeats there), after a warm-up of ≥ 3 steps and ≥ 100 ms so that V8 has
 * optimised the kernels (cold steps would dominate the mean of a 20 µs Prange trial).
 */
function meanStepMs(step: () => unknown): number {
  for (let i = 0, w0 = performance.now(); i < 1000 && (i < 3 || performance.now() - w0 < 100); i++) step();
  let reps = 0;
  const t0 = performance.now();
  while (reps < 3 || (reps < 2000 && performance.now() - t0 < 1500)) {
    step();
    reps++;
  }
  return (performance.now() - t0) / reps;
}

function benchOne(s: (typeof SIZES)[number], algorithm: 'prange' | 'stern'): AttackRecord {
  const { n, m, w } = s;
  const { A, xStar } = challenge(m, n, w, `${s.size}/0`);
  const rng = seededRng('bench', `attacks/${s.size}/${algorithm}`);
  const plan = algorithm === 'stern' ? dualSternPlan(m, n, w) : null;
  const ds = plan ? new DualStern(A) : null;
  const dp = plan ? null : new DualPrange(A);
  const step = () => (ds ? ds.iteration(xStar, w, plan!, rng) : dp!.trial(xStar, w, rng));
  const t = { ms: meanStepMs(step) };
  const log2Iterations = plan ? -dualSternLog2Success(m, n, w, plan) : dualPrangeLog2Trials(m, n, w);
  const projectedSec = (t.ms * 2 ** log2Iterations) / 1000;
  // Only the attack is timed (res.ms), not building the challenge and the attack object.
  const measured =
    projectedSec < MEASURE_BELOW_SEC
      ? measureBreaks((k) => {
          const c = challenge(m, n, w, `${s.size}/${k}`);
          const budget = { trials: 1e9 };
          const res = ds ? new DualStern(c.A).attack(c.xStar, w, budget, rng, plan!) : new DualPrange(c.A).attack(c.xStar, w, budget, rng);
          if (!res.r || !vecEqual(res.r, c.r)) throw new Error(`${algorithm} returned a wrong r at ${s.size}`);
          return res.ms;
        })
      : null;
  return { size: s.size, n, m, w, algorithm, plan, msPerIteration: t.ms, log2Iterations, projectedSec, measured };
}

/** A session's primal view: A, L labelled columns with Bin(m, θ) noise, and the truth. */
function columns(m: number, n: number, theta: number, L: number, seed: string) {
  const A = matRandom(m, n, seededRng('bench', `attacks/${seed}/A`));
  const rng: Rng = seededRng('bench', `attacks/${seed}/cols`);
  const secrets: Uint32Array[] = [];
  const z: Uint32Array[] = [];
  for (let j = 0; j < L; j++) {
    const sj = matRandom(1, n, rng).data.slice(0, Math.ceil(n / 32));
    const e = new Uint32Array(Math.ceil(m / 32));
    for (let i = 0; i < m; i++) if (bernoulli(rng, theta)) e[i >>> 5] |= 1 << (i & 31);
    secrets.push(sj);
    z.push(vecXor(matVec(A, sj), e));
  }
  return { A, secrets, z };
}

function benchMany(s: (typeof SIZES)[number], algorithm: 'stern-many' | 'primal-stern'): AttackRecord {
  const { n, m, w } = s;
  const theta = 1 / Math.sqrt(n);
  const rng = seededRng('bench', `attacks/${s.size}/${algorithm}`);
  let log2Iterations: number;
  let plan: { p: 1 | 2; ell: number };
  let T: number;
  let session: (k: number) => () => boolean;
  if (algorithm === 'stern-many') {
    plan = dualSternPlan(m, n, w);
    T = dualTargetsPerIteration(m, n, w, plan);
    const P = 2 ** dualSternLog2Success(m, n, w, plan);
    log2Iterations = -Math.log2(1 - (1 - P) ** T);
    session = (k) => {
      const cs = Array.from({ length: T }, (_, i) => challenge(m, n, w, `${s.size}/many/${k}/${i}`));
      const ds = new DualStern(cs[0].A, T);
      const xs = cs.map((c, i) => (i === 0 ? c.xStar : vecMat(c.r, cs[0].A)));
      const rs = cs.map((c) => c.r);
      return () => {
        const got = ds.iterationMany(xs, { exact: w }, plan, rng);
        got.forEach((r, i) => {
          if (r && !vecEqual(r, rs[i])) throw new Error(`stern-many returned a wrong r at ${s.size}`);
        });
        return got.some((r) => r !== null);
      };
    };
  } else {
    T = 128;
    const t = Math.round(theta * m);
    plan = dualSternPlan(m, m - n, t); // the primal [m, n] instance in dual Stern's terms
    const tau = primalSternMaxWeight(m, n);
    const P = (W: number) => 2 ** collisionIsdLog2Success('stern', { N: m, K: n, W }, plan.p, plan.ell);
    const law = binomialLaw(m, theta);
    // E[first break] = Σ_{k ≥ 0} Pr[none broken after k], summed exactly up to 1000 and by the
    // trapezoid rule on a 1%-geometric grid beyond (the terms fall monotonically).
    const none = (k: number) => 1 - probSomeBroken(law, P, k, T);
    let e = 0;
    let k = 0;
    for (; k < 1000; k++) e += none(k);
    for (let prev = none(k); prev > 1e-9 && k < 2 ** 60; ) {
      const next = Math.ceil(k * 1.01);
      const v = none(next);
      e += ((prev + v) / 2) * (next - k);
      k = next;
      prev = v;
    }
    log2Iterations = Math.log2(e);
    session = (k) => {
      const c = columns(m, n, theta, T, `${s.size}/primal/${k}`);
      const ps = new PrimalStern(c.A, c.z);
      const open = [...Array(T).keys()];
      return () => {
        const got = ps.iteration(open, tau, plan, rng);
        got.forEach((sj, j) => {
          if (sj && !vecEqual(sj, c.secrets[j])) throw new Error(`primal-stern returned a wrong secret at ${s.size}`);
        });
        return got.some((x) => x !== null);
      };
    };
  }
  const ms = meanStepMs(session(0));
  const projectedSec = (ms * 2 ** log2Iterations) / 1000;
  const measured =
    projectedSec < MEASURE_BELOW_SEC
      ? measureBreaks((k) => {
          const step = session(k);
          const a0 = performance.now();
          while (!step()) {
            /* iterate to the first break */
          }
          return performance.now() - a0;
        })
      : null;
  return { size: s.size, n, m, w, algorithm, targets: T, plan, msPerIteration: ms, log2Iterations, projectedSec, measured };
}

function human(sec: number): string {
  if (sec < 1) return `${(sec * 1000).toPrecision(3)} ms`;
  if (sec < 3600) return `${sec.toPrecision(3)} s`;
  if (sec < 86400 * 365) return `${(sec / 3600).toPrecision(3)} h`;
  return `2^${Math.log2(sec / (86400 * 365)).toFixed(1)} years`;
}

const attacks: BenchSection<AttackRecord> = {
  name: 'attacks',
  run(progress) {
    const out: AttackRecord[] = [];
    for (const s of SIZES) {
      for (const a of ['prange', 'stern'] as const) {
        progress(`attacks: ${a} at ${s.size}`);
        out.push(benchOne(s, a));
      }
    }
    // Multiple targets: where one iteration is cheap enough to time (not paper-1024).
    for (const s of SIZES.filter((x) => x.n <= 256)) {
      for (const a of ['stern-many', 'primal-stern'] as const) {
        progress(`attacks: ${a} at ${s.size}`);
        out.push(benchMany(s, a));
      }
    }
    return out;
  },
  format(records) {
    const lines = [
      'attacks (one core; dual route: break a challenge x* = rᵀA; primal-stern: a label column; `npm run bench -- --only attacks`)',
      '  size                 n     m    w  algorithm         p,ℓ      ms/iter  log2 iter  projected     measured (mean)',
      '  (stern-many: T challenges of one A per iteration; primal-stern: all 128 columns; time to the first break)',
    ];
    for (const r of records) {
      const plan = r.plan ? `${r.plan.p},${r.plan.ell}` : '-';
      const alg = r.targets && r.targets > 1 ? `${r.algorithm}×${r.targets}` : r.algorithm;
      const meas = r.measured ? `${human(r.measured.meanSec)} ± ${Math.round(100 / Math.sqrt(r.measured.challenges))}% (1σ) over ${r.measured.challenges}` : '-';
      lines.push(
        `  ${r.size.padEnd(19)} ${String(r.n).padStart(4)} ${String(r.m).padStart(5)} ${String(r.w).padStart(4)}  ${alg.padEnd(16)}  ${plan.padEnd(6)} ${r.msPerIteration.toFixed(3).padStart(9)}  ${r.log2Iterations.toFixed(1).padStart(9)}  ${human(r.projectedSec).padEnd(12)}  ${meas}`,
      );
    }
    return lines.join('\n');
  },
};

export default attacks;
