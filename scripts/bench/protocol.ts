/**
 * Protocol section of `npm run bench`. Medians over repeated runs of:
 *
 *   challenges   Bob's challenge (r of weight w, x* = rᵀA, his L bits rᵀZ) plus Alice's answer
 *                x*ᵀŜ, in-process: challenges per second, and raw bits agreed per second
 *                (L per challenge, on both sides);
 *   amplify      the post-agreement pipeline on one session's worth of raw bits at the profile's
 *                theory agreement p: estimation sample, repetition-code distillation with ℓ,
 *                Cascade (run locally, both strings in memory), Toeplitz hashing and HKDF
 *                (src/protocol/*): raw bits in per second and key bits out per second; only
 *                for profiles amplified by blocks + Cascade (bit pairs + LDPC: the session
 *                rows, and per stage `--only amplify`);
 *   session      time to a confirmed key (DESIGN.md §3): whole Alice/Bob sessions, in-process
 *                (protocol/channel.ts) and over WebSockets on 127.0.0.1 (net/server.ts and
 *                net/client.ts, both ends in this process, so the figure is protocol + ws
 *                framing + loopback, without process start-up).
 *
 * Profiles: `demo-256` (n = 256, bit pairs + LDPC), `demo-256-blocks` (its task, blocks + Cascade)
 * and `paper-1024`. Randomness is seeded (ARC4, never xorshift).
 */
import { packBits } from '../../src/protocol/bits.ts';
import { createAlice } from '../../src/protocol/alice.ts';
import { amplify, paLength, sessionKeyBits } from '../../src/protocol/amplify.ts';
import { createBob } from '../../src/protocol/bob.ts';
import { cascadeLocal, cascadePlan, initialBlockSize } from '../../src/protocol/cascade.ts';
import { distillKeep, distillMask, estimationSample, keptString, remainingPositions } from '../../src/protocol/distill.ts';
import { limitsOf, maxFrameBytes } from '../../src/protocol/messages/index.ts';
import { derive, distillOf, loadProfile, reconcilerOf, type Profile } from '../../src/protocol/profile.ts';
import { aliceRawBits, makeChallenge, publishTask } from '../../src/separation/lpn.ts';
import { errorAfter } from '../../src/protocol/theory.ts';
import { runInMemorySession } from '../../src/protocol/channel.ts';
import { connect } from '../../src/net/client.ts';
import { serve } from '../../src/net/server.ts';
import { startTap } from '../../src/net/eveTap.ts';
import { bernoulli, randomBytes, seededRng } from '../../src/rng.ts';
import { median } from '../../src/stats.ts';
import { BenchSection, timeMedian } from './section.ts';

export interface ProtocolRecord {
  profile: string;
  /** challenges | amplify | session */
  bench: string;
  /** in-process | websocket | ws via eve (Eve's forwarding tap on the path) */
  transport: 'in-process' | 'websocket' | 'ws via eve';
  metric: string;
  value: number;
  unit: string;
  /** Repeats the median is over. */
  reps: number;
  /** What one repeat does (sizes), for the report. */
  what: string;
}

const PROFILES = ['demo-256', 'demo-256-blocks', 'paper-1024'];
/** Whole sessions per (profile, transport): at least this many, then more until ~8 s. */
const SESSION_REPS = { min: 3, max: 15, budgetMs: 8000 };
const CHALLENGE_BATCH = 64;

function benchChallenges(p: Profile): ProtocolRecord[] {
  const rng = seededRng('bench', `protocol/challenges/${p.name}`);
  const task = publishTask(p, rng);
  const batch = () => {
    for (let c = 0; c < CHALLENGE_BATCH; c++) {
      const ch = makeChallenge(task.A, task.Z, p.w, rng);
      aliceRawBits(ch.x, task.SHat);
    }
  };
  const { ms, reps } = timeMedian(() => undefined, batch, { minReps: 5, maxReps: 200, budgetMs: 500 });
  const perSec = (CHALLENGE_BATCH / ms) * 1000;
  const what = `${CHALLENGE_BATCH} challenges, n = ${p.n}, m = ${p.m}, w = ${p.w}, L = ${p.L}`;
  return [
    { profile: p.name, bench: 'challenges', transport: 'in-process', metric: 'challenges', value: perSec, unit: '/s', reps, what },
    { profile: p.name, bench: 'challenges', transport: 'in-process', metric: 'raw bits agreed', value: perSec * p.L, unit: '/s', reps, what },
  ];
}

