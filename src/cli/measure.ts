/**
 * `sepka measure --protocol NAME --sessions K [--eve-budget-ms B] [--seed S] [--json]`
 * (DESIGN.md §6): K in-process sessions with Alice, Bob and Eve, and the rates they give
 * (engine: src/measure/measure.ts). Human-readable by default; `--json` prints one object.
 * Exit 0 even when sessions fail: DESIGN.md §6's exit 1 means "the protocol failed", which
 * fits a single protocol run; here a failed session is one outcome among K, reported as data.
 */
import { Command, intOpt, printJson, seedOpt, warnIfSeeded } from './args.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../eve/state.ts';
import { meanText, TOO_FEW_FOR_INTERVAL } from '../stats.ts';
import { DEFAULT_PROFILE, loadProfile, MAX_KEY_BITS, Overrides, paramsHash, Profile, withOverrides } from '../protocol/profile.ts';
import { runMeta } from '../meta.ts';
import { SepkaError } from '../errors.ts';
import { MeasureReport, runMeasure, type SessionRecord } from '../measure/measure.ts';
import { Eta, formatDuration } from '../measure/eta.ts';
import type { ProgressSink } from '../measure/sweep/progress.ts';
import { painter, visibleWidth, WIDTH, wrap, type Style } from '../term.ts';
import { Rate } from '../measure/rates.ts';
import { wireLines } from '../protocol/wire.ts';
import { measureRecorder, recordPaths, RECORD_OPTIONS, RECORD_USAGE } from './record.ts';
import { agreementTheory } from '../separation/index.ts';

/** Eve's clock budget with --eve-budget-trials and no --eve-budget-ms: far beyond what the caps need. */
const TRIALS_ONLY_MS = 3_600_000;

const USAGE = `usage: sepka measure --protocol NAME --sessions K [--eve-budget-ms B] [--eve-budget-trials N]
                     [--seed S] [--json]

Runs K sessions in-process (the same Alice and Bob state machines the processes use, over an
in-memory channel) with Eve tapping every frame, and reports raw agreement against theory,
key agreement and confirmation, Eve's advantage per stage, the efficiencies f and β, the bytes
on the wire (each way, per stage and message type, per key bit), and Holenstein's condition.
Intervals are 99% Wilson intervals (session-clustered for bit rates).

options:
  --protocol NAME       profile name in protocols/, or a profile file's path (default: ${DEFAULT_PROFILE})
  --sessions K          number of sessions (default: 10)
  --eve-budget-ms B     Eve's attack budget for a whole session (all her attacks), ms
                        (default: ${DEFAULT_EVE_BUDGET_MS}); the same quantity as in demo, eve and
                        sweep's measure part
  --eve-budget-trials N also cap each of her attacks at N trials or iterations (each baseline
                        learner, pooled Gauss, primal Stern, the dual route); without
                        --eve-budget-ms her clock budget is then lifted to ${TRIALS_ONLY_MS / 60_000} min, so her
                        figures depend on the seed alone, not on the machine
  --seed S              reproducible simulation (NOT secure); default: node:crypto
  --json                print one JSON object (DESIGN.md §6 'measure' fields and more)
  --key-bits K          size sessions for K secret bits (64–16777216; the profile field
                        keyBits): raw bits from the measured efficiency of the chosen
                        methods; up to 4096, K (a multiple of 8) is also the session key's length
  --distill D           advantage distillation: blocks (repetition, ℓ) or pairs (bit pairs)
  --pair-rounds R       bit-pair rounds, 1–6 or auto (with --distill pairs)
  --reconciler R        information reconciliation: cascade or ldpc
${RECORD_USAGE}

Failed sessions are measurements, not errors: a session that ends without a key (an abort at
any step, or a failed confirmation) counts against the key agreement and confirmation rates,
is flagged at the top of the report and listed with its step and reason at the end (JSON:
failedSessions, and key.failures). The exit status is 0 whenever the measurement ran, even
if every session failed; 2 is bad usage. (Exit 1, "the protocol failed", belongs to the
commands that run one protocol: demo, alice, bob.)`;

