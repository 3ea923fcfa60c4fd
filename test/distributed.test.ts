/**
 * The distributed backend against a real redis-server (test/helpers/redis.ts; never
 * a mock): the same seeded sweep gives the same results.jsonl content locally with 1 and 2
 * workers and through Redis with two `sepka worker` processes; a worker SIGKILLed mid-job loses
 * nothing and counts no point twice; a worker of another code version refuses the jobs (exit 2
 * with one line); Ctrl-C of the coordinator keeps what finished (exit 130) and --resume ends the
 * sweep; `sepka attack --redis` recovers a toy key on the workers. Unreachable Redis is checked
 * without a server.
 *
 * The code version is pinned (distributedHarness) for this process and the workers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandGrid, pointId } from '../src/measure/sweep/grid.ts';
import { byId, fileRecords, GRID, MEASURE_GRID } from './helpers/sweepGrid.ts';
import { runSweep } from '../src/measure/sweep/sweep.ts';
import { distributedHarness, haveRedis, redisForBlock, redisOrSkip } from './helpers/redis.ts';
import { recordMeasure } from './helpers/recorded.ts';
import { expectValid } from './helpers/schema.ts';
import { isSafeText, safeText } from '../src/text.ts';

const { VERSION, tmp, until, cli, worker } = distributedHarness('sepka-dist-');

describe('distributed backend: no server needed', () => {
  it('an unreachable Redis is one line and exit 2, for the coordinator and the worker', async () => {
    const d = tmp();
    const s = cli(['sweep', '--n', '12', '--parts', 'estimate', '--no-controls', '--out', d, '--redis', 'redis://127.0.0.1:1']);
    const { code } = await s.exit;
    expect(code).toBe(2);
    expect(s.err().trim().split('\n')).toEqual([expect.stringMatching(/^sepka sweep: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED/)]);
    expect(existsSync(join(d, 'results.jsonl'))).toBe(false);
    const w = cli(['worker', '--redis', 'redis://127.0.0.1:1']);
    expect((await w.exit).code).toBe(2);
    expect(w.err().trim().split('\n')).toEqual([expect.stringMatching(/^sepka worker: cannot reach Redis/)]);
    const bad = cli(['worker', '--redis', 'http://x']);
    expect((await bad.exit).code).toBe(2);
    expect(bad.err()).toMatch(/expected a redis:\/\/ or rediss:\/\/ URL/);
  });
});

const run = redisOrSkip(haveRedis());

describe.skipIf(!run)('distributed backend on a real redis-server', () => {
  const redis = redisForBlock();

  it('gives identical results.jsonl content locally with 1 worker, with 2, and through Redis with two sepka workers', async () => {
    const points = [...expandGrid(GRID), ...expandGrid(MEASURE_GRID)];
    const [d1, d2, d3] = [tmp(), tmp(), tmp()];
    await runSweep({ points, out: d1, workers: 1, command: 'test' });
    await runSweep({ points, out: d2, workers: 2, command: 'test' });
    const queue = `t-${randomUUID()}`;
    const ws = [await worker(redis.url, queue), await worker(redis.url, queue)];
    const r3 = await runSweep({ points, out: d3, workers: 2, command: 'test', redis: { url: redis.url, queue } });
    expect(r3.failed).toEqual([]);
    expect(r3.computed).toBe(points.length);
    const [a, b, c] = [fileRecords(d1), fileRecords(d2), fileRecords(d3)];
    expect(a.length).toBe(points.length);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    // Both workers took part.
    for (const w of ws) expect(w.err()).toMatch(/done sweep-point/);
    expect(existsSync(join(d3, 'report.html'))).toBe(true);
  });

  it('a worker SIGKILLed mid-job loses nothing: the sweep completes with every point exactly once', async () => {
    const queue = `t-${randomUUID()}`;
    // Points of about a second each, so the kill lands inside one.
    const points = expandGrid({ ...GRID, n: [40, 44, 48], learners: ['pooled-gauss'], learnReps: 3, eveBudgetTrials: 30_000, parts: ['learn'] });
    const dir = tmp();
    const a = await worker(redis.url, queue, ['--lock-ms', '1500', '--stalled-ms', '500']);
    const sweep = runSweep({ points, out: dir, workers: 1, command: 'test', redis: { url: redis.url, queue } });
    await until(() => /start sweep-point/.test(a.err()), 'worker A to start a job');
    a.child.kill('SIGKILL');
    expect((await a.exit).signal).toBe('SIGKILL');
    const startedByA = (a.err().match(/start sweep-point/g) ?? []).length;
    const doneByA = (a.err().match(/done sweep-point/g) ?? []).length;
    expect(startedByA).toBeGreaterThan(doneByA); // killed in the middle of a job
    const b = await worker(redis.url, queue, ['--lock-ms', '1500', '--stalled-ms', '500']);
    const res = await sweep;
    expect(res.failed).toEqual([]);
    expect(res.computed).toBe(points.length);
    const lines = readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n');
    const ids = lines.map((l) => JSON.parse(l).id);
    expect(ids.sort()).toEqual(points.map(pointId).sort()); // each exactly once
    expect(b.err()).toMatch(/done sweep-point/);
  });

  it('a worker of another code version refuses the jobs: the coordinator exits 2 naming both versions', async () => {
    const queue = `t-${randomUUID()}`;
    const w = await worker(redis.url, queue, [], { SEPKA_CODE_VERSION: 'other-version' });
    const d = tmp();
    const s = cli(['sweep', '--protocol', 'toy-insecure', '--n', '12', '--parts', 'estimate', '--no-controls', '--out', d, '--redis', redis.url, '--queue', queue]);
    const { code } = await s.exit;
    expect(code).toBe(2);
    const last = s.err().trim().split('\n').at(-1)!;
    expect(last).toMatch(new RegExp(`^sepka sweep: 1 point\\(s\\) refused by the workers: refused by worker .*job of sepka code version ${VERSION}, worker runs other-version$`));
    expect(w.err()).toMatch(new RegExp(`refused job .*built by sepka code version ${VERSION}, this worker runs other-version`));
  });

  it('a worker\'s refusal reaches the coordinator\'s terminal escaped (it is text from another machine)', async () => {
    const queue = `t-${randomUUID()}`;
    const hostile = 'v\x1b]0;owned\x07\u009b2J\u202eevil';
    const w = await worker(redis.url, queue, [], { SEPKA_CODE_VERSION: hostile });
    const d = tmp();
    const s = cli(['sweep', '--protocol', 'toy-insecure', '--n', '12', '--parts', 'estimate', '--no-controls', '--out', d, '--redis', redis.url, '--queue', queue]);
    expect((await s.exit).code).toBe(2);
    const last = s.err().trim().split('\n').at(-1)!;
    expect(last).toContain(`worker runs ${safeText(hostile)}`);
    for (const line of [...s.err().trimEnd().split('\n'), ...w.err().trimEnd().split('\n')]) expect(isSafeText(line), JSON.stringify(line)).toBe(true);
    expect(w.err()).toContain(`this worker runs ${safeText(hostile)}`);
  });

  it('Ctrl-C of the coordinator keeps every finished point (exit 130, one line); --resume finishes the sweep', async () => {
    const queue = `t-${randomUUID()}`;
    await worker(redis.url, queue);
    const d = tmp();
    const args = [
      'sweep', '--protocol', 'toy-insecure', '--n', '24,28,32,36,40,44', '--parts', 'learn', '--reps', '2', '--learners', 'pooled-gauss',
      '--eve-budget-trials', '4000', '--seed', '5', '--test', '200', '--no-controls', '--out', d, '--redis', redis.url, '--queue', queue,
    ];
    const s = cli(args);
    const results = join(d, 'results.jsonl');
    const count = () => (existsSync(results) ? readFileSync(results, 'utf8').split('\n').filter((l) => l.trim()).length : 0);
    await until(() => count() >= 1 || s.child.exitCode !== null, 'a first result');
    s.child.kill('SIGINT');
    const { code } = await s.exit;
    expect(code).toBe(130);
    const saved = count();
    expect(s.err().trim().split('\n').at(-1)).toMatch(new RegExp(`^sepka sweep: interrupted \\(SIGINT\\): ${saved} of 6 points saved in .*results.jsonl; rerun with --resume to finish$`));
    const r = cli([...args, '--resume', '--json']);
    expect((await r.exit).code).toBe(0);
    const summary = JSON.parse(r.out());
    expectValid('sweep', summary);
    expect(summary.skipped).toBe(saved);
    expect(summary.computed + summary.skipped).toBe(6);
    const ids = readFileSync(results, 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(6);
    expect(ids.length).toBe(6);
  });

  it('sepka attack --redis recovers a toy-insecure session key on two workers', async () => {
    const d = tmp();
    const { transcript, truth, measured: m } = recordMeasure(d, 'toy-insecure', 'dist-attack');
    expect(m.key.confirmedRate).toBe(1);
    const queue = `t-${randomUUID()}`;
    const ws = [await worker(redis.url, queue), await worker(redis.url, queue)];
    const a = cli(['attack', transcript, '--out', join(d, 'camp'), '--redis', redis.url, '--queue', queue, '--json']);
    expect((await a.exit).code).toBe(0);
    const rep = JSON.parse(a.out());
    expectValid('attack', rep);
    expect(rep.key.recovered).toBe(true);
    const { readTruth } = await import('../src/net/transcript.ts');
    const key = readTruth([truth]).get(0)!.key!;
    expect(rep.key.key).toBe(Buffer.from(key).toString('hex'));
    expect(ws.some((w) => /done attack/.test(w.err()))).toBe(true);
  });
});
