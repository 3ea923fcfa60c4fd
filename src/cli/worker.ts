/**
 * `sepka worker --redis URL [--concurrency K]` (DESIGN.md §6–7): runs sweep points and
 * attack jobs from the BullMQ queue on any machine that reaches Redis, K at a time, each in its
 * own worker thread. Jobs of another code version are refused with one line each. Runs until
 * Ctrl-C (exit 130; jobs it was running go back to the queue once their lock expires).
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { Command, intOpt } from './args.ts';
import { SepkaError } from '../errors.ts';
import { safeText, safeUrl } from '../text.ts';
import { codeVersion } from '../meta.ts';
import { startWorker, type JobKind } from '../net/jobqueue.ts';
import { redisOption } from './distributed.ts';
import { threadEntry } from '../runtime.ts';

const usage = `usage: sepka worker --redis URL [--concurrency K] [--queue NAME] [--lock-ms MS]

Takes sweep points and attack jobs from the BullMQ queue in Redis (put there by
\`sepka sweep --redis URL\` and \`sepka attack --redis URL\`), runs K at a time in worker threads
and returns each record to the coordinator. A job built by another sepka code version is
refused with a one-line reason. A worker that dies mid-job loses nothing: its job's lock
expires and another worker runs it again.

  --redis URL         redis://HOST:PORT
  --concurrency K     jobs at a time (default: all cores)
  --queue NAME        queue name (default 'sepka'; as given to the coordinator)
  --lock-ms MS        job lock duration: how soon a dead worker's job is retried (default 30000)
  --stalled-ms MS     how often this worker looks for stalled jobs (default 15000)

exit codes: 130 stopped by Ctrl-C, 2 bad usage or Redis unreachable`;

const cmd: Command = {
  summary: 'run sweep and attack jobs from a BullMQ queue (Redis)',
  usage,
  options: {
    redis: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    'lock-ms': { type: 'string' },
    'stalled-ms': { type: 'string' },
  },
  async run(v) {
    if (v.redis === undefined) throw new SepkaError('SEPKA_ERR_USAGE', '--redis URL is required');
    const redis = redisOption(v)!;
    const concurrency = intOpt(v.concurrency, 'concurrency', availableParallelism(), 1, 1024);
    const lockMs = intOpt(v['lock-ms'], 'lock-ms', 30_000, 500, 3_600_000);
    const stalledMs = intOpt(v['stalled-ms'], 'stalled-ms', Math.min(15_000, lockMs), 200, 3_600_000);
    const pool = new Piscina({ ...threadEntry('cli/jobThread'), minThreads: 1, maxThreads: concurrency, concurrentTasksPerWorker: 1, idleTimeout: 60_000 });
    // Its lines quote jobs from the queue (ids, versions, failures): text from other machines.
    const log = (s: string) => process.stderr.write(safeText(s) + '\n');
    let handle;
    try {
      handle = await startWorker({
        redis,
        concurrency,
        lock: { lockMs, stalledMs },
        log,
        run: (kind: JobKind, spec: unknown) => {
          log(`sepka worker: start ${kind}`);
          return pool.run({ kind, spec });
        },
      });
    } catch (e) {
      await pool.destroy();
      throw e;
    }
    log(`sepka worker: ${process.pid} on ${safeUrl(redis.url)} queue '${redis.queue ?? 'sepka'}', ${concurrency} at a time, code version ${codeVersion()}`);
    const sig = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    log(`sepka worker: stopping (${sig}); jobs still running go back to the queue`);
    await Promise.race([handle.close(), new Promise((r) => setTimeout(r, 2000))]);
    await pool.destroy().catch(() => {});
    setTimeout(() => process.exit(130), 200).unref();
    return 130;
  },
};
export default cmd;
