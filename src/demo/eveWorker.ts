/**
 * Eve's analysis off the critical path (DESIGN.md §4): a worker thread that owns the
 * EveTap (src/eve/) and is fed copies of the forwarded frames, so that however long
 * her learners run, the forwarding loop in eveTap.ts never waits for them.
 *
 * The thread runs eveWorkerMain from the same tree as this module (src/runtime.ts). The thread protocol is in eveWorkerMain.ts. Frames are transferred, not copied twice.
 */
import type { EveTruth } from '../eve/truth.ts';
import type { Direction } from '../protocol/party.ts';
import { startThread } from '../runtime.ts';

export interface AnalystOptions {
  protocol: string;
  budgetMs?: number;
  /** Seed for Eve's own randomness (derived per role as 'eve'); secure when absent. */
  seed?: string;
  /** Latest running figures, pushed by the worker at most every `progressMs`. */
  onProgress?(p: Record<string, number | string>): void;
  progressMs?: number;
}

export type WorkerIn =
  | { t: 'begin'; session: number }
  | { t: 'frame'; dir: Direction; frame: Uint8Array }
  | { t: 'end'; truth?: EveTruth };

export type WorkerOut =
  | { t: 'ready' }
  | { t: 'progress'; progress: Record<string, number | string> }
  | { t: 'report'; report: Record<string, unknown> }
  | { t: 'error'; message: string };

export interface EveAnalyst {
  /** Start a fresh EveTap for a new session. */
  begin(session: number): void;
  /** A copy of one forwarded frame (ownership passes to the worker). */
  observe(dir: Direction, frame: Uint8Array): void;
  /** End the session; resolves with Eve's report (or {error} if her analysis failed). */
  end(truth?: EveTruth): Promise<Record<string, unknown>>;
  /** The most recent progress the worker reported. */
  readonly latest: Record<string, number | string>;
  close(): Promise<void>;
}

export function startAnalyst(opts: AnalystOptions): EveAnalyst {
  const worker = startThread('demo/eveWorkerMain', { protocol: opts.protocol, budgetMs: opts.budgetMs, seed: opts.seed, progressMs: opts.progressMs ?? 200 });
  let latest: Record<string, number | string> = {};
  let failed: string | undefined;
  let waiting: ((r: Record<string, unknown>) => void) | undefined;

  worker.on('message', (m: WorkerOut) => {
    if (m.t === 'progress') {
      latest = m.progress;
      opts.onProgress?.(m.progress);
    } else if (m.t === 'report') {
      waiting?.(m.report);
      waiting = undefined;
    } else if (m.t === 'error') {
      failed = m.message;
      waiting?.({ error: m.message });
      waiting = undefined;
    }
  });
  worker.on('error', (e) => {
    // Eve's analysis failing must never disturb the forwarding.
    failed = e.message.split('\n')[0];
    waiting?.({ error: failed });
    waiting = undefined;
  });
  worker.on('exit', () => {
    failed ??= 'analysis worker exited';
    waiting?.({ error: failed });
    waiting = undefined;
  });

  const post = (m: WorkerIn, transfer?: ArrayBuffer[]) => {
    if (!failed) worker.postMessage(m, transfer);
  };

  return {
    begin: (session) => post({ t: 'begin', session }),
    observe: (dir, frame) => post({ t: 'frame', dir, frame }, [frame.buffer as ArrayBuffer]),
    end(truth) {
      if (failed) return Promise.resolve({ error: failed });
      return new Promise((resolve) => {
        waiting = resolve;
        post({ t: 'end', truth });
      });
    },
    get latest() {
      return latest;
    },
    async close() {
      await worker.terminate();
    },
  };
}
