/**
 * What the live page of `sepka demo --web` shows, as one JSON-safe record built
 * from the demo's events: the children starting and exiting, their progress (with frame
 * tallies, src/demo/tally.ts), Alice's and Bob's results, Eve's report, and the demo's outcome.
 *
 * Everything that came from a child or a peer — failure reasons, stderr lines, Eve's notes,
 * fingerprints — passes through `safeText` here, once, before it can reach the page, and the
 * page writes it with textContent only. Numbers are checked to be finite numbers. The ground
 * truth the results carry (raw bits) is reduced here to counts and never leaves the process.
 *
 * Figures: raw agreement over the first k raw bits with its 99% Wilson interval (Wilson 1927)
 * as k grows, against (1 + (1 − 2θ)^w)/2 (DESIGN.md §2); the amplification funnel and
 * β = key bits / (raw bits · (1 − h(1 − p))) (DESIGN.md §3, measure/holenstein.ts); Eve's
 * advantage per stage, rate − 1/2 with its interval (eve/report.ts).
 *
 * Before the first raw bits the charts have nothing to draw, for seconds on a large profile
 * (processes loading, Alice sampling the task and running A_μ, Bob expanding A). `phases` says
 * what is under way, each entry set by the event that starts it: a child spawned, a child
 * listening, the first progress step each party reports (Bob waiting for the task: Alice is
 * publishing it; Alice waiting for challenges: Bob is computing them), the first raw bits.
 */
import { safeText } from '../text.ts';
import { wilson, Z99 } from '../stats.ts';
import type { ChildMessage, FrameTally, RoleResult } from '../demo/ipc.ts';
import type { DemoFigures, DemoJson } from '../demo/report.ts';
import { keyEfficiency } from '../measure/holenstein.ts';
import { STAGES as WIRE_STAGES, stageOf, summarise } from '../protocol/wire.ts';

export type Role = 'alice' | 'eve' | 'bob';
const ROLES: readonly Role[] = ['alice', 'eve', 'bob'];

export interface CurvePoint {
  bits: number;
  rate: number;
  lo: number;
  hi: number;
}
export interface StagePoint {
  stage: string;
  advantage: number;
  lo: number;
  hi: number;
  total: number;
}
export interface LearnerRow {
  name: string;
  route: string;
  trials: number;
  ms: number;
  accepted: number;
  correct: number | null;
  advantage: number | null;
  note: string;
}
export interface Failure {
  /** Who or what: 'alice', 'bob', 'eve', 'demo'. */
  who: string;
  text: string;
  /** ms since the run began, on the demo's clock. */
  atMs: number;
}

export interface ViewState {
  run: number;
  protocol: string;
  seed: string | null;
  noEve: boolean;
  status: 'running' | 'done' | 'failed';
  startedAt: number;
  elapsedMs: number;
  /** `formula`: the separation's agreement theory in words (absent: LPN's). */
  params: { n: number; m: number; L: number; w: number; theta: number; pTheory: number; formula?: string };
  /** Each child: its pid, the step it reported, how it exited, and why it failed the run (it died or stalled). */
  parties: Record<Role, { pid: number | null; step: string; exit: string | null; fault: string | null }>;
  /** Frames per message type and direction (Alice's or Bob's view, whichever has seen more). */
  timeline: FrameTally[];
  /** The timeline's totals: bytes each way, and per protocol stage (protocol/wire.ts STAGE_OF), stages that sent nothing left out. */
  wire: { aliceToBob: number; bobToAlice: number; frames: number; byStage: Array<{ stage: string; aliceToBob: number; bobToAlice: number }> };
  /** Raw bits over time: Bob's, Alice's, and how many Eve has read. */
  rawSeries: Array<{ ms: number; who: string; bits: number }>;
  agreement: { theory: number; curve: CurvePoint[]; measured: number | null; source: string };
  funnel: {
    rawBits: number;
    keptBits: number | null;
    leakedBits: number;
    paBits: number | null;
    keyBits: number | null;
    beta: number | null;
    betaPa: number | null;
  };
  eve: {
    step: string;
    secrets: string;
    challengesBroken: number;
    belief: number | null;
    budgetMs: number | null;
    spentMs: number | null;
    stages: StagePoint[];
    learners: LearnerRow[];
    broke: string[];
    rawAdvantage: number | null;
    keyBitAgreement: number | null;
    keyRecovered: boolean | null;
    note: string;
  } | null;
  key: { alice: string | null; bob: string | null; agreed: boolean | null; confirmed: boolean | null; bits: number | null };
  failures: Failure[];
  /** The last lines the children wrote to stderr. */
  log: string[];
  /** The demo's --json object once the run is over, and its one-line failure. */
  summary: DemoJson | null;
  failure: string | null;
  /** What the run did before its first figures, in order, each when the demo saw its event. */
  phases: Array<{ text: string; atMs: number }>;
  /** Raw bits have arrived: the charts have data (the page then folds the phases away). */
  flowing: boolean;
}

