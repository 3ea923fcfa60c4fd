/**
 * `sepka alice|bob|eve` (DESIGN.md §6): each party in its own process, for running
 * them in separate terminals or as the children of `sepka demo`.
 *
 * Options shared by all three: --protocol NAME (default DEFAULT_PROFILE, paper-128), --seed S (derived per role:
 * seededRng(S, 'alice'), …), --timeout-ms (per-step wait for the peer), --json. Alice and Bob
 * print their key fingerprint, never the key unless --show-key. Exit codes follow §6: 0 every
 * session confirmed a key, 1 a session failed (one-line reason naming the step), 2 bad usage.
 *
 * With --json, stdout carries exactly one JSON object at the end; the progress and the
 * per-session lines go to stderr.
 */
import { Command, intOpt, printJson, seedOpt, warnIfSeeded } from './args.ts';
import { SepkaError } from '../errors.ts';
import type { RoleOptions } from '../demo/roleAliceBob.ts';
import { startAliceHost } from '../demo/aliceHost.ts';
import { hasParent, keepParentMessages, peerFromParent } from '../demo/ipc.ts';
import { parseWsUrl } from '../net/client.ts';
import { DEFAULT_MAX_CLIENTS, DEFAULT_UPSTREAM_TIMEOUT_MS } from '../net/eveTap.ts';
import { DEFAULT_CONCURRENT, DEFAULT_CONN_RATE, DEFAULT_MAX_PENDING, defaultMaxPerAddress } from '../net/server.ts';
import { DEFAULT_PROFILE, loadProfile, paramsHash } from '../protocol/profile.ts';
import { runMeta, type RunMeta } from '../meta.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../eve/state.ts';
import { RECORD_OPTIONS, RECORD_USAGE, recordPaths } from './record.ts';
import { wrap } from '../term.ts';

const COMMON = {
  protocol: { type: 'string' },
  seed: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
} as const;

const COMMON_USAGE = `  --protocol NAME     profile name in protocols/, or a profile file's path (default: ${DEFAULT_PROFILE})
  --seed S            reproducible simulation (NOT secure); each role derives its own stream
  --timeout-ms T      longest wait for the peer's next frame (default: the profile's stepTimeoutMs)
  --json              print one JSON object on stdout at the end (progress stays on stderr)`;

/** HOST:PORT, with IPv6 hosts in brackets; port 0 asks the OS for a free one. */
export function parseHostPort(v: unknown, flag: string): { host: string; port: number } {
  if (typeof v !== 'string') throw new SepkaError('SEPKA_ERR_USAGE', `--${flag} HOST:PORT is required`);
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(v);
  if (!m) throw new SepkaError('SEPKA_ERR_USAGE', `--${flag}: expected HOST:PORT (e.g. 127.0.0.1:7878), got '${v}'`);
  const port = Number(m[3]);
  if (port > 65535) throw new SepkaError('SEPKA_ERR_USAGE', `--${flag}: port ${port} is out of range`);
  return { host: m[1] ?? m[2], port };
}

function common(values: Record<string, string | boolean | undefined>): RoleOptions {
  const o: RoleOptions = {
    protocol: values.protocol === undefined ? DEFAULT_PROFILE : String(values.protocol),
    seed: seedOpt(values.seed),
    timeoutMs: values['timeout-ms'] === undefined ? undefined : intOpt(values['timeout-ms'], 'timeout-ms', 0, 50, 3_600_000),
    json: Boolean(values.json),
    showKey: Boolean(values['show-key']),
  };
  loadProfile(o.protocol);
  o.record = recordPaths(values); // an unknown profile is a usage error (exit 2) ...
  warnIfSeeded(o.seed); // ... and is reported alone, before this warning
  return o;
}

/**
 * The URL of --connect or --forward; a process `sepka demo` started without it gets it from
 * the demo later (the promise), so that it loads while Alice (and Eve) start.
 */
function peer(v: string | boolean | undefined, flag: string): string | Promise<string> {
  if (typeof v === 'string') {
    parseWsUrl(v, flag);
    return v;
  }
  if (!hasParent()) throw new SepkaError('SEPKA_ERR_USAGE', `--${flag} URL is required`);
  keepParentMessages();
  const url = peerFromParent(flag);
  url.catch(() => {}); // awaited by the role; an early failure must not be an unhandled rejection
  return url;
}

/** A role's --json `meta`: its seed and its profile's parameter hash (src/meta.ts). */
const roleMeta = (o: RoleOptions, startedAt: Date): RunMeta => runMeta({ startedAt, seed: o.seed, paramsHash: paramsHash(loadProfile(o.protocol)) });