/** One session's worth of raw bits at agreement p, as Alice's and Bob's strings. */
function rawPair(rawBits: number, p: number, seed: string): { a: Uint8Array; b: Uint8Array } {
  const rng = seededRng('bench', seed);
  const a = new Uint8Array(rawBits);
  const b = new Uint8Array(rawBits);
  for (let i = 0; i < rawBits; i++) {
    a[i] = rng.u32() & 1;
    b[i] = a[i] ^ bernoulli(rng, 1 - p);
  }
  return { a, b };
}

function benchAmplify(p: Profile): ProtocolRecord[] {
  // This pipeline is blocks + Cascade; a profile amplified otherwise is timed by its sessions.
  if (distillOf(p) !== 'blocks' || reconcilerOf(p) !== 'cascade') return [];
  const d = derive(p);
  const ell = p.ell === 'auto' ? d.ellTheory : p.ell;
  const { a, b } = rawPair(d.rawBits, d.pTheory, `protocol/amplify/${p.name}`);
  const coins = seededRng('bench', `protocol/amplify/${p.name}/coins`);
  const seed = randomBytes(coins, 32);
  const th = new Uint8Array(32);
  let keyBits = 0;
  const run = () => {
    const sample = estimationSample(seed, d.rawBits, d.sampleBits);
    const remaining = remainingPositions(d.rawBits, sample);
    const blocks = Math.floor(remaining.length / ell);
    const c = new Uint8Array(blocks);
    for (let i = 0; i < blocks; i++) c[i] = coins.u32() & 1;
    const masked = distillMask(a, remaining, ell, c);
    const { kept, values } = distillKeep(b, remaining, ell, masked);
    const aliceStr = keptString(c, kept);
    const bobStr = keptString(values, kept);
    const N = aliceStr.length;
    const plan = cascadePlan(seed, N, p.cascadePasses, initialBlockSize(errorAfter(d.pTheory, ell), N));
    const st = cascadeLocal(plan, aliceStr, bobStr);
    const outBits = paLength(N, st.disclosed + p.verifyBits, p.paMarginBits);
    keyBits = outBits > 0 ? sessionKeyBits(outBits, p.targetKeyBits) : 0;
    if (outBits > 0) amplify(st.bits, seed, outBits, keyBits, th);
    return packBits(st.bits);
  };
  const { ms, reps } = timeMedian(() => undefined, run, { minReps: 3, maxReps: 50, budgetMs: 2000 });
  const what = `${d.rawBits} raw bits at p = ${d.pTheory.toFixed(3)}, ℓ = ${ell} blocks + Cascade, → ${keyBits}-bit key`;
  return [
    { profile: p.name, bench: 'amplify', transport: 'in-process', metric: 'raw bits in', value: (d.rawBits / ms) * 1000, unit: '/s', reps, what },
    { profile: p.name, bench: 'amplify', transport: 'in-process', metric: 'key bits out', value: (keyBits / ms) * 1000, unit: '/s', reps, what },
  ];
}

const repeatSessions = async (one: (i: number) => Promise<number>): Promise<{ ms: number; reps: number }> => {
  await one(-1); // warm-up: JIT and first-use allocations are not what a session costs
  const times: number[] = [];
  let total = 0;
  for (let i = 0; times.length < SESSION_REPS.min || (total < SESSION_REPS.budgetMs && times.length < SESSION_REPS.max); i++) {
    const t = await one(i);
    times.push(t);
    total += t;
  }
  return { ms: median(times), reps: times.length };
};

function confirmedOrThrow(ok: boolean, where: string): void {
  if (!ok) throw new Error(`${where}: the session did not end with a confirmed key`);
}

/**
 * One Alice/Bob session over WebSockets on 127.0.0.1, both ends in this process; with `viaEve`
 * Eve's forwarding tap (net/eveTap.ts) sits between them, copying every frame to a no-op
 * analysis, so the difference is what her relaying adds to the honest parties' time (measured
 * negligible). Returns the ms from Bob's connect to both confirmed keys.
 */
