/**
 * Distributed runs under faults, on a redis-server this file starts itself (never the shared one
 * of .ci/run, which other tests use: this one is killed) and real `sepka worker` processes:
 *
 * - Redis killed mid-sweep and restarted empty on the same port: the coordinator waits (within
 *   --redis-wait-ms), puts back the jobs Redis lost, and the sweep finishes with every point in
 *   results.jsonl exactly once;
 * - Redis killed and not restarted: the coordinator stops after --redis-wait-ms with one line and
 *   exit 2, every point that finished saved once; once Redis is back, --resume finishes;
 * - an attack that finds the key records the jobs still running then (each once): every job a
 *   worker finished is in attack.jsonl.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runMeasure } from '../src/measure/measure.ts';
import { measureRecorder } from '../src/cli/record.ts';
import { loadProfile } from '../src/protocol/profile.ts';
import { distributedHarness, freePort, haveRedisServer, redisOn, redisOrSkip } from './helpers/redis.ts';

const { children, tmp, until, cli, worker } = distributedHarness('sepka-faults-', 90_000);

/** This file's own redis-server on `port` (SIGKILLed after the test if still running). */
async function ownRedis(port: number): Promise<ChildProcess> {
  const proc = await redisOn(port);
  children.push(proc);
  return proc;
}

async function kill(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await gone;
}

const ids = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l).id) : []);

const haveServer = redisOrSkip(haveRedisServer());

/** Six learn points of about a second each on the toy profile. */
const sweepArgs = (out: string, url: string, queue: string, extra: string[] = []) => [
  'sweep', '--protocol', 'toy-insecure', '--n', '24,28,32,36,40,44', '--parts', 'learn', '--reps', '2', '--learners', 'pooled-gauss',
  '--eve-budget-trials', '4000', '--seed', '5', '--test', '200', '--no-controls', '--out', out, '--redis', url, '--queue', queue, ...extra,
];

describe.skipIf(!haveServer)('distributed runs under faults (own redis-server)', () => {
  it('Redis killed mid-sweep and restarted empty: the sweep finishes, every point exactly once', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let redis = await ownRedis(port);
    const queue = `t-${randomUUID()}`;
    const w = await worker(url, queue);
    const d = tmp();
    const results = join(d, 'results.jsonl');
    const s = cli(sweepArgs(d, url, queue, ['--json'])); // the default wait, 60 s
    await until(() => ids(results).length >= 1 || s.child.exitCode !== null, 'a first result');
    await kill(redis);
    expect(s.child.exitCode).toBe(null); // waiting for Redis, not failed
    await new Promise((r) => setTimeout(r, 1500));
    redis = await ownRedis(port);
    expect((await s.exit).code).toBe(0);
    const summary = JSON.parse(s.out());
    expect(summary.computed).toBe(6);
    const got = ids(results);
    expect(got.length).toBe(6);
    expect(new Set(got).size).toBe(6);
    expect(w.child.exitCode).toBe(null); // the worker reconnected and went on
    await kill(redis);
  });

  it('Redis gone for good: the sweep stops after --redis-wait-ms with one line and exit 2; --resume finishes once it is back', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    let redis = await ownRedis(port);
    const queue = `t-${randomUUID()}`;
    await worker(url, queue);
    const d = tmp();
    const results = join(d, 'results.jsonl');
    const s = cli(sweepArgs(d, url, queue, ['--redis-wait-ms', '3000']));
    await until(() => ids(results).length >= 1 || s.child.exitCode !== null, 'a first result');
    await kill(redis);
    expect((await s.exit).code).toBe(2);
    const last = s.err().trim().split('\n').at(-1)!;
    expect(last).toMatch(new RegExp(`^sepka sweep: lost Redis at ${url.replace(/\./g, '\\.')}: unreachable for 3 s \\(--redis-wait-ms 3000\\); what finished is saved, rerun with --resume once it is back`));
    const saved = ids(results);
    expect(saved.length).toBeGreaterThanOrEqual(1);
    expect(new Set(saved).size).toBe(saved.length);
    redis = await ownRedis(port);
    await worker(url, queue);
    const r = cli([...sweepArgs(d, url, queue), '--resume', '--json']);
    expect((await r.exit).code).toBe(0);
    expect(JSON.parse(r.out()).skipped).toBe(saved.length);
    const all = ids(results);
    expect(all.length).toBe(6);
    expect(new Set(all).size).toBe(6);
    await kill(redis);
  });

  it('an attack that finds the key records the jobs still running then, each once', async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const redis = await ownRedis(port);
    const d = tmp();
    const transcript = join(d, 't.jsonl');
    const profile = loadProfile('toy-insecure');
    writeFileSync(transcript, '');
    runMeasure({ profile, sessions: 1, eveBudgetMs: 0, seed: 'faults-attack', recorder: measureRecorder({ transcript }, profile) });
    const queue = `t-${randomUUID()}`;
    const ws = [await worker(url, queue), await worker(url, queue)];
    const out = join(d, 'camp');
    const a = cli(['attack', transcript, '--out', out, '--redis', url, '--queue', queue, '--json']);
    expect((await a.exit).code).toBe(0);
    expect(JSON.parse(a.out()).key.recovered).toBe(true);
    const recorded = ids(join(out, 'attack.jsonl')).filter(Boolean);
    expect(new Set(recorded).size).toBe(recorded.length);
    // Every job a worker finished is recorded: none was left running when the coordinator ended.
    await new Promise((r) => setTimeout(r, 500)); // the workers' last lines reach their pipes
    const campaign = JSON.parse(readFileSync(join(out, 'attack.jsonl'), 'utf8').split('\n')[0]).campaign;
    const done = new Set(ws.flatMap((w) => [...w.err().matchAll(/done attack (\S+) in/g)].map((m) => m[1].slice(campaign.length + 1))));
    expect([...done].sort()).toEqual([...recorded].sort());
    await kill(redis);
  });
});