export const alice: Command = {
  summary: 'run Alice (listens for Bob)',
  usage: `usage: sepka alice --listen HOST:PORT [--protocol NAME] [--seed S] [--sessions K] [--concurrent K]
                   [--max-pending P] [--conn-rate R] [--max-per-address A] [--show-key]
                   [--timeout-ms T] [--json]

Listens for Bob (directly or through Eve) and runs up to --concurrent sessions at once, each
computing in a worker thread. A client that finds every slot taken waits for one step timeout
(at most --max-pending of them; its hello is held, a second frame is refused with 1008); past
that it is refused with close 1013 "busy". A waiting client that hangs up leaves the queue at
once. Every session ends at the profile's sessionTimeoutMs (default 120 s; 4008 "over limit").

  --listen HOST:PORT  address to listen on (port 0: any free port, printed on stderr)
  --sessions K        serve K sessions, then exit (default 1; 0 = until interrupted)
  --concurrent K      sessions at once (default ${DEFAULT_CONCURRENT})
  --max-pending P     connections that may wait for a free slot (default ${DEFAULT_MAX_PENDING})
  --conn-rate R       new connections a second per address, bursts of 2R (default ${DEFAULT_CONN_RATE};
                      0 = no limit); past it, close 4029 "rate limited"
  --max-per-address A sessions one address may hold, running or waiting (default min(2, K − 1),
                      at least 1: ${defaultMaxPerAddress(DEFAULT_CONCURRENT)} at K = ${DEFAULT_CONCURRENT}); past it, close 4013 "per-address limit".
                      Behind a proxy or Eve all clients share one address: raise it there
  --show-key          print the key itself, not only its fingerprint
${RECORD_USAGE}
${COMMON_USAGE}`,
  options: {
    ...COMMON,
    ...RECORD_OPTIONS,
    listen: { type: 'string' },
    sessions: { type: 'string' },
    concurrent: { type: 'string' },
    'max-pending': { type: 'string' },
    'conn-rate': { type: 'string' },
    'max-per-address': { type: 'string' },
    'show-key': { type: 'boolean' },
  },
  async run(values, _pos, run) {
    const listen = parseHostPort(values.listen, 'listen');
    const sessions = intOpt(values.sessions, 'sessions', 1, 0, 1_000_000);
    const concurrent = intOpt(values.concurrent, 'concurrent', DEFAULT_CONCURRENT, 1, 256);
    const maxPending = intOpt(values['max-pending'], 'max-pending', DEFAULT_MAX_PENDING, 0, 65_536);
    const connRate = intOpt(values['conn-rate'], 'conn-rate', DEFAULT_CONN_RATE, 0, 100_000);
    const maxPerAddress = intOpt(values['max-per-address'], 'max-per-address', defaultMaxPerAddress(concurrent), 1, 1_000_000);
    const o = common(values);
    // Her first worker thread starts loading now, while this thread loads the network stack
    // (the role modules are imported here, not above, for that overlap). runAlice awaits it.
    const host = startAliceHost({ protocol: o.protocol, seed: o.seed, threads: concurrent });
    host.catch(() => {});
    const { runAlice } = await import('../demo/roleAliceBob.ts');
    const out = await runAlice({ ...o, listen, sessions, concurrent, maxPending, connRate, maxPerAddress }, host);
    if (values.json) printJson(out.json, roleMeta(o, run.startedAt));
    return out.exitCode;
  },
};

export const bob: Command = {
  summary: 'run Bob (connects to Alice or to Eve)',
  usage: `usage: sepka bob --connect URL [--protocol NAME] [--seed S] [--show-key] [--timeout-ms T] [--json]

Connects to Alice (or to Eve, who forwards to Alice) and runs one session.

  --connect URL       ws://HOST:PORT of Alice or Eve (started by sepka demo without it: the
                      demo sends it once Alice, or Eve, listens)
  --show-key          print the key itself, not only its fingerprint
${RECORD_USAGE}
${COMMON_USAGE}`,
  options: { ...COMMON, ...RECORD_OPTIONS, connect: { type: 'string' }, 'show-key': { type: 'boolean' } },
  async run(values, _pos, run) {
    const url = peer(values.connect, 'connect');
    const o = common(values);
    const { runBob } = await import('../demo/roleAliceBob.ts');
    const out = await runBob({ ...o, url });
    if (values.json) printJson(out.json, roleMeta(o, run.startedAt));
    return out.exitCode;
  },
};