const pct = (x: number, d = 2) => `${(100 * x).toFixed(d)}%`;
const ci = (c: [number, number], d = 2) => `[${pct(c[0], d)}, ${pct(c[1], d)}]`;
const rate = (r: Rate, d = 2) => `${pct(r.p, d)} ${ci(r.ci, d)}`;
const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
const adv = (x: number, c: [number, number]) => `${sign(x)} [${sign(c[0])}, ${sign(c[1])}]`;

/**
 * The raw agreement and its theory: one line where it fits in WIDTH, else the theory continues
 * under the value column (LWE's formula is the long one).
 */
function rawAgreementLines(r: MeasureReport): string[] {
  const p = r.params;
  const head = `raw agreement   ${pct(r.raw.agreement, 3)} ${ci(r.raw.ci, 3)}`;
  const formula = p.separation ? agreementTheory({ ...p, separation: p.separation }).formula : '(1+(1−2θ)^w)/2';
  const theory = `theory ${formula} = ${pct(r.raw.theory, 3)} (design effect ${r.raw.deff.toFixed(2)})`;
  const one = `${head}; ${theory}`;
  return visibleWidth(one) <= WIDTH ? [one] : [`${head};`, `${' '.repeat(16)}${theory}`];
}

/**
 * The human report: within 100 columns (src/term.ts WIDTH), one unit per block — rates as %
 * with their 99% intervals, the learners' advantages as ± on a block of their own — and colour
 * (`paint`) only where the caller decided stdout takes it.
 */
export function formatMeasure(r: MeasureReport, paint: (s: Style, t: string) => string = (_s, t) => t): string {
  const p = r.params;
  const e = r.eve;
  const L: string[] = [
    `sepka measure: ${r.sessions} session${r.sessions === 1 ? '' : 's'} of protocol ${r.protocol}, ${(r.ms / 1000).toFixed(1)} s`,
    `  n = ${p.n}, θ = ${p.theta.toPrecision(4)}, m = ${p.m}, w = ${p.w}, L = ${p.L}; Eve's budget ` +
      (r.eveBudgetTrials === null ? `${r.eveBudgetMs} ms per session` : `${r.eveBudgetTrials} trials per attack, ${r.eveBudgetMs / 1000} s per session`),
    '',
    ...failedHeadline(r).map((l) => (l ? paint('red', l) : l)),
    `raw bits        ${r.raw.bits} (${p.rawBitsPerSession}/session from ${p.challenges} challenges)`,
    ...rawAgreementLines(r),
    ...(r.amplification?.distill === 'pairs'
      ? [`distillation    bit pairs: ${r.reconcile.keptBits} bits kept, error after ${rate(r.distill.errorAfter)} (per round below)`]
      : [
          `distillation    ℓ = ${r.distill.ell.join(', ')} (chosen per session from the measured p)`,
          `  blocks kept   ${rate(r.distill.acceptance, 3).padEnd(30)} theory ${pct(r.distill.acceptanceTheory, 3)}`,
          `  error after   ${rate(r.distill.errorAfter).padEnd(30)} theory ${pct(r.distill.errorAfterTheory)}`,
        ]),
    `reconciliation  ${r.reconcile.cascadeParities} ${r.amplification?.reconciler === 'ldpc' ? 'LDPC syndrome, check and revealed bits' : 'Cascade parities'} on ${r.reconcile.keptBits} kept bits: f = ${r.efficiency.reconciliationF.toFixed(3)}`,
    `keys            agreed ${Math.round(r.key.agreementRate * r.sessions)}/${r.sessions} ${ci(r.key.agreementCi)}, confirmed ${Math.round(r.key.confirmedRate * r.sessions)}/${r.sessions} ${ci(r.key.confirmedCi)}`,
    `                ${r.key.bits} bits (min), ${r.key.bitsMean.toFixed(0)} (mean)`,
    `efficiency      β = ${r.efficiency.beta.toFixed(3)} of the limit 1 − h(1 − p) = ${r.efficiency.limit.toFixed(4)} bits/raw bit`,
    `                (${r.efficiency.keyBitsPerRawBit.toExponential(2)} key bits/raw bit)`,
    ...amplificationLines(r),
    '',
    // A report recorded before bytes were counted (docs/results/) has no wire figures.
    ...(r.wire ? [...wireLines(r.wire, r.sessions), ''] : []),
    `Eve: Pr[her guess is right], 99% intervals (50% = a coin flip)`,
    `  raw bits vs Alice     ${rate(e.raw.vsAlice)}`,
    `  raw bits vs Bob       ${rate(e.raw.vsBob)}`,
    `  agreed raw bits       ${rate(e.raw.onAgreed)}   (Holenstein's 1 − δ/2, below)`,
    `  after distillation    ${rate(e.distilled)}`,
    `  after reconciliation  ${rate(e.reconciled)}   (the disclosed parities; PA removes them)`,
    `  final key bits        ${pct(e.keyBitAgreement)} ${ci(e.keyBitCi)}`,
    `  whole key recovered   ${e.keysRecovered}/${r.sessions} ${ci(e.keyRecoveredCi)}; her key passed Alice's confirmation tag in ${e.keysConfirmedByTag}`,
    `  secrets recovered     ${e.secretsRecovered.total} of ${e.secretsRecovered.L * r.sessions} (${e.secretsRecovered.L} per session), ` +
      (p.separation === 'gaussian-regression' ? 'fitted over R (estimates, never exact)' : p.separation === 'lwe' ? 'each checked: z − A·s is short' : `${e.secretsRecovered.correct} correct`),
    ...challengeLines(e.challenges, r.sessions),
    '',
    `Eve's learners: advantage = Pr[right] − 1/2 on the raw bits each predicts, 99% interval`,
    `  learner       route   target  advantage                     success  trials/session  ms/session`,
  ];
  for (const l of e.learners) {
    const won = `${Math.round(l.successRate.p * l.successRate.n)}/${l.successRate.n}`;
    // A name longer than its column gets a line of its own (rows stay within 100 columns).
    if (l.name.length > 13) L.push(`  ${l.name}`);
    L.push(`  ${(l.name.length > 13 ? '' : l.name).padEnd(13)} ${l.route.padEnd(7)} ${l.target.padEnd(7)} ${adv(l.rawAdvantage, l.ci).padEnd(29)} ${won.padEnd(8)} ${l.trialsMean.toFixed(0).padStart(14)}  ${l.msMean.toFixed(0).padStart(10)}`);
  }
  L.push('', ...holensteinLines(r, paint));
  if (r.key.failures.length) L.push('', paint('red', `failed sessions (${r.key.failures.length}/${r.sessions}, no key output):`), ...r.key.failures.flatMap((f) => wrap(`  ${f}`, '    ')));
  return L.join('\n');
}