/** The raw-bits chart's lines: Bob draws them, Alice computes hers as his challenges arrive, Eve reads. */
export const SERIES: Record<Role, string> = { bob: "Bob's raw bits", alice: "Alice's raw bits", eve: 'raw bits Eve has read' };
const LOG_LINES = 40;
const SERIES_POINTS = 400;
const CURVE_POINTS = 48;
const TEXT_MAX = 400;

/** Outside text, escaped and cut to a length a page line can hold. */
export const clean = (v: unknown): string => {
  const s = safeText(String(v));
  return s.length > TEXT_MAX ? s.slice(0, TEXT_MAX - 1) + '…' : s;
};
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const exitText = (code: number | null, signal: string | null): string => (signal ? `killed by ${clean(signal)}` : `exited with code ${code}`);
/** A key fingerprint is hex; anything else is shown escaped, never as given. */
const fingerprintOf = (v: unknown): string | null => (typeof v === 'string' ? clean(v) : null);

/** Eve's report stages in the order the protocol reaches them. */
const STAGES: ReadonlyArray<[string, string]> = [
  ['rawVsAlice', "raw bits vs Alice's"],
  ['rawVsBob', "raw bits vs Bob's"],
  ['rawOnAgreed', 'raw bits where A = B'],
  ['distilled', 'distilled string'],
  ['reconciled', 'reconciled string'],
  ['key', 'key bits'],
];

/**
 * Agreement of the first k raw bits for k on a geometric grid up to all of them, each with its
 * 99% Wilson interval: the interval narrowing as bits accumulate.
 */
export function agreementCurve(a: Uint8Array, b: Uint8Array, points = CURVE_POINTS): CurvePoint[] {
  const n = Math.min(a.length, b.length);
  if (n === 0) return [];
  const ks = new Set<number>();
  const k0 = Math.min(n, 100);
  for (let i = 0; i < points; i++) ks.add(Math.round(k0 * Math.pow(n / k0, i / (points - 1))));
  const out: CurvePoint[] = [];
  let same = 0;
  let k = 0;
  for (const target of [...ks].sort((x, y) => x - y)) {
    for (; k < target; k++) if (a[k] === b[k]) same++;
    const w = wilson(same, k, Z99);
    out.push({ bits: k, rate: same / k, lo: w.lo, hi: w.hi });
  }
  return out;
}

export interface RunInfo {
  run: number;
  protocol: string;
  seed?: string;
  noEve: boolean;
  params: ViewState['params'];
}

/** The page's record of one run, fed by the demo's events. */
export class LiveView {
  readonly state: ViewState;
  private results: Partial<Record<'alice' | 'bob', RoleResult>> = {};
  private lastBits: Record<string, number> = {};

  constructor(info: RunInfo, now = Date.now()) {
    const party = () => ({ pid: null, step: 'starting', exit: null, fault: null });
    this.state = {
      run: info.run,
      protocol: clean(info.protocol),
      seed: info.seed === undefined ? null : clean(info.seed),
      noEve: info.noEve,
      status: 'running',
      startedAt: now,
      elapsedMs: 0,
      params: info.params,
      parties: { alice: party(), eve: party(), bob: party() },
      timeline: [],
      wire: { aliceToBob: 0, bobToAlice: 0, frames: 0, byStage: [] },
      rawSeries: [],
      agreement: { theory: info.params.pTheory, curve: [], measured: null, source: '' },
      funnel: { rawBits: 0, keptBits: null, leakedBits: 0, paBits: null, keyBits: null, beta: null, betaPa: null },
      eve: info.noEve
        ? null
        : { step: 'starting', secrets: '', challengesBroken: 0, belief: null, budgetMs: null, spentMs: null, stages: [], learners: [], broke: [], rawAdvantage: null, keyBitAgreement: null, keyRecovered: null, note: '' },
      key: { alice: null, bob: null, agreed: null, confirmed: null, bits: null },
      failures: [],
      log: [],
      summary: null,
      failure: null,
      phases: [],
      flowing: false,
    };
    this.phase(`starting the processes at once: ${info.noEve ? 'alice and bob (no eve: --no-eve)' : 'alice, eve (the tap) and bob'}`, now);
  }

