/**
 * Soak: 1,000 sequential sessions against one `sepka alice` process
 * (small test profile of helpers/protocol.ts; --conn-rate 0, since one Bob after another from
 * one address outruns the default 10 connections a second), her resident set (VmRSS of the
 * process: main thread and worker threads) sampled from /proc every 50 sessions.
 *
 * The bound: after a warm-up of 200 sessions, RSS does not grow. The median of the last five
 * samples (sessions 800–1,000) is at most the median of the five samples after warm-up
 * (sessions 200–400) + 16 MiB. A leak of one session's state (raw bits, task, transcript: tens
 * of kB on this profile) would add ≥ 20 MiB over the 800 sessions after warm-up; the 16 MiB
 * leaves room for V8's heap sizing, which moves by a few MiB between samples.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/net/client.ts';
import { loadKit } from '../../src/demo/parties.ts';
import { seededRng } from '../../src/rng.ts';
import { Procs } from '../helpers/procs.ts';
import { profileFile } from '../helpers/profileFile.ts';
import { SMALL } from '../helpers/protocol.ts';

const SESSIONS = 1000;
const WARMUP = 200;
const EVERY = 50;
const BOUND_MIB = 16;
const { path: P } = profileFile(SMALL, { name: 'test-soak' });
const kit = loadKit(P);
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running after the test').toEqual([]);
});

const rssMiB = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) / 1024;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('alice soak', () => {
  it(`serves ${SESSIONS} sequential sessions with no RSS growth after ${WARMUP}`, async () => {
    procs = new Procs();
    const alice = procs.start('alice', ['--listen', '127.0.0.1:0', '--protocol', P, '--sessions', String(SESSIONS), '--conn-rate', '0']);
    const port = await procs.port(alice);
    const pid = alice.child.pid;
    const samples: Array<{ session: number; rss: number }> = [{ session: 0, rss: rssMiB(pid) }];
    const t0 = performance.now();
    for (let i = 1; i <= SESSIONS; i++) {
      const r = await connect(kit.newBob(seededRng(`soak${i}`, 'bob')), { url: `ws://127.0.0.1:${port}`, maxPayload: kit.maxPayload, session: { stepTimeoutMs: 60_000 } });
      expect(r.outcome.ok, r.outcome.ok ? '' : `session ${i}: ${r.outcome.reason}`).toBe(true);
      if (i % EVERY === 0 && i < SESSIONS) samples.push({ session: i, rss: rssMiB(pid) });
      // The last sample is after session 999: Alice exits once the last session has ended.
      if (i === SESSIONS - 1) samples.push({ session: i, rss: rssMiB(pid) });
    }
    const wall = (performance.now() - t0) / 1000;
    expect(await procs.exit(alice)).toBe(0);
    const after = samples.filter((s) => s.session >= WARMUP && s.session <= WARMUP + 4 * EVERY).map((s) => s.rss);
    const end = samples.slice(-5).map((s) => s.rss);
    console.log(
      `alice soak: ${SESSIONS} sessions in ${wall.toFixed(0)} s; RSS MiB ` + samples.map((s) => `${s.session}:${s.rss.toFixed(1)}`).join(' ') +
        `; median after warm-up ${median(after).toFixed(1)}, at the end ${median(end).toFixed(1)} (bound +${BOUND_MIB})`,
    );
    expect(after).toHaveLength(5);
    expect(median(end)).toBeLessThanOrEqual(median(after) + BOUND_MIB);
  });
});
