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
 * share of the budget left.
 */
import { Mat, vecMat } from '../gf2/mat.ts';
import { DualPrange } from '../learners/dualPrange.ts';
import { DualStern } from '../learners/dualStern.ts';
import { fork, Rng } from '../rng.ts';
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
  if (!targets.length || budgetMs <= 0) return;
  const plan = st.dual.plan;
  let dp: DualStern | DualPrange;
  try {
    dp = plan ? new DualStern(A) : new DualPrange(A);
  } catch {
    return; // A of rank < n (never from SHAKE at m = 4n): no information set, no dual route
  }
  // A Bob-exact raw bit equals Alice's with the published raw agreement.
  const pB = st.pPublic ?? st.derived.pTheory;
  const deadline = performance.now() + budgetMs;
  for (let k = 0; k < targets.length; k++) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    const c = targets[k];
    const budget = { ms: left / (targets.length - k) };
    // Each target its own stream (split in target order), so how many iterations the clock
    // allowed on earlier targets does not change the draws on this one.
    const tr = fork(rng, 'eve/dual/target');
    const res = dp instanceof DualStern ? dp.attack(st.xs[c], w, budget, tr, plan!) : dp.attack(st.xs[c], w, budget, tr);
    st.dual.attempted++;
    st.dual.trials += res.trials;
    st.dual.ms += res.ms;
    if (!res.r) continue;
    st.dual.broken++;
    st.dual.found.set(c, res.r);
    const bob = vecMat(res.r, Z);
    for (let j = 0; j < L; j++) {
      const i = c * L + j;
      if (st.raw.q[i] >= 1) continue;
      st.raw.g[i] = (bob[j >>> 5] >>> (j & 31)) & 1;
      st.raw.q[i] = pB;
      st.raw.bobExact[i] = 1;
    }
  }
}

/** Eve's Prange-vs-Stern choice is a cost formula (src/cost/dual.ts); re-exported for src/eve/eve.ts. */
