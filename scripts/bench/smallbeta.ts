/**
 * `npm run bench -- --only smallbeta`: the block size progressive BKZ needs for primal uSVP on
 * toy LWE, measured against the small-β prediction (src/cost/lweSmallBeta.ts) and the GSA
 * condition of the routes (lwe.ts), at more sizes and seeds than test/lattice.smallbeta.test.ts
 * runs. Instances: q = 97, s and e from B_16 (σ = 2√2), scripts/lweToy.ts, seeds 1 … 8, at
 * n = 18, 22, 26, 30 with about 2.2n samples. Measured: LLL, then one BKZ-β tour for β = 3, 4, …
 * until s is a basis row (src/lattice usvpBlockSize), and the same schedule in fplll when the
 * binary is there (`fplll -a bkz -b β -bkzmaxloops 1` on the previous output; n ≤ 26). About
 * two minutes on 2 cores.
 *
 * Diagnosis at n = 26 (`profiles`), of the prediction's two parts. Step 2, the profile: our
 * BKZ's mean log2 profile (units of σ) after LLL and after the tour at a few β, over the seeds
 * not yet solved before that tour (a solved basis carries t in front), beside the δ_β line the
 * prediction uses and the leaky estimator's one-tour simulation (`profile: 'tours'`). Step 3,
 * the reveal probability p_β, checked without any simulator: over every tour run until s
 * appeared, Σ −ln(1 − p_β) is the expected number of successes (the Nelson–Aalen compensator)
 * if p_β is the right hazard; computed from the measured profile after each tour, from the δ_β
 * line and from the simulation, beside the count.
 */
import { gsaUsvpBeta, predictUsvpBeta, type LweParams } from '../../src/cost/index.ts';
import { revealProbability, simulatedProfiles } from '../../src/cost/lweSmallBeta.ts';
import {
  bkzReduce,
  gsoNorms,
  lllReduce,
  lweEmbedding,
  makeGso,
  secretFromEmbedding,
  usvpBlockSize,
} from '../../src/lattice/index.ts';
import { fplll, fplllBkzTours, haveFplll } from '../fplll.ts';
import { lweToy } from '../lweToy.ts';
import type { BenchSection } from './section.ts';

const Q = 97;
const K = 16;
const SIGMA = Math.sqrt(K / 2);
const TAU = Math.round(SIGMA);
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** fplll's un-pruned enumeration at β ≈ 40 and d = 91 takes minutes: it runs up to n = 26. */
const FPLLL_MAX_N = 26;
const SIZES = [
  { n: 18, m: 40 },
  { n: 22, m: 48 },
  { n: 26, m: 57 },
  { n: 30, m: 60 },
];

