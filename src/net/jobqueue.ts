/**
 * The distributed backend (DESIGN.md §7): sweep points and attack jobs on a BullMQ
 * queue in Redis, run by `sepka worker` processes anywhere that reaches it. sepka builds no
 * queue of its own: BullMQ gives the retries, the job locks and the stalled-job recovery (a
 * worker killed mid-job stops renewing its lock, and another worker's stalled check puts the
 * job back in the queue).
 *
 * A job (docs/formats.md): BullMQ job id `KIND:VERSION:ID` and data
 *   { format: 'sepka-job', v: 1, kind: 'sweep-point' | 'attack', version: codeVersion(), id, spec,
 *     profile? }   (profile: the profile a sweep point names by file path, so no worker reads a file)
 * Its return value is the record (a SweepRecord, an attack job result). The id is derived from
 * the spec and the code version, so re-adding a job that is still queued, running or recently
 * completed does not run it again: a coordinator restarted with --resume picks up the results
 * of jobs that finished while it was away, and a point is never counted twice (the coordinator
 * also keeps at most one record per id).
 *
 * A worker refuses a job of another code version (the job fails with that reason after its
 * attempts; the coordinator reports it and exits 2).
 */
import { hostname } from 'node:os';
import { Queue, Worker, Job, UnrecoverableError, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { SepkaError } from '../errors.ts';
import { safeText, safeUrl } from '../text.ts';
import { codeVersion } from '../meta.ts';

export const JOB_FORMAT = 'sepka-job';
export const JOB_VERSION = 1;
export const DEFAULT_QUEUE = 'sepka';

export type JobKind = 'sweep-point' | 'attack';

export interface JobData<S = unknown> {
  format: typeof JOB_FORMAT;
  v: typeof JOB_VERSION;
  kind: JobKind;
  version: string;
  id: string;
  spec: S;
  /** The profile a sweep point names by a file path, carried in the job (workers read no file). */
  profile?: unknown;
  /** Set by a coordinator that no longer wants the job (its attack found the key): refused. */
  cancelled?: boolean;
}

export interface RedisTarget {
  url: string;
  queue?: string;
  /** How long a coordinator waits for a lost Redis (ms; DEFAULT_REDIS_WAIT_MS). */
  waitMs?: number;
}

/** How long a job's lock lasts without renewal (ms), and how often workers look for stalled jobs. */
export interface LockTimes {
  lockMs?: number;
  stalledMs?: number;
}

/** Check the URL's form (usage error, exit 2). */
export function parseRedisUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SepkaError('SEPKA_ERR_USAGE', `--redis: not a URL: '${safeUrl(url)}' (expected redis://HOST:PORT)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new SepkaError('SEPKA_ERR_USAGE', `--redis: expected a redis:// or rediss:// URL, got '${safeUrl(url)}'`);
  return url;
}

function connection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/** Connect once, without retries: an unreachable server is a one-line usage error (exit 2). */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  parseRedisUrl(url);
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false });
  let first: { code?: string; message?: string } | undefined;
  r.on('error', (e: { code?: string; message?: string }) => (first ??= e));
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    const err = first ?? (e as { code?: string; message?: string });
    throw new SepkaError('SEPKA_ERR_USAGE', `cannot reach Redis at ${safeUrl(url)}: ${safeText(err.code ?? err.message ?? String(e))}`);
  } finally {
    r.disconnect();
  }
}

const jobId = (kind: JobKind, id: string): string => `${kind}:${codeVersion()}:${id}`.replace(/[^\w.:+=/-]/g, '_');

export interface DistributedRun<S, R> {
  redis: RedisTarget;
  kind: JobKind;
  jobs: { id: string; spec: S; profile?: unknown }[];
  /** Called once per job that completed, whenever it completed (also while draining). */
  onDone(id: string, spec: S, result: R): void;
  onError(id: string, spec: S, message: string, refused: boolean): void;
  /** Aborting stops waiting at once and removes this run's jobs that have not started (Ctrl-C). */
  signal?: AbortSignal;
  /**
   * Aborting removes this run's jobs that have not started and waits for the ones running to
   * finish, each handed to onDone (an attack that found the key keeps the finds still coming).
   */
  drain?: AbortSignal;
  /** Attempts per job (a refused or failed job is retried, a stalled one recovered). Default 3. */
  attempts?: number;
  /** How often the jobs' states are read (ms). Default 250. */
  pollMs?: number;
}

/**
 * How long a coordinator waits for a Redis it has lost (ms) before it stops with a reason:
 * a minute, long enough for a restart, short enough that a dead server is reported.
 */
export const DEFAULT_REDIS_WAIT_MS = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Puts every job on the queue and resolves when each has completed or failed, or the signal
 * fired. The jobs' states are polled (not waited for through Redis events), so a Redis that
 * restarts empty loses nothing: a job it no longer holds is put back (its id is fixed, so it
 * is never run twice at once), and each job's result is handed on once. A Redis unreachable
 * for longer than `redis.waitMs` (DEFAULT_REDIS_WAIT_MS) ends the run with a one-line reason;
 * what completed before has been handed on.
 */
