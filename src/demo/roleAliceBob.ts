/**
 * The Alice and Bob processes: load the profile, build the party, run it over the
 * WebSocket transport, print each party's own view, and report to `sepka demo` over IPC when
 * started by it.
 *
 * What is printed: the key fingerprint and size on success (the key itself only with
 * --show-key), or one line naming the failed step, the reason and the stable error code.
 * No key is ever printed or reported for a failed session.
 *
 * Alice serves up to --concurrent sessions at once, her parties computing in worker threads
 * (aliceHost.ts), under the admission rules of src/net/server.ts; every session of either
 * role runs under the profile's per-step timeout and whole-session deadline.
 */
import { makeRng } from '../rng.ts';
import type { SessionOutcome } from '../protocol/party.ts';
import { DEFAULT_CONCURRENT, serve } from '../net/server.ts';
import { connect, parseWsUrl } from '../net/client.ts';
import type { SessionOptions, SessionResult } from '../net/transport.ts';
import { LiveStatus } from './liveStatus.ts';
import { hasParent, throttledProgress, toParent, watchParent, type RoleResult } from './ipc.ts';
import { startAliceHost, type AliceHost, type HostedAlice } from './aliceHost.ts';
import type { BobParty } from '../protocol/bob.ts';
import { loadKit, truthOf, type PartyKit } from './parties.ts';
import { closeLabel } from '../net/closeCodes.ts';
import { safeText, safeUrl } from '../text.ts';
import { recordingParty, SessionRecorder, writeTruth } from '../net/transcript.ts';
import { sessionTimeoutOf, type Profile } from '../protocol/profile.ts';
import type { PartyTruth } from '../eve/truth.ts';
import { FrameCounter } from './tally.ts';
import { summarise, wireBrief } from '../protocol/wire.ts';

export interface RoleOptions {
  protocol: string;
  seed?: string;
  timeoutMs?: number;
  json: boolean;
  showKey: boolean;
  /** --save-transcript / --save-truth: files already created empty. */
  record?: { transcript?: string; truth?: string };
}

export interface RoleRun {
  exitCode: number;
  json: Record<string, unknown>;
}

/** Steps after which the session line (success or failure) says it all. */
const ENDED = new Set(['done', 'failed']);

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** The structured result of one session (what --json and the demo see). */
function roleResult(role: 'alice' | 'bob', res: SessionResult, counter?: FrameCounter): RoleResult {
  const o: SessionOutcome = res.outcome;
  const base = { role, ok: o.ok, closeCode: res.close.code, closeBy: res.close.by, ...(counter ? { wire: counter.rows() } : {}) };
  if (o.ok) return { ...base, fingerprint: o.fingerprint, keyBits: o.keyBits, stats: o.stats };
  return { ...base, code: o.code, step: o.step, reason: o.reason, stats: {} };
}

/** The ws:// URL a role listens on, as printed (IPv6 hosts in brackets; escaped: it echoes an argument). */
export const listenUrl = (host: string, port: number): string => safeText(`ws://${host.includes(':') ? `[${host}]` : host}:${port}`);

/** One line for a finished session; `out` gets successes, `err` failures. */
function report(role: string, label: string, res: SessionResult, opts: RoleOptions, status: LiveStatus, counter?: FrameCounter): void {
  status.clear();
  const o = res.outcome;
  const out = (s: string) => (opts.json ? process.stderr : process.stdout).write(s + '\n');
  if (o.ok) {
    const raw = o.stats.rawBits !== undefined ? `, ${o.stats.rawBits} raw bits` : '';
    out(`${role}: ${label}key agreed and confirmed: ${o.keyBits} bits${raw}, fingerprint ${o.fingerprint}`);
    if (opts.showKey) out(`${role}: key ${hex(o.key)}`);
    if (counter) for (const l of wireBrief(summarise(counter.rows(), o.keyBits), `${role}: ${label}`)) out(l);
  } else {
    const close = `close ${closeLabel(res.close.code)}${res.close.by === 'peer' ? ' from peer' : ''}`;
    process.stderr.write(`${role}: ${label}failed at step ${o.step}: ${o.reason} [${o.code}; ${close}]; no key\n`);
  }
}

