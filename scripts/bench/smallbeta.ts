/**
 * `npm run bench -- --only smallbeta`: the block size progressive BKZ needs for primal uSVP on
 * toy LWE, measured against the small-β prediction (src/cost/lweSmallBeta.ts) and the GSA
 * condition of the routes (lwe.ts), at more sizes and seeds than test/lattice.smallbeta.test.ts
 * runs. Instances: q = 97, s and e from B_16 (σ = 2√2), test/helpers/lweToy.ts, seeds 1 … 8, at
 * n = 18, 22, 26, 30 with about 2.2n samples. Measured: LLL, then one BKZ-β tour for β = 3, 4, …
 * until s is a basis row (src/lattice usvpBlockSize), and the same schedule in fplll when the
 * binary is there (`fplll -a bkz -b β -bkzmaxloops 1` on the previous output; n ≤ 26). About
 * two minutes on 2 cores.
 */
import { gsaUsvpBeta, predictUsvpBeta, type LweParams } from '../../src/cost/index.ts';
import { lweEmbedding, secretFromEmbedding, usvpBlockSize } from '../../src/lattice/index.ts';
import { fplll, fplllBkzTours, haveFplll } from '../../test/helpers/fplll.ts';
import { lweToy } from '../../test/helpers/lweToy.ts';
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
  /** The GSA condition's least β at this d (null if none below d). */
  gsaBeta: number | null;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

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
        gsaBeta: Number.isFinite(gsa) ? gsa : null,
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
      '  predicted: src/cost/lweSmallBeta.ts (Dachman-Soled et al. 2020); GSA β: the routes\' condition at',
      `  this d; fplll (same schedule) up to n = ${FPLLL_MAX_N}.`,
    ].join('\n');
  },
};

export default section;
