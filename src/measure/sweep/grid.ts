/**
 * Sweep grids: the point spec, the presets, the expansion of comma-list options into
 * the cartesian product of points, and the per-point identity and seed.
 *
 * Each point is a pure job: its result depends only on its spec, and its seed is derived from
 * (sweep seed, canonical spec) by SHA-256, so results are identical whatever the worker count or
 * the order in which points finish, and any runner could spread the points over machines.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../../errors.ts';
import type { Reconciler } from '../../protocol/theory.ts';
import { DEFAULT_PROFILE } from '../../protocol/profile.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../../eve/state.ts';

/** What a point runs: the learning experiment, the cost estimates, in-process sessions. */
export type Part = 'learn' | 'estimate' | 'measure';
export const PARTS: readonly Part[] = ['learn', 'estimate', 'measure'];

/** One grid point. `null` means "the profile's value". */
export interface PointSpec {
  protocol: string;
  n: number | null;
  /**
   * Noise rate θ; absent: the profile's, or n^-1/2 when n is set (withOverrides). Optional, and
   * left out when not set, so that the ids of points written before the axis existed still match.
   */
  theta?: number;
  /** Samples m, or 'Kn' for K·n (rounded); absent: the profile's, or 4n when n is set. Optional as θ. */
  m?: number | MultipleOfN;
  /** Challenge weight, or 'balanced' (src/cost/balance.ts `balancedW`: the w whose dual cost matches the primal). */
  w: number | 'balanced' | null;
  /** Repetition-block length for distillation, or 'auto' (the yield-maximising ℓ). */
  ell: number | 'auto' | null;
  /** Label columns per challenge. */
  L: number | null;
  /**
   * Advantage distillation, the bit-pair rounds and the reconciler (as `measure
   * --distill`, `--pair-rounds`, `--reconciler`); absent: the profile's. Optional as θ.
   */
  distill?: Distill;
  pairRounds?: number | 'auto';
  reconciler?: Reconciler;
  /**
   * Eve's budget for one session in the measure part, ms (as `measure --eve-budget-ms`); also
   * each learner's budget in the learn part unless learnBudgetMs is set.
   */
  eveBudgetMs: number;
  /**
   * Each learner's budget in the learn part, ms (as `learn --budget-ms`); absent: eveBudgetMs.
   * Optional, and left out when not set, so that older points keep their ids.
   */
  learnBudgetMs?: number;
  /** A cap in trials on each learner (learn part) and each of Eve's attacks (measure part); null: time only. */
  eveBudgetTrials: number | null;
  /** In-process sessions per point (measure part). */
  sessions: number;
  /** Independent learning instances per point (learn part); Eve's success rate is over these. */
  learnReps: number;
  /** Fresh test examples for risk estimates. */
  test: number;
  /** Eve's learners in the learn part (null: the learn experiment's default set). */
  learners: string[] | null;
  parts: Part[];
  /** The sweep seed this point belongs to (a grid may list several). */
  seed: string;
  /** Set on the control points (sweep/controls.ts), null on grid points. */
  control: Control | null;
}

/** m given as a multiple of n, e.g. '4n'. */
export type MultipleOfN = `${number}n`;

/** The m a spec's value gives at secret length n. */
export const mAt = (m: number | MultipleOfN, n: number): number => (typeof m === 'number' ? m : Math.round(Number(m.slice(0, -1)) * n));

export type Distill = 'blocks' | 'pairs';
export const DISTILLS: readonly Distill[] = ['blocks', 'pairs'];
export const RECONCILERS: readonly Reconciler[] = ['cascade', 'ldpc'];

/** The measurement pipeline's own checks (DESIGN.md §4): an oracle Eve, an insecure profile. */
export type Control = 'oracle' | 'insecure';

/** Comma-list axes of a grid; every combination becomes one point. */
export interface Grid {
  protocol: string;
  n: (number | null)[];
  theta: (number | null)[];
  m: (number | MultipleOfN | null)[];
  w: (number | 'balanced' | null)[];
  ell: (number | 'auto' | null)[];
  L: (number | null)[];
  /** Optional axes: absent or [null] is the profile's value. */
  distill?: (Distill | null)[];
  pairRounds?: (number | 'auto' | null)[];
  reconciler?: (Reconciler | null)[];
  eveBudgetMs: number[];
  learnBudgetMs?: number | null;
  eveBudgetTrials: number | null;
  sessions: number[];
  seed: string[];
  learnReps: number;
  test: number;
  learners: string[] | null;
  parts: Part[];
}

export const DEFAULT_GRID: Grid = {
  protocol: DEFAULT_PROFILE,
  n: [null],
  theta: [null],
  m: [null],
  w: [null],
  ell: [null],
  L: [null],
  eveBudgetMs: [DEFAULT_EVE_BUDGET_MS],
  eveBudgetTrials: null,
  sessions: [4],
  seed: ['1'],
  learnReps: 3,
  test: 2000,
  learners: null,
  parts: ['learn', 'estimate', 'measure'],
};

/**
 * Named presets. Each is a partial grid on top of DEFAULT_GRID; explicit options
 * given with a preset override the preset's axes.
 */
export interface Preset {
  summary: string;
  grid: Partial<Grid>;
  /** The grid on a base profile whose instance is not LPN (replaces `grid`), by separation name. */
  families?: Partial<Record<'lwe' | 'gaussian-regression', { summary: string; grid: Partial<Grid> }>>;
}