function progressLine(role: string, p: Record<string, number | string>): string {
  const parts = Object.entries(p)
    .filter(([k]) => k !== 'step')
    .map(([k, v]) => `${k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`);
  return `${role}: step ${p.step ?? '?'}${parts.length ? ' · ' + parts.join(' · ') : ''}`;
}

/**
 * The live status line, the progress sent to the demo (with the frames of the current session
 * by type and direction, tally.ts), and the transport options they feed. `counted` wraps each
 * session's party so its frames are tallied (the latest session's: the demo runs one).
 */
function sessionDisplay(role: 'alice' | 'bob', o: RoleOptions, kit: PartyKit) {
  const status = new LiveStatus();
  const prog = throttledProgress(role);
  let counter = new FrameCounter();
  // Every session's frames are counted (its bytes go into its result); the live display shows the latest.
  const counters = new WeakMap<object, FrameCounter>();
  const session: SessionOptions = {
    stepTimeoutMs: o.timeoutMs ?? kit.stepTimeoutMs,
    sessionTimeoutMs: sessionTimeoutOf(kit.profile),
    onProgress: (p) => {
      prog.push(p, counter.tallies());
      if (!ENDED.has(String(p.step))) status.update(progressLine(role, p), String(p.step));
    },
  };
  const counted = <P extends HostedAlice | BobParty>(party: P): P => {
    const c = (counter = new FrameCounter());
    const p = recordingParty(party, (dir, f) => c.add(dir, f));
    counters.set(p, c);
    return p;
  };
  const counterOf = (party: object): FrameCounter | undefined => counters.get(party);
  return { status, prog, session, counted, counterOf };
}

function sessionJson(r: RoleResult, key: Uint8Array | undefined, showKey: boolean): Record<string, unknown> {
  const { truth: _truth, wire, ...rest } = r;
  // The rows the demo receives become the summary a reader wants (each way, per stage, per key bit).
  const pub = { ...rest, ...(wire ? { wire: summarise(wire, r.ok ? (r.keyBits ?? 0) : 0) } : {}) };
  return showKey && key ? { ...pub, key: hex(key) } : pub;
}

/** Alice's admission options (src/net/server.ts; defaults there). */
export interface AliceLimits {
  concurrent?: number;
  maxPending?: number;
  connRate?: number;
  maxPerAddress?: number;
}

