/**
 * The Chen–Nguyen BKZ simulator (Y. Chen, P. Q. Nguyen, "BKZ 2.0: better lattice security
 * estimates", ASIACRYPT 2011, Algorithm 2), the lattice estimator's `red_shape_model="cn11"`
 * (it calls fpylll's `simulate` with BKZ.EasyParam(β): tours until one changes nothing, at most
 * d). Where the GSA draws a straight line, the simulator replays BKZ's tours on the log profile:
 * each block [k, k + β) gets ‖b*_k‖ = GH of the block's volume, so the head stays straight and
 * the tail bends like an HKZ-reduced block, which matters at small β and small d.
 *
 * GH in dimension k ≤ 45 is not Γ-based: it is read off the average log-profile r_1 … r_45 of
 * HKZ-reduced random 45-dimensional unit-volume lattices that Chen–Nguyen measured
 * (log2 GH(k) = r_{46−k} − (r_{46−k} + … + r_45)/k); above 45 it is (ln Γ(k/2 + 1)/k − ln √π)/ln 2.
 */
import { lnGamma } from '../stats.ts';

/** Chen–Nguyen's average log2 ‖b*_i‖ of HKZ-reduced random unit-volume lattices, d = 45. */
const HKZ45: readonly number[] = [
  0.78952799716, 0.780003183804613, 0.750872218594458, 0.706520454592593, 0.696345241018901,
  0.6605338418084, 0.626274718790505, 0.581480717333169, 0.553171463433503, 0.520811087419712,
  0.487994338534253, 0.459541470573431, 0.414638319529319, 0.392811729940846, 0.339090376264829,
  0.306561491936042, 0.276041187709516, 0.236698863270441, 0.19618634167308, 0.161214212092249,
  0.110895134828114, 0.0678261623920553, 0.027280716233561, -0.0234609979600137,
  -0.0320527224746912, -0.0940331032784437, -0.129109087817554, -0.176965384290173,
  -0.209405754915959, -0.265867993276493, -0.299031324494802, -0.349338597048432,
  -0.380428160303508, -0.427399405474537, -0.474944677694975, -0.53014067281815,
  -0.561625221138784, -0.612008793872032, -0.669011014635905, -0.71376673157093,
  -0.75404178701181, -0.808609696192079, -0.85993324903221, -0.884479963601658,
  -0.886666930030433,
];

/** log2 of the Gaussian heuristic of a unit-volume lattice of dimension k (see the header). */
export function log2GhUnit(k: number): number {
  if (k <= 45) {
    const tail = HKZ45.slice(45 - k);
    return tail[0] - tail.reduce((a, b) => a + b, 0) / k;
  }
  return (lnGamma(k / 2 + 1) / k - 0.5 * Math.log(Math.PI)) / Math.LN2;
}

/**
 * BKZ-β on a log2 profile (log2 ‖b*_i‖), simulated: tours until one changes nothing or
 * `maxTours` (default d). Returns the new profile; the volume is kept.
 */
export function simulateBkz(profile: readonly number[], beta: number, maxTours?: number): number[] {
  const p = [...profile];
  const n = p.length;
  const gh = [0];
  for (let k = 1; k <= beta; k++) gh.push(log2GhUnit(k));
  const tours = maxTours ?? n;
  for (let t = 0; t < tours; t++) {
    let vol = 0;
    for (let i = 0; i < Math.min(beta, n); i++) vol += p[i];
    let updated = false;
    for (let k = 0; k < n - 1; k++) {
      const f = Math.min(k + beta, n);
      const dim = f - k;
      const svp = vol / dim + gh[dim];
      // once one block improved, every later block is re-solved in that tour
      if (updated || svp < p[k]) {
        p[k] = svp;
        updated = true;
      }
      vol -= p[k];
      if (f < n) vol += p[f];
    }
    p[n - 1] = vol;
    if (!updated) break;
  }
  return p;
}

/**
 * The simulated squared GSO norms after BKZ-β of the uSVP embedding basis
 * [[q·I_{d−n−1}, 0, 0], [A, ξ·I_n, 0], [b, 0, τ]] (the estimator's `qary_simulator`): the
 * unreduced profile is q, …, q, ξ, …, ξ, τ.
 */
export function simulateQaryEmbedding(d: number, n: number, q: number, beta: number, xi: number, tau: number): number[] {
  const start = [
    ...new Array<number>(d - n - 1).fill(Math.log2(q)),
    ...new Array<number>(n).fill(Math.log2(xi)),
    Math.log2(tau),
  ];
  return simulateBkz(start, beta).map((x) => 2 ** (2 * x));
}
