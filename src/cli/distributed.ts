/**
 * Options shared by the commands that can run on the distributed backend: `--redis
 * URL`, `--queue NAME` and `--redis-wait-ms MS`, and the coordinator's Ctrl-C handling (stop,
 * keep what finished, exit 130 with one line).
 */
import { SepkaError } from '../errors.ts';
import { intOpt } from './args.ts';
import { DEFAULT_REDIS_WAIT_MS, parseRedisUrl, type RedisTarget } from '../net/jobqueue.ts';

export function redisOption(v: Record<string, string | boolean | undefined>): RedisTarget | undefined {
  if (v.redis === undefined) {
    if (v.queue !== undefined) throw new SepkaError('SEPKA_ERR_USAGE', '--queue needs --redis URL');
    if (v['redis-wait-ms'] !== undefined) throw new SepkaError('SEPKA_ERR_USAGE', '--redis-wait-ms needs --redis URL');
    return undefined;
  }
  const queue = v.queue === undefined ? undefined : String(v.queue);
  if (queue !== undefined && !/^[\w.-]{1,100}$/.test(queue)) throw new SepkaError('SEPKA_ERR_USAGE', `--queue: letters, digits, '.', '_' and '-' only, got '${queue}'`);
  const waitMs = intOpt(v['redis-wait-ms'], 'redis-wait-ms', DEFAULT_REDIS_WAIT_MS, 1000, 86_400_000);
  return { url: parseRedisUrl(String(v.redis)), queue, waitMs };
}

/** On SIGINT/SIGTERM abort `ac` (its reason is the signal's name); returns the unhook. */
export function onInterrupt(ac: AbortController): () => void {
  const h = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(130); // a second Ctrl-C: stop now
    ac.abort(sig);
  };
  process.on('SIGINT', h);
  process.on('SIGTERM', h);
  return () => {
    process.off('SIGINT', h);
    process.off('SIGTERM', h);
  };
}