export async function runDistributed<S, R>(run: DistributedRun<S, R>): Promise<void> {
  await checkRedis(run.redis.url);
  const name = run.redis.queue ?? DEFAULT_QUEUE;
  const waitMs = run.redis.waitMs ?? DEFAULT_REDIS_WAIT_MS;
  const qc = new Redis(run.redis.url, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: () => 250 });
  qc.on('error', () => {});
  // When the connection went down (null while up): the wait bound counts from here.
  let downSince: number | null = null;
  qc.on('close', () => (downSince ??= Date.now()));
  qc.on('ready', () => (downSince = null));
  const queue = new Queue(name, { connection: qc as unknown as ConnectionOptions });
  queue.on('error', () => {});
  const lost = () =>
    new SepkaError(
      'SEPKA_ERR_USAGE',
      `lost Redis at ${safeUrl(run.redis.url)}: unreachable for ${Math.round(waitMs / 1000)} s (--redis-wait-ms ${waitMs}); what finished is saved, rerun with --resume once it is back`,
    );
  /** One round of Redis calls, bounded: it fails once Redis has been away for waitMs. */
  const bounded = async <T>(f: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const watch = new Promise<never>((_, reject) => {
      const check = () => {
        if (downSince !== null && Date.now() - downSince >= waitMs) reject(lost());
        else timer = setTimeout(check, Math.min(250, waitMs));
      };
      timer = setTimeout(check, Math.min(250, waitMs));
    });
    try {
      return await Promise.race([f(), watch]);
    } finally {
      clearTimeout(timer);
    }
  };
  const version = codeVersion();
  const attempts = run.attempts ?? 3;
  const pending = new Map<string, { j: DistributedRun<S, R>['jobs'][number]; jid: string }>();
  const add = async (j: DistributedRun<S, R>['jobs'][number]): Promise<void> => {
    const data: JobData<S> = { format: JOB_FORMAT, v: JOB_VERSION, kind: run.kind, version, id: j.id, spec: j.spec, ...(j.profile !== undefined ? { profile: j.profile } : {}) };
    const jid = jobId(run.kind, j.id);
    const job = await queue.add(run.kind, data, {
      jobId: jid,
      attempts,
      backoff: { type: 'fixed', delay: 500 },
      // Kept a day (at most the newest 20,000), so a restarted coordinator collects, by id,
      // what finished while it was away; an evicted job is simply run again.
      removeOnComplete: { age: 24 * 3600, count: 20_000 },
      removeOnFail: { age: 24 * 3600, count: 20_000 },
    });
    // An existing job of that id (an earlier coordinator's): re-run it if it failed.
    if ((await job.getState()) === 'failed') await job.retry('failed');
    pending.set(j.id, { j, jid });
  };
  const stopped = () => run.signal?.aborted === true;
  let draining = false;
  try {
    for (const j of run.jobs) {
      if (stopped() || run.drain?.aborted) break;
      await bounded(() => add(j));
    }
    while (pending.size && !stopped()) {
      if (run.drain?.aborted && !draining) {
        draining = true;
        // Jobs not yet started are taken back; running ones finish and are handed on. A job is
        // first marked cancelled (a worker refuses a cancelled job), then removed if it is still
        // queued: a job a worker takes (and may finish) between the two calls is never lost.
        for (const [id, { jid }] of pending) {
          const st = await bounded(async () => {
            const job = await Job.fromId(queue, jid);
            if (job) await job.updateData({ ...(job.data as JobData<S>), cancelled: true }).catch(() => {});
            return queue.getJobState(jid);
          });
          if (st === 'waiting' || st === 'delayed' || st === 'prioritized' || st === 'unknown') {
            const gone = await bounded(() => queue.remove(jid).catch(() => 0));
            if (gone || st === 'unknown') pending.delete(id);
          }
        }
      }
      // The states first; a job's record is read only once it has finished.
      const round = await bounded(() =>
        Promise.all(
          [...pending].map(async ([id, p]) => {
            const state = await queue.getJobState(p.jid);
            const done = state === 'completed' || state === 'failed';
            return { id, p, state, job: done ? await Job.fromId(queue, p.jid) : null };
          }),
        ),
      );
      for (const { id, p, job, state } of round) {
        if (stopped()) break;
        if (state === 'unknown' || ((state === 'completed' || state === 'failed') && !job)) {
          // Redis lost it (restarted without its data): put it back, unless draining.
          if (draining) pending.delete(id);
          else await bounded(() => add(p.j));
        } else if (state === 'completed') {
          pending.delete(id);
          run.onDone(id, p.j.spec, job!.returnvalue as R);
        } else if (state === 'failed') {
          pending.delete(id);
          if (draining && /^cancelled/.test(String(job!.failedReason))) continue; // never ran
          // The reason comes from a worker elsewhere (through Redis): outside text, escaped here.
          const msg = String(job!.failedReason ?? 'failed');
          run.onError(id, p.j.spec, safeText(msg.split('\n')[0]), /refused/.test(msg));
        }
      }
      if (pending.size) await sleep(run.pollMs ?? 250);
    }
    if (stopped()) {
      // Jobs not yet started are taken back; running ones finish and stay retrievable by id.
      const takeBack = async () => {
        for (const { jid } of pending.values()) {
          const st = await queue.getJobState(jid);
          if (st === 'waiting' || st === 'delayed' || st === 'prioritized') await queue.remove(jid).catch(() => 0);
        }
      };
      await Promise.race([takeBack().catch(() => {}), sleep(2000)]); // Redis may be away
    }
  } finally {
    await Promise.race([queue.close().catch(() => {}), sleep(1000)]);
    qc.disconnect();
  }
}

