/**
 * Alice's sessions off the event loop: her parties live in worker threads,
 * so that one session's computation (publishing the task takes ≈ 1.6 s on paper-128, a
 * challenge batch up to ≈ 35 ms) never holds up the frames and timers of the others. The main
 * thread keeps only the sockets, the timers and the frames in flight (transport.ts drives a
 * hosted party through its promise-returning `start`/`receive`).
 *
 * Up to `threads` workers are started as sessions need them (the first one at once, so that a
 * profile that fails to load in a thread fails before Alice listens), and reused: session i
 * goes to the worker with the fewest live sessions. A worker that dies fails its sessions with
 * SEPKA_ERR_INTERNAL (close 1011) and is replaced by the next session that needs one.
 *
 * Randomness: session i draws from makeRng(seed, 'alice') for i = 0 (so a one-session seeded
 * run is the same as in-process) and makeRng(seed, `alice#i`) after, so concurrent seeded
 * sessions are reproducible whatever their interleaving.
 *
 * The threads run aliceHostMain from the same tree as this module (src/runtime.ts). The thread
 * protocol is in aliceHostMain.ts.
 */
import type { Worker } from 'node:worker_threads';
import type { SepkaErrorCode } from '../errors.ts';
import type { PartyOutput, SessionFailure, StepName } from '../protocol/party.ts';
import type { DrivenParty } from '../net/transport.ts';
import type { PartyTruth } from '../eve/truth.ts';
import { startThread } from '../runtime.ts';

export type HostIn =
  | { t: 'start'; id: number; purpose: string }
  | { t: 'frame'; id: number; frame: Uint8Array }
  | { t: 'abort'; id: number; code: SepkaErrorCode; reason: string }
  | { t: 'end'; id: number };

export type HostOut =
  | { t: 'ready' }
  | { t: 'out'; id: number; out: PartyOutput; step: StepName; progress: Record<string, number | string> }
  | { t: 'truth'; id: number; truth: PartyTruth }
  | { t: 'error'; message: string };

/** A hosted Alice: what the transport drives, and her ground truth once the session is over. */
export type HostedAlice = DrivenParty & {
  /** Ends the party in its worker and resolves with its truth (the key only on success). */
  end(): Promise<PartyTruth>;
};

export interface AliceHost {
  party(index: number): HostedAlice;
  close(): Promise<void>;
}

interface Thread {
  worker: Worker;
  live: number;
  dead?: string;
  ready: Promise<void>;
  /** Per session: the callbacks waiting for its answers, in order. */
  waiting: Map<number, Array<{ resolve(v: never): void; reject(e: Error): void }>>;
}

export async function startAliceHost(o: { protocol: string; seed?: string; threads: number }): Promise<AliceHost> {
  const threads: Thread[] = [];

  const spawn = (): Thread => {
    const worker = startThread('demo/aliceHostMain', { protocol: o.protocol, seed: o.seed });
    let ready!: () => void;
    let notReady!: (e: Error) => void;
    const th: Thread = { worker, live: 0, ready: new Promise((r, j) => ((ready = r), (notReady = j))), waiting: new Map() };
    // Whoever needs the thread awaits `ready`; a thread that dies unused must not be an unhandled rejection.
    th.ready.catch(() => {});
    const die = (why: string) => {
      if (th.dead) return;
      th.dead = why;
      notReady(new Error(why));
      for (const q of th.waiting.values()) for (const w of q.splice(0)) w.reject(new Error(`alice's worker thread failed: ${why}`));
      const i = threads.indexOf(th);
      if (i >= 0) threads.splice(i, 1);
    };
    worker.on('message', (m: HostOut) => {
      if (m.t === 'ready') return ready();
      if (m.t === 'error') return die(m.message);
      th.waiting.get(m.id)?.shift()?.resolve(m as never);
    });
    worker.on('error', (e) => die(e.message.split('\n')[0]));
    worker.on('exit', (code) => die(`exited with code ${code}`));
    threads.push(th);
    return th;
  };

  const first = spawn();
  await first.ready.catch((e: Error) => {
    throw new Error(`alice's worker thread did not start: ${e.message}`);
  });

  const pick = (): Thread => {
    const idle = threads.filter((t) => !t.dead).sort((a, b) => a.live - b.live)[0];
    return idle && (idle.live === 0 || threads.length >= o.threads) ? idle : spawn();
  };

  return {
    party(index) {
      const th = pick();
      th.live++;
      th.waiting.set(index, []);
      let step: StepName = 'hello';
      let progress: Record<string, number | string> = { step };
      let aborted: SessionFailure | undefined;
      const ask = <T>(m: HostIn, transfer: ArrayBuffer[] = []): Promise<T> =>
        new Promise<T>((resolve, reject) => {
          if (th.dead) return reject(new Error(`alice's worker thread failed: ${th.dead}`));
          th.waiting.get(index)!.push({ resolve: resolve as (v: never) => void, reject });
          th.worker.postMessage(m, transfer);
        });
      const output = async (m: HostIn, transfer?: ArrayBuffer[]): Promise<PartyOutput> => {
        await th.ready;
        const r = await ask<Extract<HostOut, { t: 'out' }>>(m, transfer);
        step = r.step;
        progress = r.progress;
        return r.out;
      };
      return {
        role: 'alice',
        get step() {
          return aborted ? 'failed' : step;
        },
        start: () => output({ t: 'start', id: index, purpose: index === 0 ? 'alice' : `alice#${index}` }),
        receive(frame) {
          // An own copy, moved to the worker (the socket's buffer may be shared).
          const f = frame.slice();
          return output({ t: 'frame', id: index, frame: f }, [f.buffer as ArrayBuffer]);
        },
        abort(code, reason) {
          if (!aborted) {
            aborted = { ok: false, code, step, reason };
            if (!th.dead) th.worker.postMessage({ t: 'abort', id: index, code, reason } satisfies HostIn);
          }
          return { ok: false, code, step: aborted.step, reason };
        },
        progress: () => ({ ...progress, step: aborted ? 'failed' : step }),
        async end() {
          try {
            await th.ready;
            return (await ask<Extract<HostOut, { t: 'truth' }>>({ t: 'end', id: index })).truth;
          } finally {
            th.live--;
            th.waiting.delete(index);
          }
        },
      };
    },
    async close() {
      await Promise.all(threads.splice(0).map((t) => t.worker.terminate()));
    },
  };
}