export interface SmallBetaRecord {
  n: number;
  q: number;
  sigma: number;
  samples: number;
  d: number;
  seeds: number;
  /** First β revealing s per seed: ours, and fplll's (null without the binary). */
  ours: number[];
  fplll: number[] | null;
  oursMean: number;
  fplllMean: number | null;
  predMean: number;
  predSd: number;
  predMedian: number;
  /** The mean under the one-tour simulation of the profile (`profile: 'tours'`), for contrast. */
  predToursMean: number;
  /** The GSA condition's least β at this d (null if none below d). */
  gsaBeta: number | null;
  /** At n = PROFILE_N: the diagnosis of the header. */
  profiles?: SmallBetaProfiles;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Measured against modelled profiles, and the compensators of the reveal probability. */
export interface SmallBetaProfiles {
  n: number;
  d: number;
  betas: number[];
  indices: number[];
  /** Per β: seeds averaged (not solved before that tour). */
  counts: number[];
  /** [β][index] mean log2 ‖b*_i‖/σ: ours, the δ_β line, the one-tour simulation. */
  measured: number[][];
  gsa: number[][];
  tours: number[][];
  successes: number;
  /** Σ −ln(1 − p_β) over the tours run, p_β from the measured profile / either model. */
  hazardMeasured: number;
  hazardGsa: number;
  hazardTours: number;
}

const PROFILE_N = 26;
const PROFILE_BETAS = [2, 4, 6, 8, 10, 12];

function diagnose(n: number, m: number): SmallBetaProfiles {
  const p: LweParams = { n, q: Q, sigmaS: SIGMA, sigmaE: SIGMA, m };
  const d = m + n + 1;
  const maxNorm2 = 1.5 * ((m + n) * SIGMA ** 2 + TAU ** 2);
  const indices = [0, 10, 20, 40, 60, d - 12, d - 4, d - 1];
  const gsa = simulatedProfiles(p, m, 60, 'gsa');
  const tours = simulatedProfiles(p, m, 60, 'tours');
  const sums = PROFILE_BETAS.map(() => new Array<number>(indices.length).fill(0));
  const counts = PROFILE_BETAS.map(() => 0);
  const hazard = (pb: number) => -Math.log(1 - Math.min(pb, 1 - 1e-9));
  let [hazardMeasured, hazardGsa, hazardTours, successes] = [0, 0, 0, 0];
  for (const seed of SEEDS) {
    const { A, b } = lweToy(seed, n, m, Q, K);
    const st = makeGso(lweEmbedding(A, b, Q, TAU));
    lllReduce(st);
    for (let beta = 2; beta <= 60; beta++) {
      if (beta > 2) bkzReduce(st, { beta, maxTours: 1, autoAbort: false });
      const prof = gsoNorms(st).map((x) => 0.5 * Math.log2(x / SIGMA ** 2));
      const row = PROFILE_BETAS.indexOf(beta);
      if (row >= 0) {
        counts[row]++;
        indices.forEach((i, c) => (sums[row][c] += prof[i]));
      }
      hazardMeasured += hazard(revealProbability(prof, beta));
      hazardGsa += hazard(revealProbability(gsa[beta - 2], beta));
      hazardTours += hazard(revealProbability(tours[beta - 2], beta));
      if (secretFromEmbedding(st.B, A, b, Q, TAU, maxNorm2)) {
        successes++;
        break;
      }
    }
  }
  const at = (profiles: number[][]) => PROFILE_BETAS.map((beta) => indices.map((i) => profiles[beta - 2][i]));
  return {
    n,
    d,
    betas: PROFILE_BETAS,
    indices,
    counts,
    measured: sums.map((row, r) => row.map((x) => x / counts[r])),
    gsa: at(gsa),
    tours: at(tours),
    successes,
    hazardMeasured,
    hazardGsa,
    hazardTours,
  };
}

function fplllBlockSize(seed: number, n: number, m: number, maxNorm2: number): number {
  const { A, b } = lweToy(seed, n, m, Q, K);
  let rows = fplll(['-a', 'lll'], lweEmbedding(A, b, Q, TAU));
  for (let beta = 2; beta <= 60; beta++) {
    if (beta > 2) rows = fplllBkzTours(beta, 1, rows);
    if (secretFromEmbedding(rows, A, b, Q, TAU, maxNorm2)) return beta;
  }
  return NaN;
}

const section: BenchSection<SmallBetaRecord> = {
  name: 'smallbeta',
  run(progress) {
    const withFplll = haveFplll();
    return SIZES.map(({ n, m }) => {
      const p: LweParams = { n, q: Q, sigmaS: SIGMA, sigmaE: SIGMA, m };
      const maxNorm2 = 1.5 * ((m + n) * SIGMA ** 2 + TAU ** 2);
      const ours = SEEDS.map((seed) => {
        const { A, b } = lweToy(seed, n, m, Q, K);
        return usvpBlockSize(A, b, Q, { tau: TAU, maxNorm2, maxBeta: 60 });
      });
      const theirs = withFplll && n <= FPLLL_MAX_N ? SEEDS.map((seed) => fplllBlockSize(seed, n, m, maxNorm2)) : null;
      const pred = predictUsvpBeta(p, m);
      const gsa = gsaUsvpBeta(p, m);
      progress(`smallbeta: n = ${n} done`);
      return {
        n,
        q: Q,
        sigma: SIGMA,
        samples: m,
        d: pred.d,
        seeds: SEEDS.length,
        ours,
        fplll: theirs,
        oursMean: mean(ours),
        fplllMean: theirs ? mean(theirs) : null,
        predMean: pred.mean,
        predSd: pred.sd,
        predMedian: pred.median,
        predToursMean: predictUsvpBeta(p, m, { profile: 'tours' }).mean,
        gsaBeta: Number.isFinite(gsa) ? gsa : null,
        ...(n === PROFILE_N ? { profiles: diagnose(n, m) } : {}),
      };
    });
  },
  format(records) {
    const head = '   n    d   ours: mean (per seed)              fplll: mean   predicted: mean  sd  med   GSA β';
    return [
      `primal uSVP block size on toy LWE (q = ${Q}, B_${K}), progressive BKZ, one tour per β, ${SEEDS.length} seeds:`,
      head,
      ...records.map(
        (r) =>
          `  ${String(r.n).padStart(2)}  ${String(r.d).padStart(3)}   ${r.oursMean.toFixed(2).padStart(5)} (${r.ours.join(' ')})`.padEnd(50) +
          `${r.fplllMean === null ? '-' : r.fplllMean.toFixed(2)}`.padStart(11) +
          `${r.predMean.toFixed(2)}`.padStart(18) +
          `${r.predSd.toFixed(1)}`.padStart(5) +
          `${r.predMedian}`.padStart(5) +
          `${r.gsaBeta ?? '-'}`.padStart(8),
      ),
      '  predicted: src/cost/lweSmallBeta.ts (Dachman-Soled et al. 2020, on the δ_β line); GSA β: the',
      `  routes' condition at this d; fplll (same schedule) up to n = ${FPLLL_MAX_N}.`,
      "  Predicted means on the one-tour simulated profile (the leaky estimator's probabilistic mode):",
      `  ${records.map((r) => `n = ${r.n}: ${r.predToursMean.toFixed(2)}`).join(', ')}.`,
      ...records.flatMap((r) => (r.profiles ? formatProfiles(r.profiles) : [])),
    ].join('\n');
  },
};

function formatProfiles(pr: SmallBetaProfiles): string[] {
  const cells = (xs: readonly number[]) => xs.map((x) => x.toFixed(2).padStart(7)).join('');
  return [
    '',
    `n = ${pr.n}, d = ${pr.d}: mean log2 ‖b*_i‖/σ after the tour at β, over the k seeds unsolved`,
    'before it: ours (M), the δ_β line the prediction uses (G), the one-tour simulation (T):',
    `   β   k    i:${pr.indices.map((i) => String(i).padStart(7)).join('')}`,
    ...pr.betas.flatMap((beta, r) => [
      `  ${String(beta).padStart(2)}  ${String(pr.counts[r]).padStart(2)}  M  ${cells(pr.measured[r])}`,
      `          G  ${cells(pr.gsa[r])}`,
      `          T  ${cells(pr.tours[r])}`,
    ]),
    `  reveal probability p_β, Σ −ln(1 − p_β) over the tours run to success, against`,
    `  ${pr.successes} successes: ${pr.hazardMeasured.toFixed(1)} from our measured profiles,` +
      ` ${pr.hazardGsa.toFixed(1)} from G, ${pr.hazardTours.toFixed(1)} from T.`,
  ];
}

export default section;