  /** A phase begins: one entry, at the demo's time of the event that starts it; none once bits flow. */
  private phase(text: string, now: number): void {
    if (this.state.flowing || this.state.phases.at(-1)?.text === text) return;
    this.state.phases.push({ text, atMs: this.ms(now) });
  }

  /** The events before the first raw bits that say what comes next (see the module header). */
  private startupPhase(role: Role, step: string | null, rawBits: number | null, now: number): void {
    const { n, m } = this.state.params;
    if (rawBits !== null && rawBits > 0) {
      this.phase(`first raw bits: ${role === 'bob' ? "Bob's challenges are out" : "alice answers Bob's challenges"}`, now);
      this.state.flowing = true;
    } else if (role === 'bob' && step === 'task')
      this.phase(`bob sent hello; alice samples the task: s and e, A (${m} × ${n}) expanded from a fresh seed, A_μ learning ŝ`, now);
    else if (role === 'alice' && step === 'challenges')
      this.phase(`alice published the task (A's seed, labels); bob expands A from the seed and computes x* = rᵀA`, now);
  }

  private ms(now = Date.now()): number {
    return Math.max(0, now - this.state.startedAt);
  }

  tick(now = Date.now()): void {
    if (this.state.status === 'running') this.state.elapsedMs = this.ms(now);
  }

  spawned(role: string, pid: number, now = Date.now()): void {
    if (!isRole(role)) return;
    this.state.parties[role].pid = pid > 0 ? pid : null;
    // The demo starts all three at once and hands Eve and Bob their peer's address when it
    // listens (demo/run.ts).
    const to = this.state.noEve ? 'alice' : 'eve';
    const doing = { alice: 'loading the profile, starting her worker thread', eve: 'loading; she forwards to alice once alice listens', bob: `loading; he connects once ${to} listens` }[role];
    this.phase(`${role} started (pid ${pid}): ${doing}`, now);
  }

  /** A child's exit, as shown on its card; whether it failed the run is the supervisor's call (died). */
  exited(role: string, code: number | null, signal: string | null): void {
    if (isRole(role)) this.state.parties[role].exit = exitText(code, signal);
  }

  /**
   * The demo's supervisor saw `role` exit while the session still needed it (before its result,
   * or Eve's report; supervise.ts `exited`): a death, shown as a failure naming the child.
   */
  died(role: string, exit: { code: number | null; signal: string | null } | undefined, now = Date.now()): void {
    if (!isRole(role) || this.state.summary !== null) return;
    const how = exit ? exitText(exit.code, exit.signal) : 'exited';
    const pid = this.state.parties[role].pid;
    const text = `${role} process${pid ? ` (pid ${pid})` : ''} died mid-session: ${how}`;
    this.state.parties[role].exit ??= how;
    this.state.parties[role].fault ??= text;
    this.fail(role, text, now);
  }

  /** The demo's supervisor named `role` (it stalled, or never reported): a failure at once. */
  fault(role: string, reason: string, now = Date.now()): void {
    const text = clean(reason);
    if (isRole(role)) this.state.parties[role].fault ??= text;
    this.fail(clean(role), text, now);
  }

  line(role: string, line: string): void {
    const l = clean(line);
    if (l.trim() === '') return;
    this.state.log.push(l.startsWith(`${role}:`) ? l : `${clean(role)}: ${l}`);
    if (this.state.log.length > LOG_LINES) this.state.log.splice(0, this.state.log.length - LOG_LINES);
  }

  message(role: string, m: ChildMessage, now = Date.now()): void {
    if (m.t === 'listening' && isRole(role)) {
      const next = role === 'alice' && !this.state.noEve ? 'eve forwards to her' : 'bob connects';
      this.phase(`${role} listening on port ${num(m.port) ?? '?'}${role === 'eve' ? ', forwarding to alice' : ''}; ${next}`, now);
    }
    if (m.t === 'progress') this.progress(role, m.progress, m.frames, now);
    else if (m.t === 'result') this.result(m.result, now);
    else if (m.t === 'eve-report') this.eveReport(m.report);
  }