async function wsSession(p: Profile, i: number, viaEve: boolean): Promise<number> {
  const maxPayload = maxFrameBytes(limitsOf(p));
  const session = { stepTimeoutMs: p.stepTimeoutMs };
  const server = await serve({
    host: '127.0.0.1',
    port: 0,
    maxPayload,
    sessions: 1,
    session,
    newParty: () => createAlice(p, { rng: seededRng('bench', `protocol/ws/${p.name}/${i}/alice`) }),
  });
  const tap = viaEve ? await startTap({ host: '127.0.0.1', port: 0, forward: `ws://127.0.0.1:${server.port}`, maxPayload, onFrame: () => {} }) : null;
  const bob = createBob(p, { rng: seededRng('bench', `protocol/ws/${p.name}/${i}/bob`) });
  const t0 = performance.now();
  const url = `ws://127.0.0.1:${tap ? tap.port : server.port}`;
  const [b, [a]] = await Promise.all([connect(bob, { url, maxPayload, session }), server.done]);
  const ms = performance.now() - t0;
  await tap?.close();
  confirmedOrThrow(a.outcome.ok && b.outcome.ok, `${p.name} over WebSockets${viaEve ? " through Eve's tap" : ''}`);
  return ms;
}

async function benchSessions(p: Profile, progress: (line: string) => void): Promise<ProtocolRecord[]> {
  const what = `one session, ${p.targetKeyBits}-bit key target`;
  const inProc = await repeatSessions(async (i) => {
    const alice = createAlice(p, { rng: seededRng('bench', `protocol/session/${p.name}/${i}/alice`) });
    const bob = createBob(p, { rng: seededRng('bench', `protocol/session/${p.name}/${i}/bob`) });
    const t0 = performance.now();
    const r = runInMemorySession(alice, bob);
    const ms = performance.now() - t0;
    confirmedOrThrow(r.alice.ok && r.bob.ok, `${p.name} in-process`);
    return ms;
  });
  progress(`  protocol: ${p.name} in-process session ${inProc.ms.toFixed(0)} ms`);
  const ws = await repeatSessions((i) => wsSession(p, i, false));
  progress(`  protocol: ${p.name} websocket session ${ws.ms.toFixed(0)} ms`);
  const viaEve = await repeatSessions((i) => wsSession(p, i, true));
  progress(`  protocol: ${p.name} websocket session via eve ${viaEve.ms.toFixed(0)} ms`);
  return [
    { profile: p.name, bench: 'session', transport: 'in-process', metric: 'time to confirmed key', value: inProc.ms, unit: 'ms', reps: inProc.reps, what },
    { profile: p.name, bench: 'session', transport: 'websocket', metric: 'time to confirmed key', value: ws.ms, unit: 'ms', reps: ws.reps, what },
    { profile: p.name, bench: 'session', transport: 'ws via eve', metric: 'time to confirmed key', value: viaEve.ms, unit: 'ms', reps: viaEve.reps, what },
  ];
}

const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toPrecision(3)} M` : x >= 1e4 ? `${(x / 1e3).toPrecision(3)} k` : x.toPrecision(3) + ' ');

const protocol: BenchSection<ProtocolRecord> = {
  name: 'protocol',
  async run(progress) {
    const out: ProtocolRecord[] = [];
    for (const name of PROFILES) {
      const p = loadProfile(name);
      progress(`protocol: ${name}`);
      out.push(...benchChallenges(p), ...benchAmplify(p), ...(await benchSessions(p, progress)));
    }
    return out;
  },
  format(records) {
    const lines = ['Protocol (medians; `npm run bench -- --only protocol`)', ''];
    const w = Math.max(11, ...records.map((r) => r.profile.length + 1));
    lines.push(`${'profile'.padEnd(w)} ${'bench'.padEnd(11)} ${'transport'.padEnd(11)} ${'metric'.padEnd(22)} ${'median'.padStart(12)}  reps  what`);
    for (const r of records) {
      lines.push(
        `${r.profile.padEnd(w)} ${r.bench.padEnd(11)} ${r.transport.padEnd(11)} ${r.metric.padEnd(22)} ${(fmt(r.value) + r.unit).padStart(12)}  ${String(r.reps).padStart(4)}  ${r.what}`,
      );
    }
    lines.push('', 'websocket: Alice server and Bob client in one process on 127.0.0.1 (no process start-up); see `sepka demo` for three processes.');
    lines.push("ws via eve: the same with Eve's forwarding tap between them (frames copied to a no-op analysis): her relaying cost.");
    lines.push('amplify: the blocks + Cascade pipeline alone, for the profiles that use it; bit pairs + LDPC per stage: --only amplify.');
    return lines.join('\n');
  },
};
export default protocol;
