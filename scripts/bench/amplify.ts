/**
 * Amplification section of `npm run bench`: per amplification method on
 * `demo-256`'s task (n = 256, p ≈ 0.588), a seeded set of in-process sessions through
 * `sepka measure`'s engine (src/measure/measure.ts `runMeasure`), and per stage (raw →
 * distilled → reconciled → privacy amplification → session key) the bits in and out, what the
 * stage keeps of the information before it, and the share of I(A;B) = raw bits·(1 − h(1 − p))
 * left after it; for distillation its kept fraction and error against theory, for
 * reconciliation f and the frame-error rate with its interval (and LDPC's BP attempts and
 * iterations); β with its 99% interval over sessions, on the session key and on the whole
 * privacy-amplification output, beside the limit 1 − h(1 − p) per raw bit (β = 1).
 *
 * Every figure is measure's (MeasureReport.amplification, .efficiency, .distill): this file
 * only chains the stages (bits in = the previous stage's bits out) and lays them out. The
 * methods are one base profile with `distill`, `reconciler` and `pairRounds` overridden
 * (profile.ts withOverrides), so they share its task, challenges, slack, tag and margin.
 * Eve runs with a zero attack budget: her figures are measure's business, not this table's.
 * Seeded (measure's seed 'bench': session i draws from seededRng('bench', `alice/${i}`) …), so
 * the figures are the same run to run; only the times vary.
 */
import { runMeasure, type MeasureReport, type StageFigure } from '../../src/measure/measure.ts';
import { loadProfile, type Profile } from '../../src/protocol/profile.ts';
import type { Rate } from '../../src/measure/rates.ts';
import type { BenchSection } from './section.ts';

/** The profile whose task the methods share; only its amplification fields are overridden. */
const BASE = 'demo-256';
/** Sessions per method: ≈ 30 s for the four on a 2-core machine at load ≈ 1.5. */
export const SESSIONS = 20;
const SEED = 'bench';

export interface Method {
  distill: 'blocks' | 'pairs';
  reconciler: 'cascade' | 'ldpc';
}
const METHODS: readonly Method[] = [
  { distill: 'blocks', reconciler: 'cascade' },
  { distill: 'blocks', reconciler: 'ldpc' },
  { distill: 'pairs', reconciler: 'cascade' },
  { distill: 'pairs', reconciler: 'ldpc' },
];

export interface StageRow {
  stage: string;
  /** The previous stage's bits out (null for raw). */
  bitsIn: number | null;
  bitsOut: number;
  /** Share of the previous stage's information this stage keeps (null for raw). */
  keeps: number | null;
  /** Share of I(A;B) left after the stage. */
  shareOfI: number;
}

export interface AmplifyRecord {
  method: string;
  distill: Method['distill'];
  reconciler: Method['reconciler'];
  base: string;
  sessions: number;
  seed: string;
  rawBitsPerSession: number;
  rawSlack: number;
  /** Measured raw agreement p̂ with its 99% interval, and the limit 1 − h(1 − p̂) per raw bit. */
  p: number;
  pCi: [number, number];
  limit: number;
  /** Repetition lengths or pair-round counts the sessions chose. */
  ell: number[];
  rounds: number[];
  /** Distillation against theory: one entry for blocks, one per round for pairs. */
  distillation: { label: string; kept: Rate; keptTheory: number; errorAfter: Rate; errorAfterTheory: number }[];
  stages: StageRow[];
  f: number;
  frames: number;
  fer: Rate;
  ldpc: { attemptsMean: number; iterationsMean: number; revealedBits: number; wrongWords: number } | null;
  beta: { key: number; keyCi: [number, number] | null; pa: number; paCi: [number, number] | null };
  keyBitsPerRawBit: number;
  /** Sessions that ended with a confirmed key; the failed ones with step and reason. */
  confirmed: number;
  failures: string[];
  ms: number;
}