/** The dual route against Bob's challenges (LWE), when the report has it: counts per session. */
function challengeLines(c: MeasureReport['eve']['challenges'], sessions: number): string[] {
  if (!c) return [];
  const per = (x: number) => (Number.isInteger(x / sessions) ? String(x / sessions) : (x / sessions).toFixed(1));
  return [
    `  Bob's r (dual route)  per session: ${per(c.attacked)} attacked, ${per(c.recovered)} recovered, ${per(c.rawBits)} raw bits of Bob's known`,
    `                        ${c.correct} of ${c.recovered} recovered r have Bob's support`,
    ...c.skipped.flatMap((s) => wrap(`    ${s}`, '      ')),
  ];
}

/**
 * Holenstein's condition, every term stated: at the point estimates and at the interval ends
 * least favourable to it, with what a failure at the ends means.
 */
function holensteinLines(r: MeasureReport, paint: (s: Style, t: string) => string): string[] {
  const h = r.holenstein;
  const c = h.conservative;
  const verdict = (ok: boolean, no: string) => (ok ? paint('green', 'holds') : paint(no === 'FAILS' ? 'red' : 'yellow', no));
  return [
    `Holenstein (STOC 2005): weak bit agreement with bias ε = 2·Pr[b_A = b_B] − 1 amplifies to key`,
    `agreement when δ > (1 − ε)/(1 + ε), where 1 − δ/2 is Eve's success on agreed raw bits.`,
    `  point estimates  δ = ${h.delta.toFixed(3)} vs (1 − ε)/(1 + ε) = ${h.threshold.toFixed(3)} at ε = ${h.eps.toFixed(3)}: ${verdict(h.holds, 'FAILS')}`,
    `  interval ends    δ ≥ ${c.delta.toFixed(3)} vs ${c.threshold.toFixed(3)} at ε ≥ ${c.eps.toFixed(3)}: ` +
      (c.holds ? verdict(true, '') : `${verdict(false, 'not shown')} (${h.holds ? 'more sessions narrow the intervals' : 'the estimates fail too'})`),
  ];
}

