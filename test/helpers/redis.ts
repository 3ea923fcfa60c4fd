/**
 * A real Redis for the distributed tests (never a mock). Either the one `.ci/run`
 * started (SEPKA_TEST_REDIS_URL), or a redis-server this test file starts itself on a free
 * loopback port and stops afterwards. Without a redis-server binary the distributed tests are
 * skipped with a message, so `npm test` passes on a machine without Redis — unless
 * SEPKA_REQUIRE_REDIS=1 (set by .ci/run), where a missing server is a failure. Also the
 * harness the distributed test files share: `sepka` and `sepka worker` child processes on a
 * pinned code version, temporary directories, and their clean-up.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { tmpDirs } from './tmp.ts';

export const REDIS_BIN = process.env.SEPKA_REDIS_SERVER ?? 'redis-server';

/** A redis-server binary is on this machine (the file may then start its own). */
export const haveRedisServer = (): boolean => spawnSync(REDIS_BIN, ['--version']).status === 0;

/** A Redis to test against: the shared one (SEPKA_TEST_REDIS_URL) or a binary to start. */
export function haveRedis(): boolean {
  if (process.env.SEPKA_TEST_REDIS_URL) return true;
  return haveRedisServer();
}

export const redisRequired = (): boolean => process.env.SEPKA_REQUIRE_REDIS === '1';

export const SKIP_MESSAGE = `distributed tests skipped: no '${REDIS_BIN}' binary on PATH (apt-get install -y redis-server, or set SEPKA_TEST_REDIS_URL)`;

/**
 * Whether a file's Redis tests run (`have`: haveRedis() or haveRedisServer()): without a Redis
 * they are skipped with SKIP_MESSAGE, unless SEPKA_REQUIRE_REDIS=1, where that is a failure.
 */
export function redisOrSkip(have: boolean): boolean {
  if (!have) {
    if (redisRequired()) throw new Error(`SEPKA_REQUIRE_REDIS=1 but ${SKIP_MESSAGE}`);
    console.warn(SKIP_MESSAGE);
  }
  return have;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** A redis-server on `port`, ready (no persistence: a restart comes back empty). */
export async function redisOn(port: number): Promise<ChildProcess> {
  const proc: ChildProcess = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  const t0 = Date.now();
  while (!/Ready to accept connections/i.test(out)) {
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) {
      proc.kill('SIGKILL');
      throw new Error(`redis-server did not start: ${out.slice(-300)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return proc;
}

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisHandle> {
  if (process.env.SEPKA_TEST_REDIS_URL) return { url: process.env.SEPKA_TEST_REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const proc = await redisOn(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode !== null) return;
      const gone = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await gone;
    },
  };
}

/** The Redis of a describe block (startRedis): started before its tests, stopped after them. */
export function redisForBlock(): { readonly url: string } {
  let handle: RedisHandle | undefined;
  beforeAll(async () => {
    handle = await startRedis();
  });
  afterAll(async () => {
    await handle?.stop();
  });
  return {
    get url(): string {
      if (!handle) throw new Error('redisForBlock: Redis is not started yet (use it inside a test)');
      return handle.url;
    },
  };
}

/** A `sepka` child process: its output so far and how it ended. */
export interface Proc {
  child: ChildProcess;
  err: () => string;
  out: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * What a distributed test file shares: a code version pinned through SEPKA_CODE_VERSION for this
 * process (the coordinator runs in it) and every worker, so that someone editing src/ meanwhile
 * does not make them disagree; temporary directories (removed after the file) and child
 * processes (SIGKILLed after each test). Call once, at the top of the file.
 */
export function distributedHarness(tmpPrefix: string, untilMs = 60_000) {
  const VERSION = `test-${randomUUID().slice(0, 8)}`;
  process.env.SEPKA_CODE_VERSION = VERSION;
  const tmp = tmpDirs(tmpPrefix);
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  async function until(pred: () => boolean, what: string, ms = untilMs): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** `sepka <args>` as a child process (killed after the test if still running). */
  function cli(args: string[], env: Record<string, string> = {}): Proc {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SEPKA_CODE_VERSION: VERSION, ...env },
    });
    children.push(child);
    let err = '';
    let out = '';
    child.stderr!.on('data', (b) => (err += b));
    child.stdout!.on('data', (b) => (out += b));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
    return { child, err: () => err, out: () => out, exit };
  }

  /** A `sepka worker` on this queue, ready when it has printed its start line. */
  async function worker(url: string, queue: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Proc> {
    const w = cli(['worker', '--redis', url, '--queue', queue, '--concurrency', '1', ...extra], env);
    await until(() => /queue '/.test(w.err()) || w.child.exitCode !== null, 'worker start');
    expect(w.child.exitCode).toBe(null);
    return w;
  }

  return { VERSION, tmp, children, until, cli, worker };
}