/** Bits in and what each stage keeps, from measure's stage figures (bits out and share of I). */
export function stageRows(stages: readonly StageFigure[]): StageRow[] {
  return stages.map((s, k) => ({
    stage: s.stage,
    bitsIn: k ? stages[k - 1].bits : null,
    bitsOut: s.bits,
    keeps: k ? (stages[k - 1].shareOfI > 0 ? s.shareOfI / stages[k - 1].shareOfI : 0) : null,
    shareOfI: s.shareOfI,
  }));
}

/** The record of one method's measure report (its amplification block must be present). */
export function amplifyRecord(m: Method, profile: Profile, r: MeasureReport): AmplifyRecord {
  const a = r.amplification;
  if (!a) throw new Error(`${profile.name}: measure reported no amplification figures (distill/reconciler unset)`);
  const distillation =
    m.distill === 'pairs'
      ? a.perRound.map((x) => ({ label: `round ${x.round}`, kept: x.kept, keptTheory: x.keptTheory, errorAfter: x.errorAfter, errorAfterTheory: x.errorAfterTheory }))
      : [{ label: `ℓ = ${r.distill.ell.join(', ')}`, kept: r.distill.acceptance, keptTheory: r.distill.acceptanceTheory, errorAfter: r.distill.errorAfter, errorAfterTheory: r.distill.errorAfterTheory }];
  return {
    method: `${m.distill} + ${m.reconciler}`,
    distill: m.distill,
    reconciler: m.reconciler,
    base: profile.name,
    sessions: r.sessions,
    seed: r.seed ?? '',
    rawBitsPerSession: r.params.rawBitsPerSession,
    rawSlack: profile.rawSlack,
    p: r.raw.agreement,
    pCi: r.raw.ci,
    limit: r.efficiency.limit,
    ell: r.distill.ell,
    rounds: a.rounds,
    distillation,
    stages: stageRows(a.stages),
    f: r.efficiency.reconciliationF,
    frames: a.frames,
    fer: a.frameErrorRate,
    ldpc: a.ldpc ?? null,
    beta: a.beta,
    keyBitsPerRawBit: r.efficiency.keyBitsPerRawBit,
    confirmed: Math.round(r.key.confirmedRate * r.sessions),
    failures: r.key.failures,
    ms: r.ms,
  };
}

function run(progress: (line: string) => void): AmplifyRecord[] {
  const base = loadProfile(BASE);
  return METHODS.map((m) => {
    const overrides = { distill: m.distill, reconciler: m.reconciler, pairRounds: m.distill === 'pairs' ? ('auto' as const) : undefined };
    const r = runMeasure({ profile: base, overrides, sessions: SESSIONS, seed: SEED, eveBudgetMs: 0 });
    progress(`amplify: ${m.distill} + ${m.reconciler}: ${SESSIONS} sessions, ${(r.ms / 1000).toFixed(1)} s`);
    return amplifyRecord(m, base, r);
  });
}

const pct = (x: number, d = 1): string => (Number.isFinite(x) ? `${(100 * x).toFixed(d)}%` : '-');
const ci = (c: readonly [number, number], d = 1): string => `[${pct(c[0], d)}, ${pct(c[1], d)}]`;
const ci3 = (c: readonly [number, number] | null): string => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '(too few sessions)');
const num = (x: number | null): string => (x === null ? '-' : String(x));