/** Sessions that ended without an agreed key (aborted, or keys differ). */
export function failedSessions(r: MeasureReport): number {
  return Math.max(r.key.failures.length, r.sessions - Math.round(r.key.agreementRate * r.sessions));
}

/** The failure count right under the title, so a reader of the rates cannot miss it. */
function failedHeadline(r: MeasureReport): string[] {
  const k = failedSessions(r);
  if (!k) return [];
  const first = r.key.failures[0] ? ` — first: ${r.key.failures[0]}` : '';
  return [...wrap(`FAILED SESSIONS ${k}/${r.sessions}: no key output in these (all listed at the end)${first}`, '  '), ''];
}

/** --key-bits, --distill, --pair-rounds, --reconciler as profile overrides. */
function withAmplification(profile: Profile, values: Record<string, unknown>): Profile {
  const o: Overrides = {};
  if (values['key-bits'] !== undefined) {
    // Up to 4096 bits K is also the session key's length (a multiple of 8); beyond, the session
    // key keeps the profile's length and K sizes the whole PA output.
    const k = intOpt(values['key-bits'], 'key-bits', profile.targetKeyBits, 64, MAX_KEY_BITS);
    if (k <= 4096 && k % 8) throw new SepkaError('SEPKA_ERR_USAGE', `--key-bits up to 4096 must be a multiple of 8 (it is the session key's length), got ${k}`);
    if (k <= 4096) o.targetKeyBits = k;
    o.keyBits = k;
  }
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T)) throw new SepkaError('SEPKA_ERR_USAGE', `--${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
    return v as T;
  };
  o.distill = pick('distill', ['blocks', 'pairs'] as const);
  o.reconciler = pick('reconciler', ['cascade', 'ldpc'] as const);
  const r = values['pair-rounds'];
  if (r !== undefined) o.pairRounds = r === 'auto' ? 'auto' : intOpt(r, 'pair-rounds', 1, 1, 6);
  return Object.values(o).some((v) => v !== undefined) ? withOverrides(profile, o) : profile;
}

/** The amplification lines: per pair round, the reconciler's frames, per stage, β with intervals. */
function amplificationLines(r: MeasureReport): string[] {
  const a = r.amplification;
  if (!a) return [];
  const L = [`amplification   ${a.distill} + ${a.reconciler}${a.rounds.length ? `, ${a.rounds.join('/')} pair rounds (chosen per session from the measured p)` : ''}`];
  if (a.perRound.length) {
    L.push(`  pair rounds (theory p²+(1−p)² kept, (1−p)²/(p²+(1−p)²) error, at each round's measured p)`);
    L.push(`  round  pairs kept                 theory   error after                theory`);
  }
  for (const x of a.perRound) {
    L.push(`  ${String(x.round).padEnd(6)} ${rate(x.kept, 2).padEnd(26)} ${pct(x.keptTheory).padEnd(8)} ${rate(x.errorAfter, 2).padEnd(26)} ${pct(x.errorAfterTheory)}`);
  }
  const fer = a.frameErrorRate;
  L.push(`  reconciler      ${Math.round(fer.p * fer.n)}/${a.frames} frames failed: FER ${rate(fer)}`);
  if (a.f.mean !== null) L.push(`                  f per session ${meanText(a.f.mean, a.f.ci)} (${a.f.ci ? '99% t, ' : ''}${a.f.sessions} sessions${a.f.ci ? '' : `: ${TOO_FEW_FOR_INTERVAL}`})`);
  if (a.ldpc) L.push(`                  BP ${a.ldpc.attemptsMean.toFixed(2)} attempts, ${a.ldpc.iterationsMean.toFixed(0)} iterations/frame, ${a.ldpc.revealedBits} revealed, ${a.ldpc.wrongWords} wrong words rejected`);
  L.push(`  stages (bits, share of I(A;B))`);
  for (const s of a.stages) L.push(`    ${s.stage.padEnd(30)} ${String(s.bits).padStart(9)}  ${pct(s.shareOfI, 1).padStart(6)}`);
  const bCi = a.beta.keyCi && a.beta.paCi;
  L.push(`  β (mean over sessions of each one's bits / (raw bits·(1 − h(1 − p_i)))${bCi ? ', 99% t-intervals' : ''})`);
  L.push(`    key ${meanText(a.beta.key, a.beta.keyCi)}, whole PA output ${meanText(a.beta.pa, a.beta.paCi)}${bCi ? '' : ` (${TOO_FEW_FOR_INTERVAL})`}`);
  return L;
}

