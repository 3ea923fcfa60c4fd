/**
 * GF(2) section of `npm run bench`: for n ∈ {256, 512, 1024, 2048}, the median time of
 *   rref    reduced row echelon form of a uniform n×n matrix,
 *   rref4n  the same for a uniform 4n×n matrix (A_μ's and Eve's shape, m = 4n),
 *   solve   x from a consistent 4n×n system A·x = b (b = A·x for a uniform x),
 *   matvec  M·x for a uniform n×n matrix,
 * with the naive word-level kernels (rrefNaive, matVecNaive) beside them. If M4RI (Debian
 * libm4ri-dev) is installed, rref of n×n for n ∈ {1024, 2048, 4096, 7168 (paper-128)} is timed
 * INTERLEAVED with M4RI's mzd_echelonize_m4ri (scripts/bench/m4ri.ts) and the ratio printed;
 * otherwise that part is skipped with a note. Matrices come from seededRng (ARC4), never an
 * xorshift generator (DESIGN.md §5). Every fast result is checked against its baseline.
 */
import {
  matClone,
  matEqual,
  matRandom,
  matVec,
  matVecNaive,
  rref,
  rrefNaive,
  solve,
  vecEqual,
  type Mat,
} from '../../src/gf2/index.ts';
import { solveWith } from '../../src/gf2/elim.ts';
import { seededRng } from '../../src/rng.ts';
import { BenchSection, timeMedian } from './section.ts';
import { buildM4ri, compareM4ri, type M4riRecord } from './m4ri.ts';

export interface Gf2Record {
  n: number;
  op: 'rref' | 'rref4n' | 'solve' | 'matvec';
  /** Median ms of the fast path (rref = M4RI, matVec). */
  ms: number;
  /** Median ms of the naive word-level baseline. */
  baselineMs: number;
}

const SIZES = [256, 512, 1024, 2048];
const OPS = ['rref', 'rref4n', 'solve', 'matvec'] as const;

const M4RI_SIZES = [1024, 2048, 4096, 7168];
const m4riRounds = (n: number) => (n <= 2048 ? 41 : n <= 4096 ? 11 : 5);
/** Why the M4RI comparison did not run, when it did not. */
let m4riSkipped = '';

/** Per (n, op, kernel): at least 5 repeats, then more until ~250 ms or 500 repeats. */
const REPS = { minReps: 5, maxReps: 500, budgetMs: 250 };
/** Repeat counts of the last run, for the human report (the JSON keeps to the contract's fields). */
const repsSeen: number[] = [];

interface Case {
  fast: () => { ms: number; reps: number };
  naive: () => { ms: number; reps: number };
  check: () => boolean;
}

function makeCase(op: Gf2Record['op'], n: number): Case {
  const rng = seededRng('bench', `gf2/${op}/${n}`);
  const time = <T>(setup: () => T, fn: (x: T) => unknown) => () => timeMedian(setup, fn, REPS);
  if (op === 'rref' || op === 'rref4n') {
    const A = matRandom(op === 'rref' ? n : 4 * n, n, rng);
    return {
      fast: time(() => matClone(A), (M: Mat) => rref(M)),
      naive: time(() => matClone(A), (M: Mat) => rrefNaive(M)),
      check: () => {
        const a = matClone(A);
        const b = matClone(A);
        return rref(a).rank === rrefNaive(b).rank && matEqual(a, b);
      },
    };
  }
  if (op === 'solve') {
    const A = matRandom(4 * n, n, rng);
    const x = matRandom(1, n, rng).data;
    const b = matVec(A, x);
    return {
      fast: time(() => A, (M: Mat) => solve(M, b)),
      naive: time(() => A, (M: Mat) => solveWith(rrefNaive, M, b)),
      check: () => vecEqual(solve(A, b), x) && vecEqual(solveWith(rrefNaive, A, b), x),
    };
  }
  const M = matRandom(n, n, rng);
  const x = matRandom(1, n, rng).data;
  return {
    fast: time(() => x, (v: Uint32Array) => matVec(M, v)),
    naive: time(() => x, (v: Uint32Array) => matVecNaive(M, v)),
    check: () => vecEqual(matVec(M, x), matVecNaive(M, x)),
  };
}

const gf2: BenchSection<Gf2Record | M4riRecord> = {
  name: 'gf2',
  async run(progress) {
    const out: (Gf2Record | M4riRecord)[] = [];
    repsSeen.length = 0;
    for (const n of SIZES) {
      for (const op of OPS) {
        const c = makeCase(op, n);
        if (!c.check()) throw new Error(`bench gf2: ${op} n=${n}: fast result differs from the baseline`);
        const f = c.fast();
        const b = c.naive();
        repsSeen.push(f.reps, b.reps);
        out.push({ n, op, ms: round(f.ms), baselineMs: round(b.ms) });
        progress(`gf2 ${op} n=${n}: ${fmt(f.ms)} ms (${f.reps} reps), naive ${fmt(b.ms)} ms (${b.reps} reps)`);
      }
    }
    const built = buildM4ri();
    m4riSkipped = 'skipped' in built ? built.skipped : '';
    if ('exe' in built) out.push(...(await compareM4ri(built.exe, M4RI_SIZES, m4riRounds, progress)));
    return out;
  },
  format(all) {
    const records = all.filter((r): r is Gf2Record => r.op !== 'rref-vs-m4ri');
    const vs = all.filter((r): r is M4riRecord => r.op === 'rref-vs-m4ri');
    const head = ['n', 'op', 'ms', 'naive ms', 'speed-up'];
    const rows = records.map((r) => [String(r.n), r.op, fmt(r.ms), fmt(r.baselineMs), `${(r.baselineMs / r.ms).toFixed(1)}×`]);
    const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((s, i) => (i < 2 ? s.padEnd(w[i]) : s.padStart(w[i]))).join('  ');
    const reps = repsSeen.length ? `${Math.min(...repsSeen)}–${Math.max(...repsSeen)}` : 'n/a';
    return [
      'GF(2) core: median wall time per call (single thread)',
      '  rref: n×n; rref4n: 4n×n; solve: consistent 4n×n system A·x = b; matvec: n×n · vector',
      '  ms: fast path (M4RI rref, WebAssembly SIMD block step for rows ≥ 64 bits; 4-row matVec)\n  naive: one-pivot-at-a-time rrefNaive / one-row-at-a-time matVecNaive (word-level typed arrays)',
      `  repeats per figure: ${reps} (≥ ${REPS.minReps}, then up to ${REPS.budgetMs} ms or ${REPS.maxReps} runs); seeded ARC4 matrices`,
      '',
      line(head),
      line(head.map((_, i) => '-'.repeat(w[i]))),
      ...rows.map(line),
      '',
      ...(vs.length
        ? [
            'rref n×n against M4RI (mzd_echelonize_m4ri, full, k chosen by M4RI), timed interleaved in this run; medians, ratio = median of per-round ratios:',
            ...vs.map((r) => `  n = ${String(r.n).padStart(4)}: sepka ${fmt(r.ms).padStart(6)} ms, M4RI ${fmt(r.m4riMs).padStart(6)} ms, ratio ${r.ratio.toFixed(2)}× (${r.rounds} rounds)`),
          ]
        : [`M4RI comparison: ${m4riSkipped || 'not run'}`]),
    ].join('\n');
  },
};

const round = (ms: number): number => Number(ms.toPrecision(4));
const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 0.1 ? ms.toPrecision(3) : ms.toFixed(4));

export default gf2;
