/**
 * Jobs on the distributed queue are user input (anyone who reaches Redis can write one), run by
 * real `sepka worker` processes against a real redis-server (test/helpers/redis.ts):
 *
 * - a job naming a local file (`protocol: "/etc/passwd"`) is refused: the worker reads no file
 *   a job names, and nothing of the file comes back through Redis in the reason;
 * - every field is checked (`learnReps: 0` fails; so do unknown fields and bad attack jobs);
 * - a job naming a FIFO no longer wedges the worker: it is refused, and the next job runs;
 * - a job that runs past --job-deadline-ms has its thread ended and fails with that reason (not
 *   retried), and the worker goes on to the next job;
 * - a sweep naming a profile file still runs on workers: the coordinator sends the profile.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { expandGrid } from '../src/measure/sweep/grid.ts';
import { GRID } from './helpers/sweepGrid.ts';
import { runSweep } from '../src/measure/sweep/sweep.ts';
import { distributedHarness, haveRedis, redisForBlock, redisOrSkip } from './helpers/redis.ts';

const { VERSION, tmp, worker } = distributedHarness('sepka-jobs-');

/** A queue to write raw jobs on, as anyone who reaches Redis could. */
function rawQueue(url: string, name: string) {
  const qc = new Redis(url, { maxRetriesPerRequest: null });
  const ec = new Redis(url, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection: qc as unknown as ConnectionOptions });
  const events = new QueueEvents(name, { connection: ec as unknown as ConnectionOptions });
  return {
    /** Add a sepka-job with this spec; resolves to its result, or rejects with its failure reason. */
    async run(kind: 'sweep-point' | 'attack', spec: unknown, attempts = 1): Promise<unknown> {
      await events.waitUntilReady();
      const id = randomUUID();
      const job = await queue.add(kind, { format: 'sepka-job', v: 1, kind, version: VERSION, id, spec }, { jobId: `${kind}:${VERSION}:${id}`, attempts });
      return job.waitUntilFinished(events);
    },
    async close() {
      await events.close();
      await queue.close();
      qc.disconnect();
      ec.disconnect();
    },
  };
}

const run = redisOrSkip(haveRedis());

/** One valid sweep point (estimate part only: a fraction of a second). */
const point = () => ({ ...expandGrid({ ...GRID, n: [12], parts: ['estimate'] })[0] });

describe.skipIf(!run)('worker jobs are user input (real redis-server, real sepka worker)', () => {
  const redis = redisForBlock();

  it('a job naming a local file is refused without reading it; nothing of the file comes back', async () => {
    const queue = `t-${randomUUID()}`;
    const w = await worker(redis.url, queue);
    const q = rawQueue(redis.url, queue);
    try {
      const secret = join(tmp(), 'secret.json');
      writeFileSync(secret, 'TOPSECRET-CONTENT-1234 not json');
      for (const protocol of ['/etc/passwd', secret]) {
        const e = await q.run('sweep-point', { ...point(), protocol }).then(() => null, (x: Error) => x);
        expect(e, protocol).toBeInstanceOf(Error);
        expect(e!.message).toMatch(/sweep point: names a file path; a worker reads profiles by name, or from the job itself \(refused\)/);
        expect(e!.message).not.toMatch(/root:|TOPSECRET/);
      }
      expect(w.err()).not.toMatch(/root:|TOPSECRET/);
      // The worker goes on: a valid job after them completes.
      const rec = (await q.run('sweep-point', point())) as { id: string; estimate: unknown };
      expect(rec.estimate).not.toBe(null);
    } finally {
      await q.close();
    }
  });

  it('every field is checked: learnReps 0, an unknown field, a bad attack job all fail with one reason', async () => {
    const queue = `t-${randomUUID()}`;
    await worker(redis.url, queue);
    const q = rawQueue(redis.url, queue);
    try {
      const reason = (kind: 'sweep-point' | 'attack', spec: unknown) => q.run(kind, spec).then(() => 'completed', (e: Error) => e.message);
      expect(await reason('sweep-point', { ...point(), learnReps: 0, parts: ['learn'] })).toMatch(/^sweep point: field "learnReps" must be an integer in \[1, 1000\] \(got 0\)$/);
      expect(await reason('sweep-point', { ...point(), extra: 1 })).toMatch(/^sweep point: unknown field "extra"$/);
      expect(await reason('sweep-point', { ...point(), sessions: 1e12 })).toMatch(/field "sessions" must be/);
      expect(await reason('sweep-point', 'not an object')).toMatch(/^sweep point: must be a JSON object$/);
      expect(await reason('attack', { campaign: 'c', route: 'primal', target: 0, chunk: 0, iterations: 10, seed: 's', profile: { name: 'x' }, task: '' })).toMatch(/^attack job profile: /);
    } finally {
      await q.close();
    }
  });

  it('a job naming a FIFO is refused at once and the worker runs the next job', async () => {
    const d = tmp();
    const fifo = join(d, 'p.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const queue = `t-${randomUUID()}`;
    const w = await worker(redis.url, queue);
    const q = rawQueue(redis.url, queue);
    try {
      const e = await q.run('sweep-point', { ...point(), protocol: fifo }).then(() => null, (x: Error) => x);
      expect(e!.message).toMatch(/names a file path/);
      const rec = (await q.run('sweep-point', point())) as { estimate: unknown };
      expect(rec.estimate).not.toBe(null);
      expect(w.err()).toMatch(/done sweep-point/);
    } finally {
      await q.close();
    }
  });

  it('a job past --job-deadline-ms is ended and fails (not retried); the worker goes on', async () => {
    const queue = `t-${randomUUID()}`;
    // The deadline leaves room for a fresh job thread to load its modules (seconds on a busy machine).
    const w = await worker(redis.url, queue, ['--job-deadline-ms', '6000']);
    const q = rawQueue(redis.url, queue);
    try {
      // Pooled Gauss at n = 256 (about 2^40 trials) with a day's budget: a job that would hold
      // the worker's thread all day, in one synchronous loop.
      const long = { ...point(), n: 256, parts: ['learn'], learners: ['pooled-gauss'], learnBudgetMs: 86_400_000, eveBudgetTrials: null, learnReps: 1 };
      const e = await q.run('sweep-point', long, 3).then(() => null, (x: Error) => x);
      expect(e!.message).toMatch(/^job ran past the worker's deadline of 6000 ms on worker .*: its thread was ended$/);
      expect((w.err().match(/start sweep-point/g) ?? []).length).toBe(1); // not retried
      const rec = (await q.run('sweep-point', point())) as { estimate: unknown };
      expect(rec.estimate).not.toBe(null);
    } finally {
      await q.close();
    }
  });

  it('a sweep naming a profile file runs on a worker: the profile travels in the job', async () => {
    const d = tmp();
    const file = join(d, 'mine.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync('protocols/toy-insecure.json', 'utf8')), name: 'mine' }));
    const queue = `t-${randomUUID()}`;
    await worker(redis.url, queue);
    const points = expandGrid({ ...GRID, protocol: file, n: [12], parts: ['estimate'] });
    const res = await runSweep({ points, out: join(d, 'out'), workers: 1, command: 'test', redis: { url: redis.url, queue } });
    expect(res.failed).toEqual([]);
    expect(res.computed).toBe(1);
    expect(res.records[0].spec.protocol).toBe(file);
  });
});