/**
 * Progress on stderr, one update per session (the sessions run synchronously, so nothing can
 * be printed inside one): on a terminal one line redrawn in place, with the time left
 * (src/measure/eta.ts: sessions run one after another, at the mean session time so far);
 * elsewhere (`2>log`, CI) one line per session, so a piped run is never silent for long.
 */
export function sessionProgress(sink: ProgressSink, sessions: number, protocol: string): (i: number, s: SessionRecord) => void {
  const t0 = performance.now();
  let last = t0;
  const eta = new Eta({ total: sessions, parallel: 1 });
  const start = `measure: ${sessions} session${sessions === 1 ? '' : 's'} of ${protocol}, session 1 running…`;
  sink.write(sink.isTTY ? `\r\x1b[K${start}` : `${start}\n`);
  return (i, s) => {
    const now = performance.now();
    eta.done(now - last);
    last = now;
    const eve = s.eve.keyRecovered ? 'Eve recovered the key' : `Eve key bits ${s.eve.keyBitAgreement === null ? '-' : pct(s.eve.keyBitAgreement, 1)}`;
    const left = eta.left ? `, ETA ${formatDuration(eta.etaMs(now - t0))}` : '';
    const line = `measure: session ${i + 1}/${sessions} ${s.keyAgreed ? `key ${s.keyBits} bits` : 'FAILED'}, ${eve}; elapsed ${formatDuration(now - t0)}${left}`;
    if (sink.isTTY) sink.write(`\r\x1b[K${line}${i + 1 === sessions ? '\n' : ''}`);
    else sink.write(line + '\n');
  };
}

const cmd: Command = {
  summary: 'run K in-process sessions and report agreement, key and Eve figures',
  usage: USAGE,
  options: {
    protocol: { type: 'string' },
    sessions: { type: 'string' },
    'eve-budget-ms': { type: 'string' },
    'eve-budget-trials': { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    'key-bits': { type: 'string' },
    distill: { type: 'string' },
    'pair-rounds': { type: 'string' },
    reconciler: { type: 'string' },
    ...RECORD_OPTIONS,
  },
  async run(values, _pos, run) {
    const profile = withAmplification(loadProfile(typeof values.protocol === 'string' ? values.protocol : DEFAULT_PROFILE), values);
    const sessions = intOpt(values.sessions, 'sessions', 10, 1, 100_000);
    const eveBudgetTrials = values['eve-budget-trials'] === undefined ? undefined : intOpt(values['eve-budget-trials'], 'eve-budget-trials', 0, 0, 1e9);
    const eveBudgetMs = intOpt(values['eve-budget-ms'], 'eve-budget-ms', eveBudgetTrials === undefined ? DEFAULT_EVE_BUDGET_MS : TRIALS_ONLY_MS, 0, 3_600_000);
    const seed = seedOpt(values.seed);
    const recorder = measureRecorder(recordPaths(values), profile);
    warnIfSeeded(seed);
    const progress = sessionProgress(process.stderr, sessions, profile.name);
    const report = runMeasure({ profile, sessions, eveBudgetMs, eveBudgetTrials, seed, recorder, onSession: progress });
    const failed = failedSessions(report);
    if (values.json) printJson({ ...report, failedSessions: failed }, runMeta({ startedAt: run.startedAt, seed, paramsHash: paramsHash(profile) }));
    else process.stdout.write(formatMeasure(report, painter(process.stdout)) + '\n');
    // Also on stderr, for scripts that read only the JSON or only the exit status.
    if (failed) process.stderr.write(`sepka measure: ${failed} of ${sessions} sessions failed (no key); exit status stays 0: failures are measured data\n`);
    return 0;
  },
};
export default cmd;