/** `started`: her host, when the caller started it early (cli/roles.ts); else started here. */
export async function runAlice(o: RoleOptions & AliceLimits & { listen: { host: string; port: number }; sessions: number }, started?: Promise<AliceHost>): Promise<RoleRun> {
  const kit = loadKit(o.protocol);
  watchParent();
  const t0 = Date.now();
  const concurrent = o.concurrent ?? DEFAULT_CONCURRENT;
  const host = await (started ?? startAliceHost({ protocol: o.protocol, seed: o.seed, threads: concurrent }));
  const { status, prog, session, counted, counterOf } = sessionDisplay('alice', o, kit);
  const done: Record<string, unknown>[] = [];
  const { record, endRecord } = recorders(o, kit.profile, 'alice');
  const sends: Promise<void>[] = [];
  const parties: HostedAlice[] = [];
  // A failed bind (EADDRINUSE, an unknown host) must not leave her worker threads holding the
  // process open after the one-line error.
  const server = await serve({
    host: o.listen.host,
    port: o.listen.port,
    maxPayload: kit.maxPayload,
    sessions: o.sessions,
    session,
    concurrent,
    maxPending: o.maxPending,
    connRate: o.connRate,
    maxPerAddress: o.maxPerAddress,
    newParty: (i) => (parties[i] = counted(record(host.party(i), i))),
    onSessionStart: (i, remote) => status.log(`alice: session ${i + 1}: peer ${remote}`),
    onSessionEnd: (i, res) => {
      prog.flush();
      const label = o.sessions === 1 ? '' : `session ${i + 1}: `;
      const party = parties[i];
      report('alice', label, res, o, status, counterOf(party));
      const r = roleResult('alice', res, counterOf(party));
      delete parties[i];
      sends.push(
        party.end().then(
          (truth) => {
            endRecord(i, truth);
            if (hasParent()) return toParent({ t: 'result', role: 'alice', result: { ...r, truth } });
          },
          () => {
            // Her worker died: the session has already failed (1011); there is no truth to send.
            if (hasParent()) return toParent({ t: 'result', role: 'alice', result: r });
          },
        ),
      );
      done.push(sessionJson(r, res.outcome.ok ? res.outcome.key : undefined, o.showKey));
    },
    onRefused: (remote, code, reason) => status.log(`alice: refused ${remote}: ${reason} [close ${closeLabel(code)}]`),
    onLeft: (remote) => status.log(`alice: ${remote} left while waiting for a session slot`),
  }).catch(async (e: unknown) => {
    await host.close();
    throw e;
  });
  process.stderr.write(`alice: listening on ${listenUrl(o.listen.host, server.port)} (protocol ${safeText(o.protocol)})\n`);
  await toParent({ t: 'listening', role: 'alice', port: server.port });
  const results = await server.done;
  await Promise.all(sends);
  await host.close();
  const ok = results.length > 0 && results.every((r) => r.outcome.ok);
  return { exitCode: ok ? 0 : 1, json: { role: 'alice', protocol: o.protocol, sessions: done, ms: Date.now() - t0 } };
}

/** `url`: a promise when `sepka demo` sends it later (cli/roles.ts); Bob gets ready meanwhile. */
export async function runBob(o: RoleOptions & { url: string | Promise<string> }): Promise<RoleRun> {
  if (typeof o.url === 'string') parseWsUrl(o.url, 'connect');
  const kit = loadKit(o.protocol);
  watchParent();
  const t0 = Date.now();
  const { status, prog, session, counted, counterOf } = sessionDisplay('bob', o, kit);
  const { record, endRecord } = recorders(o, kit.profile, 'bob');
  const party = counted(record(kit.newBob(makeRng(o.seed, 'bob')), 0));
  const url = await o.url;
  parseWsUrl(url, 'connect');
  const res = await connect(party, { url, maxPayload: kit.maxPayload, session });
  endRecord(0, truthOf(party));
  prog.flush();
  report('bob', '', res, o, status, counterOf(party));
  const r = roleResult('bob', res, counterOf(party));
  if (hasParent()) await toParent({ t: 'result', role: 'bob', result: { ...r, truth: truthOf(party) } });
  const json = { protocol: o.protocol, ...sessionJson(r, res.outcome.ok ? res.outcome.key : undefined, o.showKey), ms: Date.now() - t0 };
  return { exitCode: res.outcome.ok ? 0 : 1, json };
}

/**
 * --save-transcript: wrap each session's party so its frames are recorded (in the order it sees
 * them, which is wire order); at the session's end the session is appended to the file, and
 * with --save-truth this party's part of the ground truth to the truth file.
 */
function recorders(o: RoleOptions, profile: Profile, role: 'alice' | 'bob') {
  const recs = new Map<number, SessionRecorder>();
  return {
    record<P extends HostedAlice | BobParty>(party: P, i: number): P {
      if (!o.record?.transcript) return party;
      const rec = new SessionRecorder(o.record.transcript, i, profile, role, 'eve');
      recs.set(i, rec);
      return recordingParty(party, (dir, f) => rec.frame(dir, f));
    },
    endRecord(i: number, t: PartyTruth): void {
      recs.get(i)?.end();
      recs.delete(i);
      if (!o.record?.truth) return;
      if (t.role === 'alice') writeTruth(o.record.truth, i, { alice: { raw: t.raw, kept: t.keptString, secrets: t.secrets, key: t.key } });
      else writeTruth(o.record.truth, i, { bob: { raw: t.raw, rs: t.rs } });
    },
  };
}
