/**
 * A real Redis for the distributed tests (never a mock). Either the one `.ci/run`
 * started (SEPKA_TEST_REDIS_URL), or a redis-server this test file starts itself on a free
 * loopback port and stops afterwards. Without a redis-server binary the distributed tests are
 * skipped with a message, so `npm test` passes on a machine without Redis — unless
 * SEPKA_REQUIRE_REDIS=1 (set by .ci/run), where a missing server is a failure.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const REDIS_BIN = process.env.SEPKA_REDIS_SERVER ?? 'redis-server';

export function haveRedis(): boolean {
  if (process.env.SEPKA_TEST_REDIS_URL) return true;
  const r = spawnSync(REDIS_BIN, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export const redisRequired = (): boolean => process.env.SEPKA_REQUIRE_REDIS === '1';

export const SKIP_MESSAGE = `distributed tests skipped: no '${REDIS_BIN}' binary on PATH (apt-get install -y redis-server, or set SEPKA_TEST_REDIS_URL)`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisHandle {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisHandle> {
  if (process.env.SEPKA_TEST_REDIS_URL) return { url: process.env.SEPKA_TEST_REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const proc: ChildProcess = spawn(REDIS_BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => (out += b));
  const t0 = Date.now();
  while (!/Ready to accept connections/i.test(out)) {
    if (proc.exitCode !== null || Date.now() - t0 > 10_000) throw new Error(`redis-server did not start: ${out.slice(-300)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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
