/**
 * `npm run bench -- --only stages`: where the time of a paper-128 session goes.
 *
 * In-process: whole sessions of the code `measure` runs (createAlice/createBob over
 * protocol/channel.ts), every call of a party timed, and the separation's own steps timed from
 * inside the session (Alice is given the profile's separation with its methods wrapped by a
 * clock: A_μ is `learnMultimodal`, Bob's expansion of A is `openPublic`, his challenges
 * `challenge`). A call belongs to the stage of the last frame it sends (protocol/wire.ts
 * STAGE_OF), or of the frame it handles when it sends none; Alice's publication call is split
 * into expanding A (the same expandMatrix of m×n timed alone, as the session's one cannot be
 * reached from outside), A_μ, and publishing the labels (the rest of that call: the secrets,
 * A·S ⊕ e, packing and encoding m·L bits). The rows are medians over the sessions; their sum
 * is printed beside the median measured session time (wall clock around the whole channel
 * run), which it must match within 10 %: every cycle of a session is spent inside a party.
 *
 * Across processes: `sepka alice` and `sepka bob` started as a user starts them, on 127.0.0.1:
 * process start-up (spawn until Alice listens; Bob's wall time less the session time he
 * reports) and the session over WebSocket (Bob's reported time), against the in-process one;
 * the difference is the WebSocket framing and Alice's worker thread.
 *
 * The largest cost is then set against what bounds it: A_μ's elimination against M4RI on the
 * same shape (scripts/bench/m4ri.ts; skipped without libm4ri-dev), the expansion against
 * SHAKE128's own speed on the same number of bytes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAlice } from '../../src/protocol/alice.ts';
import { createBob } from '../../src/protocol/bob.ts';
import { runInMemorySession } from '../../src/protocol/channel.ts';
import type { Party, PartyOutput } from '../../src/protocol/party.ts';
import { derive, loadProfile, type Profile } from '../../src/protocol/profile.ts';
import { stageOf, typeName, type Stage } from '../../src/protocol/wire.ts';
import { separationOf } from '../../src/separation/index.ts';
import type { Separation } from '../../src/separation/types.ts';
import { expandMatrix, shakeBytes } from '../../src/task/expand.ts';
import { seededRng } from '../../src/rng.ts';
import { median } from '../../src/stats.ts';
import { buildM4ri, compareM4ri } from './m4ri.ts';
import type { BenchSection } from './section.ts';

export interface StageRow {
  /** in-process | processes */
  where: 'in-process' | 'processes';
  row: string;
  ms: number;
  what: string;
}
export interface StagesRecord {
  profile: string;
  sessions: number;
  rows: StageRow[];
  /** In-process: the sum of the rows and the measured session time (medians). */
  sumMs: number;
  sessionMs: number;
  /** Across processes (null when the processes could not be run). */
  processes: { aliceStartMs: number; bobStartMs: number; sessionMs: number; wallMs: number } | null;
  /** The largest in-process row. */
  largest: { row: string; ms: number };
  /** The three heavy computations beside what bounds each (ms null: the reference could not run). */
  bounds: { row: string; ms: number; reference: string; referenceMs: number | null; note: string }[];
}

type Clock = Record<string, number>;

/** The profile's separation, each method's time added to `clock` under its name. */
function timedSeparation(sep: Separation, clock: Clock): Separation {
  return new Proxy(sep, {
    get(target, key) {
      const v = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        try {
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        } finally {
          clock[String(key)] = (clock[String(key)] ?? 0) + performance.now() - t0;
        }
      };
    },
  }) as Separation;
}

interface Call {
  role: 'alice' | 'bob';
  stage: Stage;
  /** The frame handled ('' for start). */
  input: string;
  ms: number;
}