export const PRESETS: Record<string, Preset> = {
  separation: {
    summary: 'time to learn s against n (24…256), θ = n^-1/2, m = 4n, a fixed Eve budget',
    grid: {
      n: [24, 32, 48, 64, 80, 96, 128, 192, 256],
      w: ['balanced'],
      eveBudgetMs: [4000],
      sessions: [2],
      learnReps: 5,
      parts: ['learn', 'estimate', 'measure'],
    },
    families: {
      lwe: {
        // lwe-toy's family (q = 257, σ = 1): LLL alone recovers s up to n ≈ 48 within a second or
        // so, n = 56 needs BKZ-10 (≈ 6 s), n = 64 fills the float64 GSO (dimension 160), and
        // beyond it her embedding does not fit at all (lweExperiment.ts).
        summary: 'on an LWE profile: n = 8…64, q, σ = θq and w the profile\'s, m = n·(the profile\'s m/n), a 4 s budget',
        grid: { n: [8, 16, 24, 32, 40, 48, 56, 64], w: [null], eveBudgetMs: [4000], sessions: [2], learnReps: 3, parts: ['learn', 'estimate', 'measure'] },
      },
      'gaussian-regression': {
        summary: 'on gaussian-regression: n = 32…256, θ and w the profile\'s, m = 4n; Eve\'s least squares wins at every n',
        grid: { n: [32, 64, 128, 256], w: [null], eveBudgetMs: [4000], sessions: [2], learnReps: 3, parts: ['learn', 'estimate', 'measure'] },
      },
    },
  },
  agreement: {
    summary: 'raw agreement (measured and theory) against w = 1…8 at n = 64',
    grid: {
      n: [64],
      // w ≥ 10 at n = 64 leaves no ℓ with a positive key yield (profile.ts refuses it).
      w: [1, 2, 3, 4, 5, 6, 7, 8],
      ell: ['auto'],
      eveBudgetMs: [500],
      sessions: [3],
      parts: ['estimate', 'measure'],
    },
  },
  amplification: {
    summary: "key efficiency β (with intervals), f and FER for Cascade and LDPC on repetition blocks of ℓ = 4…10 (demo-256-blocks, or the profile given)",
    grid: {
      // ℓ is the repetition-block length, so the preset distils with blocks whatever the base
      // profile; its base is demo-256-blocks (demo-256's task, blocks + Cascade and 1.6× slack), so
      // its figures are those of the blocks + Cascade design.
      protocol: 'demo-256-blocks',
      distill: ['blocks'],
      // ℓ < 4 at demo-256's p ≈ 0.588 leaves too little key per raw bit (> 2^20 challenges).
      ell: [4, 5, 6, 7, 8, 9, 10],
      // Both reconcilers, so that every point carries the per-method figures the β plot draws.
      reconciler: ['cascade', 'ldpc'],
      eveBudgetMs: [500],
      sessions: [3],
      parts: ['measure'],
    },
  },
};

/**
 * Expand a grid into its points, in a fixed order (n outermost, then θ, m, w, ℓ, L, distill,
 * pair rounds, reconciler, budget, sessions, seed innermost).
 */
export function expandGrid(g: Grid): PointSpec[] {
  const out: PointSpec[] = [];
  // The optional axes as lists of spec fragments ({} = not set, so older point ids stay).
  const opt = <K extends 'distill' | 'pairRounds' | 'reconciler'>(k: K): Partial<PointSpec>[] =>
    (g[k] ?? [null]).map((v) => (v === null ? {} : { [k]: v }));
  const methods = opt('distill').flatMap((d) => opt('pairRounds').flatMap((r) => opt('reconciler').map((c) => ({ ...d, ...r, ...c }))));
  for (const n of g.n)
    for (const theta of g.theta)
      for (const m of g.m)
        for (const w of g.w)
          for (const ell of g.ell)
            for (const L of g.L)
              for (const method of methods)
                for (const eveBudgetMs of g.eveBudgetMs)
                  for (const sessions of g.sessions)
                    for (const seed of g.seed)
                      out.push({
                        protocol: g.protocol,
                        n,
                        ...(theta !== null ? { theta } : {}),
                        ...(m !== null ? { m } : {}),
                        w,
                        ell,
                        L,
                        ...method,
                        eveBudgetMs,
                        ...(g.learnBudgetMs != null ? { learnBudgetMs: g.learnBudgetMs } : {}),
                        eveBudgetTrials: g.eveBudgetTrials,
                        sessions,
                        learnReps: g.learnReps,
                        test: g.test,
                        learners: g.learners,
                        parts: [...g.parts],
                        seed,
                        control: null,
                      });
  const seen = new Set<string>();
  for (const p of out) {
    const k = canonical(p);
    if (seen.has(k)) throw new SepkaError('SEPKA_ERR_USAGE', `grid lists the same point twice: ${k}`);
    seen.add(k);
  }
  return out;
}

/** JSON with object keys sorted at every depth: one string per spec, whatever the key order. */
export function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(x);
}

const hashHex = (label: string, s: string): string => bytesToHex(sha256(utf8ToBytes(`sepka/v1/sweep|${label}|${s}`)));

/** Stable short identity of a point (the resume key). */
export const pointId = (p: PointSpec): string => hashHex('id', canonical(p)).slice(0, 16);

/** The seed a point's job runs with: derived from the sweep seed and the whole canonical spec. */
export const pointSeed = (p: PointSpec): string => hashHex('seed', `${p.seed}|${canonical(p)}`).slice(0, 32);