export interface WorkerRun {
  redis: RedisTarget;
  concurrency: number;
  /**
   * Runs one job's spec off the main thread (so lock renewal keeps going); resolves to its
   * record. When `signal` fires (the job's deadline) the run must end: its thread is terminated.
   */
  run(kind: JobKind, spec: unknown, profile: unknown, signal: AbortSignal): Promise<unknown>;
  /** A job still running this long (ms) is ended and fails for good (DEFAULT_JOB_DEADLINE_MS). */
  deadlineMs?: number;
  log(line: string): void;
  lock?: LockTimes;
}

/**
 * How long a worker lets one job run: an hour. A sweep point or an attack job is sized in
 * seconds to minutes; a job past this is wedged (or sized far beyond what a worker should hold),
 * and while it runs the worker keeps renewing its lock, so nothing else would ever end it.
 */
export const DEFAULT_JOB_DEADLINE_MS = 3_600_000;

export interface WorkerHandle {
  close(): Promise<void>;
  /** Resolves when the worker has stopped (after close). */
  closed: Promise<void>;
}

/** A BullMQ worker that checks each job's format and code version before running it. */
export async function startWorker(w: WorkerRun): Promise<WorkerHandle> {
  await checkRedis(w.redis.url);
  const name = w.redis.queue ?? DEFAULT_QUEUE;
  const conn = connection(w.redis.url);
  conn.on('error', () => {});
  const mine = codeVersion();
  const me = `${hostname()}:${process.pid}`;
  const worker = new Worker(
    name,
    async (job: Job) => {
      const d = job.data as Partial<JobData>;
      if (d?.format !== JOB_FORMAT || d.v !== JOB_VERSION) {
        w.log(`sepka worker: refused job ${job.id}: not a ${JOB_FORMAT} v${JOB_VERSION} job`);
        throw new Error(`refused by worker ${me}: not a ${JOB_FORMAT} v${JOB_VERSION} job`);
      }
      if (d.version !== mine) {
        w.log(`sepka worker: refused job ${job.id}: built by sepka code version ${d.version}, this worker runs ${mine}`);
        throw new Error(`refused by worker ${me}: job of sepka code version ${d.version}, worker runs ${mine}`);
      }
      if (d.kind !== 'sweep-point' && d.kind !== 'attack') throw new Error(`refused by worker ${me}: unknown job kind ${String(d.kind)}`);
      if (d.cancelled === true) throw new UnrecoverableError('cancelled by its coordinator');
      const t0 = Date.now();
      let res: unknown;
      const deadline = w.deadlineMs ?? DEFAULT_JOB_DEADLINE_MS;
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), deadline);
      try {
        res = await w.run(d.kind, d.spec, d.profile, ac.signal);
      } catch (e) {
        if (ac.signal.aborted) {
          // Not retried: the same job would run into the same deadline on any worker.
          const msg = `job ran past the worker's deadline of ${deadline} ms on worker ${me}: its thread was ended`;
          w.log(`sepka worker: job ${d.kind} ${d.id} failed: ${msg}`);
          throw new UnrecoverableError(msg);
        }
        const msg = (e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : JSON.stringify(e)).split('\n')[0];
        w.log(`sepka worker: job ${d.kind} ${d.id} failed: ${msg}`);
        throw e instanceof Error ? e : new Error(msg);
      } finally {
        clearTimeout(timer);
      }
      w.log(`sepka worker: done ${d.kind} ${d.id} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return res;
    },
    {
      connection: conn as unknown as ConnectionOptions,
      concurrency: w.concurrency,
      lockDuration: w.lock?.lockMs ?? 30_000,
      stalledInterval: w.lock?.stalledMs ?? 15_000,
      maxStalledCount: 5,
    },
  );
  worker.on('error', (e) => w.log(`sepka worker: ${e.message.split('\n')[0]}`));
  await worker.waitUntilReady();
  let done!: () => void;
  const closed = new Promise<void>((r) => (done = r));
  return {
    closed,
    async close() {
      await worker.close(true).catch(() => {});
      conn.disconnect();
      done();
    },
  };
}