  private progress(role: string, p: Record<string, number | string>, frames: FrameTally[] | undefined, now: number): void {
    if (!isRole(role)) return;
    if (typeof p.step === 'string') this.state.parties[role].step = clean(p.step);
    if (role !== 'eve') this.startupPhase(role, typeof p.step === 'string' ? p.step : null, num(p.rawBits), now);
    // Alice and Bob see the same frames; whichever has seen more is the more recent view.
    if (frames && role !== 'eve' && frameCount(frames) >= frameCount(this.state.timeline)) {
      this.state.timeline = frames.map((f) => ({ ...f, type: clean(f.type) }));
      this.state.wire = wireOf(this.state.timeline);
    }
    const bits = num(p.rawBits);
    const seriesOf = SERIES[role];
    if (seriesOf && bits !== null && bits !== this.lastBits[role]) {
      this.lastBits[role] = bits;
      this.pushSeries({ ms: this.ms(now), who: seriesOf, bits });
    }
    if (role !== 'eve') {
      if (bits !== null) this.state.funnel.rawBits = Math.max(this.state.funnel.rawBits, bits);
      const leaked = num(p.leakedBits);
      if (leaked !== null) this.state.funnel.leakedBits = Math.max(this.state.funnel.leakedBits, leaked);
      return;
    }
    const e = this.state.eve;
    if (!e) return;
    e.step = this.state.parties.eve.step;
    e.secrets = typeof p.secrets === 'string' ? clean(p.secrets) : e.secrets;
    e.challengesBroken = num(p.challengesBroken) ?? e.challengesBroken;
    e.belief = num(p.advantage) ?? e.belief;
    e.budgetMs = num(p.budgetMs) ?? e.budgetMs;
    e.spentMs = num(p.spentMs) ?? e.spentMs;
  }

  private pushSeries(pt: { ms: number; who: string; bits: number }): void {
    const s = this.state.rawSeries;
    s.push(pt);
    // Keep the chart light: drop every other point of the older half when full.
    if (s.length > SERIES_POINTS) this.state.rawSeries = [...s.slice(0, s.length / 2).filter((_, i) => i % 2 === 0), ...s.slice(s.length / 2)];
  }

  private result(r: RoleResult, now: number): void {
    this.results[r.role] = r;
    const k = this.state.key;
    k[r.role] = fingerprintOf(r.fingerprint);
    this.state.parties[r.role].step = r.ok ? 'done' : 'failed';
    if (!r.ok) this.fail(r.role, `${r.role} failed at step ${clean(r.step ?? '?')}: ${clean(r.reason ?? 'no reason given')} [${clean(r.code ?? '?')}]`, now);
    const st = r.stats;
    const f = this.state.funnel;
    if (r.role === 'alice' && r.ok) {
      f.rawBits = num(st.rawBits) ?? f.rawBits;
      f.keptBits = num(st.keptBits);
      f.leakedBits = num(st.leakedBits) ?? f.leakedBits;
      f.paBits = num(st.outBits);
      f.keyBits = num(st.keyBits);
    }
    const a = this.results.alice?.truth?.raw;
    const b = this.results.bob?.truth?.raw;
    if (a instanceof Uint8Array && b instanceof Uint8Array && a.length === b.length && a.length > 0) {
      const curve = agreementCurve(a, b);
      this.state.agreement.curve = curve;
      this.state.agreement.measured = curve.at(-1)!.rate;
      this.state.agreement.source = `all ${a.length} raw bits`;
    } else if (r.role === 'alice' && num(st.pHat) !== null && this.state.agreement.measured === null) {
      this.state.agreement.measured = num(st.pHat);
      this.state.agreement.source = `public sample of ${num(st.sampleBits) ?? '?'} bits`;
    }
    const p = this.state.agreement.measured ?? this.state.agreement.theory;
    if (f.keyBits !== null && f.rawBits > 0) f.beta = finite(keyEfficiency(f.keyBits, f.rawBits, p));
    if (f.paBits !== null && f.rawBits > 0) f.betaPa = finite(keyEfficiency(f.paBits, f.rawBits, p));
  }

