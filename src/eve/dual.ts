/**
 * Eve's dual route, aimed where it pays (DESIGN.md §2, §4): information-set decoding against
 * Bob's challenges x* = rᵀA, with whichever of Prange (src/learners/dualPrange.ts) and Stern
 * (src/learners/dualStern.ts) the estimator's bit-operation model prices lower for the profile
 * (`dualPlan`, src/cost/dual.ts) — Stern on every shipped profile, so she runs the attack
 * `sepka estimate` names (dual Dumer, its refinement, is priced within 0.5 bit of Stern and
 * not run). A recovered r gives Bob's
 * raw bits b_B = ⟨r, z_j⟩ for all L columns of that challenge. Since one exact bit of Bob's per
 * kept repetition block fixes his distilled bit (eve/follow.ts), she attacks only the challenges
 * behind kept blocks in which she holds no exact bit yet, in block order, giving each an equal
 * share of the budget left — or, with Stern, against up to T of them per iteration (decoding
 * one out of many, Sendrier 2011; T = `dualTargetsPerIteration`, the count src/cost/multi.ts
 * prices cheapest per success at her p, ℓ), refilling the batch from the list as targets fall.
 */
import { Mat, vecMat } from '../gf2/mat.ts';
import { DualPrange } from '../learners/dualPrange.ts';
import { DualStern } from '../learners/dualStern.ts';
import { fork, Rng } from '../rng.ts';
import { dualTargetsPerIteration } from '../cost/index.ts';
import type { EveState } from './state.ts';

export function attackKeptBlocks(
  st: EveState,
  A: Mat,
  Z: Mat,
  remaining: Uint32Array,
  kept: Uint8Array,
  ell: number,
  budgetMs: number,
  rng: Rng,
  maxIterations = Infinity,
): void {
  const { L, w } = st.profile;
  const needy: number[] = [];
  for (let b = 0; b < kept.length; b++) {
    if (!kept[b]) continue;
    let exact = false;
    for (let i = 0; i < ell && !exact; i++) exact = st.raw.q[remaining[b * ell + i]] >= 1;
    if (!exact) needy.push(Math.floor(remaining[b * ell] / L));
  }
  const targets = [...new Set(needy)];
  st.dual.needed = targets.length;
  if (!targets.length || maxIterations <= 0) return;
  if (budgetMs <= 0) {
    st.dual.skipped = `no budget left: B = ${st.budgetMs} ms, ${st.spent.toFixed(0)} ms spent before the dual route`;
    return;
  }
  const plan = st.dual.plan;
  // Stern runs against several targets per iteration (decoding one out of many, Sendrier
  // 2011), as many as the cost model prices cheapest per success at her (p, ℓ).
  const T = plan ? Math.min(targets.length, dualTargetsPerIteration(A.rows, A.cols, w, plan)) : 1;
  // An iteration is not interruptible: skip the route when one cannot finish in the budget
  // (at n = 7168 the X list alone holds C(10752, 2) ≈ 2^25.8 sums: seconds and ≈ 1 GB).
  // Checked before the setup below, which is itself an elimination of A.
  const iterationMs = plan ? sternIterationMs(A.rows - A.cols, plan.p, T) : 0;
  if (iterationMs > budgetMs) {
    st.dual.skipped = `one Stern iteration ≈ ${iterationMs.toPrecision(3)} ms > the ${budgetMs.toFixed(0)} ms left`;
    return;
  }
  let dp: DualStern | DualPrange;
  try {
    dp = plan ? new DualStern(A, T) : new DualPrange(A);
  } catch {
    return; // A of rank < n (never from SHAKE at m = 4n): no information set, no dual route
  }
  // A Bob-exact raw bit equals Alice's with the published raw agreement.
  const pB = st.pPublic ?? st.derived.pTheory;
  const record = (c: number, r: Uint32Array) => {
    st.dual.found.set(c, r);
    const bob = vecMat(r, Z);
    for (let j = 0; j < L; j++) {
      const i = c * L + j;
      if (st.raw.q[i] >= 1) continue;
      st.raw.g[i] = (bob[j >>> 5] >>> (j & 31)) & 1;
      st.raw.q[i] = pB;
      st.raw.bobExact[i] = 1;
    }
  };
  const deadline = performance.now() + budgetMs;
  if (dp instanceof DualStern && T > 1) {
    const t0 = performance.now();
    const tr = fork(rng, 'eve/dual/many');
    const open = targets.slice();
    let batch = open.splice(0, T);
    st.dual.attempted += batch.length;
    while (batch.length && performance.now() < deadline && st.dual.trials < maxIterations) {
      const found = dp.iterationMany(batch.map((c) => st.xs[c] as Uint32Array), { exact: w }, plan!, tr);
      st.dual.trials++;
      const hit = found.some((r) => r !== null);
      if (!hit) continue;
      found.forEach((r, i) => r && record(batch[i], r));
      batch = batch.filter((_, i) => !found[i]);
      const more = open.splice(0, T - batch.length);
      st.dual.attempted += more.length;
      batch = batch.concat(more);
    }
    st.dual.ms += performance.now() - t0;
    return;
  }
  for (let k = 0; k < targets.length; k++) {
    const left = deadline - performance.now();
    const leftIterations = maxIterations - st.dual.trials;
    if (left <= 0 || leftIterations <= 0) break;
    const c = targets[k];
    // The iterations left shared as the time is: by the targets still to attack.
    const budget = Number.isFinite(leftIterations) ? { ms: left / (targets.length - k), trials: Math.max(1, Math.floor(leftIterations / (targets.length - k))) } : { ms: left / (targets.length - k) };
    // Each target its own stream (split in target order), so how many iterations the clock
    // allowed on earlier targets does not change the draws on this one.
    const tr = fork(rng, 'eve/dual/target');
    const x = st.xs[c] as Uint32Array; // the dual route runs on LPN instances only (eve.ts)
    const res = dp instanceof DualStern ? dp.attack(x, w, budget, tr, plan!) : dp.attack(x, w, budget, tr);
    st.dual.attempted++;
    st.dual.trials += res.trials;
    st.dual.ms += res.ms;
    if (res.r) record(c, res.r);
  }
}

/**
 * A floor on one Stern iteration's time: the X list and T Y-side passes over k = m − n
 * positions, at 10 ns per list operation (measured ≈ 15–40 ns on this machine), elimination
 * not counted.
 */
export function sternIterationMs(k: number, p: number, T: number): number {
  const half = Math.floor(k / 2);
  const list = p === 1 ? half : (half * (half - 1)) / 2;
  return (list * (1 + T) * 10) / 1e6;
}