export const eve: Command = {
  summary: 'run Eve as a forwarding tap between Bob and Alice',
  usage: `usage: sepka eve --listen HOST:PORT --forward URL [--eve-budget-ms B] [--upstream-timeout-ms T]
                 [--max-clients N] [--protocol NAME] [--seed S] [--sessions K] [--json]
       sepka eve --replay FILE [--truth FILE]... [--session I] [--eve-budget-ms B] [--seed S] [--json]

Listens for Bob, forwards every frame to Alice and back unchanged, and analyses copies in a
worker thread: her learners attack each challenge, then she follows the public distillation,
reconciliation and amplification with her own guesses. Prints her running figures on stderr
and her report at the end of each session. What Bob sends before Alice's socket opens is held
for her, at most one largest legal message (the profile's) per client: past it, Bob is closed
with 1013 "try again later"; an Alice who does not complete the WebSocket handshake within
--upstream-timeout-ms gets Bob closed with 1011, and what he queued is dropped.

  --listen HOST:PORT  address Bob connects to (port 0: any free port)
  --forward URL       ws://HOST:PORT of Alice (started by sepka demo without it: the demo sends
                      it once Alice listens)
  --upstream-timeout-ms T  longest wait for Alice's WebSocket handshake, per client (default ${DEFAULT_UPSTREAM_TIMEOUT_MS})
  --max-clients N     most clients relayed at once (default ${DEFAULT_MAX_CLIENTS}); one more is closed with 1013
  --eve-budget-ms B   Eve's attack budget for the whole session, ms (default ${DEFAULT_EVE_BUDGET_MS})
  --sessions K        tap K sessions, then exit (default 1; 0 = until interrupted)
  --replay FILE       no network: run her analysis on a recorded transcript (--save-transcript);
                      the profile is the one stored in the file, her RNG stream the live one's
  --truth FILE        with --replay: score her against a --save-truth file (repeatable)
  --session I         with --replay: only session I of the file
${RECORD_USAGE}
${COMMON_USAGE}`,
  options: {
    ...COMMON,
    ...RECORD_OPTIONS,
    listen: { type: 'string' },
    forward: { type: 'string' },
    'eve-budget-ms': { type: 'string' },
    'upstream-timeout-ms': { type: 'string' },
    'max-clients': { type: 'string' },
    sessions: { type: 'string' },
    replay: { type: 'string' },
    truth: { type: 'string', multiple: true },
    session: { type: 'string' },
  },
  async run(values, _pos, run) {
    if (values.replay !== undefined) return replay(values, run.startedAt);
    const listen = parseHostPort(values.listen, 'listen');
    const forward = peer(values.forward, 'forward');
    const sessions = intOpt(values.sessions, 'sessions', 1, 0, 1_000_000);
    const budgetMs = values['eve-budget-ms'] === undefined ? undefined : intOpt(values['eve-budget-ms'], 'eve-budget-ms', 0, 1, 3_600_000);
    const upstreamTimeoutMs = intOpt(values['upstream-timeout-ms'], 'upstream-timeout-ms', DEFAULT_UPSTREAM_TIMEOUT_MS, 100, 3_600_000);
    const maxClients = intOpt(values['max-clients'], 'max-clients', DEFAULT_MAX_CLIENTS, 1, 100_000);
    const o = common(values);
    const { runEve } = await import('../demo/roleEve.ts');
    const out = await runEve({ ...o, listen, forward, sessions, budgetMs, upstreamTimeoutMs, maxClients });
    if (values.json) printJson(out.json, roleMeta(o, run.startedAt));
    return out.exitCode;
  },
};

/** `sepka eve --replay FILE`: her analysis offline, one report per recorded session. */
async function replay(values: Record<string, string | boolean | undefined>, startedAt: Date): Promise<number> {
  for (const k of ['listen', 'forward', 'sessions', 'upstream-timeout-ms', 'max-clients', 'save-transcript', 'save-truth']) {
    if (values[k] !== undefined) throw new SepkaError('SEPKA_ERR_USAGE', `--replay reads a recorded transcript: --${k} does not apply`);
  }
  const file = String(values.replay);
  const seed = seedOpt(values.seed);
  const budgetMs = values['eve-budget-ms'] === undefined ? undefined : intOpt(values['eve-budget-ms'], 'eve-budget-ms', 0, 0, 3_600_000);
  const session = values.session === undefined ? undefined : intOpt(values.session, 'session', 0, 0);
  const truth = (values.truth as unknown as string[] | undefined) ?? [];
  const { replayTranscript } = await import('../demo/replay.ts');
  const { reportLines } = await import('../demo/roleEve.ts');
  const res = replayTranscript({ file, truth, seed, budgetMs, session });
  warnIfSeeded(seed);
  // One parameter hash when every replayed session used the same profile, else null.
  const hashes = new Set(res.map((r) => Buffer.from(r.paramsHash).toString('hex')));
  const meta = runMeta({ startedAt, seed, paramsHash: hashes.size === 1 ? res[0].paramsHash : null });
  if (values.json) printJson({ role: 'eve', replay: file, sessions: res.map((r) => ({ session: r.session, recorder: r.recorder, scored: r.scored, ...r.report })) }, meta);
  else
    for (const r of res) {
      const head = `eve: replay of session ${r.session} (${r.protocol}, ${r.frames} frames, recorded by ${r.recorder})${r.scored ? ' (scored against the truth file)' : ' (transcript only)'}:`;
      process.stdout.write(wrap(head, '  ').join('\n') + '\n');
      for (const l of reportLines(r.report)) process.stdout.write(l + '\n');
    }
  return 0;
}