function timedParty<P extends Party>(party: P, calls: Call[]): P {
  const time = (input: Uint8Array | null, f: () => PartyOutput): PartyOutput => {
    const t0 = performance.now();
    const out = f();
    const ms = performance.now() - t0;
    const inType = input ? typeName(input) : 'hello';
    const last = out.frames.at(-1);
    calls.push({ role: party.role, stage: stageOf(last ? typeName(last) : inType), input: input ? inType : '', ms });
    return out;
  };
  return new Proxy(party, {
    get(target, key) {
      if (key === 'start') return () => time(null, () => target.start());
      if (key === 'receive') return (f: Uint8Array) => time(f, () => target.receive(f));
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** One in-process session's rows (ms) and its measured wall time. */
function oneSession(p: Profile, i: number, expandMs: number): { rows: Record<string, number>; sessionMs: number } {
  const aClock: Clock = {};
  const bClock: Clock = {};
  const calls: Call[] = [];
  const alice = timedParty(createAlice(p, { rng: seededRng('bench', `stages/alice/${i}`), separation: timedSeparation(separationOf(p), aClock) }), calls);
  const bob = timedParty(createBob(p, { rng: seededRng('bench', `stages/bob/${i}`), separation: timedSeparation(separationOf(p), bClock) }), calls);
  const t0 = performance.now();
  const r = runInMemorySession(alice, bob);
  const sessionMs = performance.now() - t0;
  if (!r.alice.ok || !r.bob.ok) throw new Error(`stages: session ${i} failed: ${r.alice.ok ? '' : r.alice.reason} ${r.bob.ok ? '' : r.bob.reason}`);
  const sum = (f: (c: Call) => boolean) => calls.filter(f).reduce((s, c) => s + c.ms, 0);
  const publish = sum((c) => c.role === 'alice' && c.input === 'hello');
  const amu = aClock.learnMultimodal ?? 0;
  const bobTask = sum((c) => c.role === 'bob' && c.input === 'task');
  const bobExpand = bClock.openPublic ?? 0;
  const drawn = (aClock.sampleTask ?? 0) + (aClock.drawExamples ?? 0);
  const rows: Record<string, number> = {
    'expanding A (Alice)': expandMs,
    A_μ: amu,
    'labels A·S ⊕ e': drawn - expandMs,
    'publishing the task': publish - drawn - amu,
    hellos: sum((c) => c.input === '' || (c.role === 'bob' && c.input === 'hello')),
    'expanding A (Bob)': bobExpand,
    'challenges (Bob)': bobTask - bobExpand,
    'challenges (Alice)': sum((c) => c.role === 'alice' && c.input === 'challenges'),
  };
  const rest = (c: Call) => c.input !== '' && !(c.role === 'alice' && (c.input === 'hello' || c.input === 'challenges')) && !(c.role === 'bob' && (c.input === 'task' || c.input === 'hello'));
  for (const [label, st] of [['distillation', 'distillation'], ['reconciliation', 'reconciliation'], ['PA and confirmation', 'confirmation']] as const) rows[label] = sum((c) => rest(c) && c.stage === st);
  const counted = Object.values(rows).reduce((s, x) => s + x, 0);
  // Whatever no row names (an abort, an unknown frame) would show here; a good session has none.
  rows.other = calls.reduce((s, c) => s + c.ms, 0) - counted;
  return { rows, sessionMs };
}

/** What each row holds (≤ 56 characters: the table stays within 100 columns). */
const WHAT: Record<string, string> = {
  'expanding A (Alice)': 'SHAKE128 seed → m×n matrix A (expandMatrix, alone)',
  A_μ: 'rref of [A | Y], first n + 32 rows (learnMultimodal)',
  'labels A·S ⊕ e': 'secrets S, the product A·S, noise e',
  'publishing the task': "packing, encoding m·L label bits; Alice's hello",
  hellos: "both parties' start, Bob's check of Alice's hello",
  'expanding A (Bob)': 'the same A from the seed, labels unpacked (openPublic)',
  'challenges (Bob)': 'x* = rᵀA and rᵀZ per challenge, frames, estimate',
  'challenges (Alice)': "decoding the batches, Alice's raw bits x*ᵀŜ",
  distillation: 'estimate, bit-pair rounds (or blocks), survivors',
  reconciliation: 'syndrome, BP decoding, reveals, verify (or Cascade)',
  'PA and confirmation': 'Toeplitz hashing, HKDF, HMAC tags both ways',
  other: 'calls no row names (none in a good session)',
};

/** ms of `fn`, median of `reps` after one warm-up call. */
function medianMs(reps: number, fn: () => unknown): number {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

/** Spawn `sepka ...args`; resolves on exit with its stdout, stderr and wall time. */
function sepka(args: string[], onErr?: (s: string) => void): { done: Promise<{ code: number | null; out: string; err: string; ms: number }>; kill: () => void } {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('../../src/cli/main.ts', import.meta.url).pathname, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += String(b)));
  child.stderr.on('data', (b) => {
    err += String(b);
    onErr?.(err);
  });
  const done = new Promise<{ code: number | null; out: string; err: string; ms: number }>((res) => child.on('close', (code) => res({ code, out, err, ms: performance.now() - t0 })));
  return { done, kill: () => child.kill() };
}

async function acrossProcesses(p: Profile): Promise<StagesRecord['processes']> {
  const t0 = performance.now();
  let aliceStartMs = 0;
  let listening: (port: number) => void = () => {};
  const port = new Promise<number>((res) => (listening = res));
  const alice = sepka(['alice', '--listen', '127.0.0.1:0', '--protocol', p.name, '--seed', 'stages', '--json'], (err) => {
    const m = /listening on ws:\/\/127\.0\.0\.1:(\d+)/.exec(err);
    if (m && !aliceStartMs) {
      aliceStartMs = performance.now() - t0;
      listening(Number(m[1]));
    }
  });
  const ap = await Promise.race([port, alice.done.then(() => 0)]);
  if (!ap) return null;
  const bob = await sepka(['bob', '--connect', `ws://127.0.0.1:${ap}`, '--protocol', p.name, '--seed', 'stages', '--json']).done;
  await alice.done;
  if (bob.code !== 0) return null;
  const sessionMs = Number((JSON.parse(bob.out) as { ms: number }).ms);
  return { aliceStartMs, bobStartMs: bob.ms - sessionMs, sessionMs, wallMs: performance.now() - t0 };
}

export const STAGE_SESSIONS = 3;

export async function runStages(profileName: string, sessions: number, progress: (l: string) => void, processes = true, m4ri = true): Promise<StagesRecord> {
  const p = loadProfile(profileName);
  const seed = new Uint8Array(32).fill(7);
  const expandMs = medianMs(3, () => expandMatrix(seed, p.m, p.n));
  const per: { rows: Record<string, number>; sessionMs: number }[] = [];
  for (let i = 0; i < sessions; i++) {
    per.push(oneSession(p, i, expandMs));
    progress(`stages: session ${i + 1}/${sessions} ${per[i].sessionMs.toFixed(0)} ms`);
  }
  const names = Object.keys(per[0].rows);
  const rows: StageRow[] = names.map((row) => ({ where: 'in-process', row, ms: median(per.map((x) => x.rows[row])), what: WHAT[row] ?? '' }));
  const sumMs = rows.reduce((s, r) => s + r.ms, 0);
  const sessionMs = median(per.map((x) => x.sessionMs));
  const proc = processes ? await acrossProcesses(p) : null;
  if (proc) {
    progress(`stages: across processes ${proc.wallMs.toFixed(0)} ms`);
    rows.push(
      { where: 'processes', row: 'process start-up (Alice)', ms: proc.aliceStartMs, what: 'spawn → listening: node, tsx, modules, workers' },
      { where: 'processes', row: 'process start-up (Bob)', ms: proc.bobStartMs, what: 'his wall time less his session time' },
      { where: 'processes', row: 'session over WebSocket', ms: proc.sessionMs, what: `Bob's clock (in-process ${sessionMs.toFixed(0)} ms; + ws, worker thread)` },
    );
  }
  // The largest in-process row; the three heavy computations beside what bounds each.
  const inProc = rows.filter((r) => r.where === 'in-process');
  const top = inProc.reduce((a, b) => (b.ms > a.ms ? b : a));
  const msOf = (row: string) => inProc.find((r) => r.row === row)?.ms ?? 0;
  const bytesA = Math.ceil(p.n / 32) * 4 * p.m;
  const shakeMs = medianMs(3, () => shakeBytes(seed, bytesA));
  const bounds: StagesRecord['bounds'] = [
    { row: 'expanding A (Alice)', ms: msOf('expanding A (Alice)'), reference: `SHAKE128 alone, ${(bytesA / 1e6).toFixed(1)} MB (node:crypto)`, referenceMs: shakeMs, note: 'the rest is unpacking the stream into words' },
  ];
  const built = m4ri ? buildM4ri() : { skipped: 'M4RI comparison not asked for' };
  if ('exe' in built) {
    const n = p.n + 32;
    const [rec] = await compareM4ri(built.exe, [n], () => 1, progress);
    bounds.push({ row: 'A_μ', ms: msOf('A_μ'), reference: `M4RI mzd_echelonize_m4ri, ${n}×${n} (C)`, referenceMs: rec.m4riMs, note: `our rref on that shape ${rec.ms.toFixed(0)} ms in the same round` });
  } else bounds.push({ row: 'A_μ', ms: msOf('A_μ'), reference: 'M4RI', referenceMs: null, note: built.skipped });
  const mul = 'exe' in built ? m4riMulMs(p.m, p.n, p.L) : null;
  bounds.push({ row: 'labels A·S ⊕ e', ms: msOf('labels A·S ⊕ e'), reference: `M4RI mzd_mul, (${p.m}×${p.n})·(${p.n}×${p.L}) (C)`, referenceMs: mul, note: mul === null ? 'M4RI not built' : 'the product alone; the row also draws S and e' });
  return { profile: p.name, sessions, rows, sumMs, sessionMs, processes: proc, largest: { row: top.row, ms: top.ms }, bounds };
}

export function formatStages(rs: StagesRecord[]): string {
  const L: string[] = [];
  for (const r of rs) {
    const d = derive(loadProfile(r.profile));
    L.push(`stages: where a ${r.profile} session's time goes (${d.challenges} challenges, median of ${r.sessions} in-process sessions)`);
    L.push('  row                          ms  share  what');
    for (const x of r.rows.filter((x) => x.where === 'in-process')) {
      const share = x.row.startsWith('for scale') ? '' : `${((100 * x.ms) / r.sessionMs).toFixed(1)}%`;
      L.push(`  ${x.row.padEnd(24)} ${x.ms.toFixed(0).padStart(7)} ${share.padStart(6)}  ${x.what}`.slice(0, 100));
    }
    const pct = (100 * r.sumMs) / r.sessionMs;
    L.push(`  sum of the rows ${r.sumMs.toFixed(0)} ms; measured session ${r.sessionMs.toFixed(0)} ms (${pct.toFixed(1)}%: ${Math.abs(pct - 100) <= 10 ? 'within' : 'NOT within'} 10 %)`);
    L.push(`  largest: ${r.largest.row}, ${r.largest.ms.toFixed(0)} ms. The heavy rows beside what bounds them:`);
    for (const b of r.bounds) {
      const ref = b.referenceMs === null ? 'not run' : `${b.referenceMs.toFixed(0)} ms (${(b.ms / b.referenceMs).toFixed(1)}×)`;
      L.push(`    ${b.row.padEnd(20)} ${b.ms.toFixed(0).padStart(6)} ms; ${b.reference}: ${ref}`.slice(0, 100));
      L.push(`    ${''.padEnd(20)} ${b.note}`.slice(0, 100));
    }
    if (r.processes) {
      const p = r.processes;
      L.push(`  across processes (sepka alice, sepka bob on 127.0.0.1), one session:`);
      for (const x of r.rows.filter((x) => x.where === 'processes')) L.push(`  ${x.row.padEnd(24)} ${x.ms.toFixed(0).padStart(7)}         ${x.what}`.slice(0, 100));
      const sum = p.aliceStartMs + p.bobStartMs + p.sessionMs;
      L.push(`  sum ${sum.toFixed(0)} ms; measured end to end ${p.wallMs.toFixed(0)} ms (${((100 * sum) / p.wallMs).toFixed(1)}%)`);
    } else L.push('  across processes: not run');
  }
  return L.join('\n');
}

const MUL_C = `#include <m4ri/m4ri.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
int main(int argc, char **argv) {
  int m = atoi(argv[1]), n = atoi(argv[2]), l = atoi(argv[3]);
  mzd_t *A = mzd_init(m, n), *B = mzd_init(n, l);
  mzd_randomize(A); mzd_randomize(B);
  mzd_t *C = mzd_mul(NULL, A, B, 0); mzd_free(C);
  double best = 1e300;
  for (int i = 0; i < 3; i++) { double t0 = now_ms(); C = mzd_mul(NULL, A, B, 0); double t = now_ms() - t0; mzd_free(C); if (t < best) best = t; }
  printf("%.3f\\n", best);
  return 0;
}
`;

/** M4RI's mzd_mul on (m×n)·(n×l), best of 3 after a warm-up, ms; null without libm4ri. */
function m4riMulMs(m: number, n: number, l: number): number | null {
  const dir = mkdtempSync(join(tmpdir(), 'sepka-m4ri-mul-'));
  writeFileSync(join(dir, 'mul.c'), MUL_C);
  const exe = join(dir, 'mul');
  if (spawnSync('cc', ['-O2', '-o', exe, join(dir, 'mul.c'), '-lm4ri'], { encoding: 'utf8' }).status !== 0) return null;
  const r = spawnSync(exe, [String(m), String(n), String(l)], { encoding: 'utf8' });
  const ms = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(ms) ? ms : null;
}

const section: BenchSection<StagesRecord> = {
  name: 'stages',
  async run(progress) {
    const sessions = Number(process.env.SEPKA_BENCH_ROUNDS ?? STAGE_SESSIONS);
    return [await runStages('paper-128', sessions, progress)];
  },
  format: formatStages,
};
export default section;