/** One method's table: stages, then distillation, reconciliation and β lines. */
export function formatMethod(r: AmplifyRecord): string {
  const how = r.distill === 'pairs' ? `${r.rounds.join('/')} pair round${r.rounds.join('') === '1' ? '' : 's'}` : `ℓ = ${r.ell.join(', ')}`;
  const L = [
    `${r.method} (${how}, chosen per session from the measured p): ${r.sessions} sessions × ${r.rawBitsPerSession} raw bits; ${r.confirmed}/${r.sessions} keys confirmed; ${(r.ms / 1000).toFixed(1)} s`,
    `  stage                      bits in   bits out   stage keeps   of I(A;B)`,
  ];
  for (const s of r.stages) {
    L.push(`  ${s.stage.padEnd(24)} ${num(s.bitsIn).padStart(9)}  ${String(s.bitsOut).padStart(9)}  ${(s.keeps === null ? '-' : pct(s.keeps)).padStart(12)}  ${pct(s.shareOfI).padStart(10)}`);
  }
  L.push(`  raw agreement   p̂ = ${pct(r.p, 2)} ${ci(r.pCi, 2)}; I(A;B) = raw bits·(1 − h(1 − p̂)), ${r.limit.toFixed(4)} bits per raw bit`);
  for (const d of r.distillation) {
    L.push(`  distillation    ${d.label}: kept ${pct(d.kept.p, 2)} ${ci(d.kept.ci, 2)} (theory ${pct(d.keptTheory, 2)}), error after ${pct(d.errorAfter.p, 2)} ${ci(d.errorAfter.ci, 2)} (theory ${pct(d.errorAfterTheory, 2)})`);
  }
  const failed = Math.round(r.fer.p * r.fer.n);
  L.push(`  reconciliation  ${r.reconciler}: f = ${r.f.toFixed(3)}; ${failed}/${r.frames} frames failed, FER ${pct(r.fer.p)} ${ci(r.fer.ci)}`);
  if (r.ldpc) L.push(`                  BP ${r.ldpc.attemptsMean.toFixed(2)} attempts and ${r.ldpc.iterationsMean.toFixed(0)} iterations per frame; ${r.ldpc.revealedBits} bits revealed, ${r.ldpc.wrongWords} wrong words rejected`);
  L.push(`  β               key ${r.beta.key.toFixed(3)} ${ci3(r.beta.keyCi)}, whole PA output ${r.beta.pa.toFixed(3)} ${ci3(r.beta.paCi)}   (limit β = 1)`);
  if (r.failures.length) L.push(`  failed sessions ${r.failures.length}: ${r.failures[0]}${r.failures.length > 1 ? ' …' : ''}`);
  return L.join('\n');
}

function format(recs: AmplifyRecord[]): string {
  const r0 = recs[0];
  const L = [
    `Amplification per stage (\`npm run bench -- --only amplify\`): ${r0 ? r0.sessions : SESSIONS} seeded in-process sessions per method`,
    `  (sepka measure's engine, seed '${SEED}'; Eve's attack budget 0), on ${r0?.base ?? BASE}'s task and sizing (slack ${r0?.rawSlack ?? '-'})`,
    `  with distill / reconciler overridden. Bits are summed over the sessions; bits in = the stage before's bits out.`,
    `  Stage keeps: share of the previous stage's information left after this one; distilled carries kept·(1 − h(e)),`,
    `  reconciled = kept − leaked (leaked: the reconciler's disclosures + the 64-bit verification tag), then PA takes`,
    `  the margin and the session key its 256 bits. f = leaked by the reconciler / (N·h(e)); FER per frame, 99% Wilson;`,
    `  β = bits / (raw bits·(1 − h(1 − p_i))), mean over sessions with a 99% t-interval (β = 1 is the limit).`,
  ];
  for (const r of recs) L.push('', formatMethod(r));
  L.push('', 'method            raw bits/session      f     FER  β key [99%]            β PA output [99%]      limit/raw bit');
  for (const r of recs) {
    const failed = Math.round(r.fer.p * r.fer.n);
    const bKey = `${r.beta.key.toFixed(3)} ${ci3(r.beta.keyCi)}`;
    const bPa = `${r.beta.pa.toFixed(3)} ${ci3(r.beta.paCi)}`;
    L.push(`${r.method.padEnd(17)} ${String(r.rawBitsPerSession).padStart(16)}  ${r.f.toFixed(3)}  ${`${failed}/${r.frames}`.padStart(6)}  ${bKey.padEnd(21)}  ${bPa.padEnd(21)}  ${r.limit.toFixed(4).padStart(13)}`);
  }
  L.push('limit/raw bit: 1 − h(1 − p̂) at the method\'s measured p̂, the key bits per raw bit β = 1 stands for');
  return L.join('\n');
}

const section: BenchSection<AmplifyRecord> = { name: 'amplify', run, format };
export default section;