  private eveReport(rep: Record<string, unknown>): void {
    const e = this.state.eve;
    if (!e) return;
    if (typeof rep.error === 'string') {
      e.note = `analysis failed: ${clean(rep.error)}`;
      return;
    }
    const stages = isObj(rep.stages) ? rep.stages : {};
    e.stages = [];
    for (const [k, label] of STAGES) {
      const s = stages[k];
      if (!isObj(s) || !Array.isArray(s.ci)) continue;
      const [rate, lo, hi, total] = [num(s.rate), num(s.ci[0]), num(s.ci[1]), num(s.total)];
      if (rate === null || lo === null || hi === null || total === null) continue;
      e.stages.push({ stage: label, advantage: rate - 0.5, lo: lo - 0.5, hi: hi - 0.5, total });
    }
    e.learners = (Array.isArray(rep.learners) ? rep.learners : []).filter(isObj).slice(0, 32).map((l) => ({
      name: clean(l.name),
      route: clean(l.route),
      trials: num(l.trials) ?? 0,
      ms: num(l.ms) ?? 0,
      accepted: num(l.accepted) ?? 0,
      correct: num(l.correct),
      advantage: num(l.rawAdvantage),
      note: l.note === undefined ? '' : clean(l.note),
    }));
    e.rawAdvantage = num(rep.rawAdvantage);
    e.keyBitAgreement = num(rep.keyBitAgreement);
    e.keyRecovered = bool(rep.keyRecovered);
    e.step = typeof rep.step === 'string' ? clean(rep.step) : e.step;
    e.broke = whatEveBroke(rep);
    if (typeof rep.abort === 'string') e.note = `session aborted: ${clean(rep.abort)}`;
  }

  /** The demo's outcome: the same figures the terminal demo prints and its --json object. */
  end(fig: DemoFigures, error: string | undefined, now = Date.now()): void {
    const s = this.state;
    s.summary = fig.json;
    s.failure = fig.failure === undefined ? null : clean(fig.failure);
    s.key.agreed = fig.json.keyAgreed;
    s.key.confirmed = fig.json.confirmed;
    s.key.bits = fig.json.keyAgreed ? fig.json.keyBits : null;
    if (fig.fingerprints) {
      s.key.alice = fingerprintOf(fig.fingerprints.alice);
      s.key.bob = fingerprintOf(fig.fingerprints.bob);
    }
    if (s.eve) {
      // The figures the --json summary carries, so the page and the JSON agree by construction.
      s.eve.rawAdvantage = fig.json.eve.rawAdvantage;
      s.eve.keyBitAgreement = fig.json.eve.keyBitAgreement;
      if (fig.eveNote && !s.eve.note) s.eve.note = clean(fig.eveNote);
    }
    if (error) this.fail('demo', clean(error), now);
    if (!(fig.json.confirmed && fig.json.keyAgreed) && s.failures.length === 0) this.fail('demo', s.failure ?? 'no key', now);
    s.status = fig.json.confirmed && fig.json.keyAgreed && !fig.json.failure ? 'done' : 'failed';
    s.elapsedMs = this.ms(now);
  }

  private fail(who: string, text: string, now: number): void {
    // One entry per cause: the same line may arrive from a result and from the outcome.
    if (this.state.failures.some((f) => f.text === text)) return;
    this.state.failures.push({ who, text, atMs: this.ms(now) });
  }
}

const frameCount = (t: readonly FrameTally[]): number => t.reduce((a, f) => a + f.frames, 0);

function wireOf(t: readonly FrameTally[]): ViewState['wire'] {
  const w = summarise(t.map((f) => ({ type: f.type, stage: stageOf(f.type), dir: f.dir, frames: f.frames, bytes: f.bytes })));
  const byStage = WIRE_STAGES.map((stage) => ({ stage, ...w.byStage[stage] })).filter((s) => s.aliceToBob + s.bobToAlice > 0);
  return { aliceToBob: w.aliceToBob.bytes, bobToAlice: w.bobToAlice.bytes, frames: w.total.frames, byStage };
}
const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** One line per attack that succeeded, from her report's counts. */
function whatEveBroke(rep: Record<string, unknown>): string[] {
  const out: string[] = [];
  const s = isObj(rep.secrets) ? rep.secrets : {};
  const [rec, L, correct] = [num(s.recovered), num(s.L), num(s.correct)];
  if (rec !== null && L !== null)
    out.push(`primal route: ${rec} of ${L} secrets s_j recovered${correct === null ? '' : ` (${correct} correct)`}`);
  const d = isObj(rep.dual) ? rep.dual : {};
  const [broken, attempted, needed, trials] = [num(d.broken), num(d.attempted), num(d.needed), num(d.trials)];
  if (broken !== null && attempted !== null)
    out.push(`dual route (${clean(d.algorithm ?? '?')}): ${broken} of ${attempted} attempted challenges broken${needed === null ? '' : `, ${needed} needed`}${trials === null ? '' : `, ${trials} trials`}`);
  const kr = bool(rep.keyRecovered);
  const tag = bool(rep.keyConfirmedByTag);
  out.push(`session key: ${kr === null ? 'not scored' : kr ? 'RECOVERED' : 'not recovered'}${tag === null ? '' : `; her key guess ${tag ? 'matches' : 'fails'} Alice's confirmation tag`}`);
  return out;
}
