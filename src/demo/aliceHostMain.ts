/**
 * The body of one of Alice's worker threads (started by aliceHost.ts): it holds the Alice
 * parties of the sessions given to it (src/protocol/alice.ts, created as the `sepka alice`
 * process creates them, parties.ts) and runs their transitions. Nothing here touches the
 * network or a timer; the main thread's transport does.
 *
 * Messages in: start {id, purpose} | frame {id, frame} | abort {id, code, reason} | end {id}.
 * Messages out: ready | out {id, out, step, progress} (answers start and frame, in order) |
 * truth {id, truth} (answers end, and forgets the party) | error {message}.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeRng } from '../rng.ts';
import { loadKit, truthOf } from './parties.ts';
import type { AliceParty } from '../protocol/alice.ts';
import type { PartyOutput } from '../protocol/party.ts';
import type { HostIn, HostOut } from './aliceHost.ts';

const { protocol, seed } = workerData as { protocol: string; seed?: string };
const port = parentPort!;
const post = (m: HostOut, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const parties = new Map<number, AliceParty>();

let kit: ReturnType<typeof loadKit>;
try {
  kit = loadKit(protocol);
  post({ t: 'ready' });
} catch (e) {
  post({ t: 'error', message: (e as Error).message.split('\n')[0] });
}

/** Frames go as own copies, moved (a frame may be a view into a larger buffer). */
const answer = (id: number, p: AliceParty, out: PartyOutput) => {
  const frames = out.frames.map((f) => f.slice());
  post({ t: 'out', id, out: { ...out, frames }, step: p.step, progress: p.progress() }, frames.map((f) => f.buffer as ArrayBuffer));
};

port.on('message', (m: HostIn) => {
  try {
    if (m.t === 'start') {
      const p = kit.newAlice(makeRng(seed, m.purpose));
      parties.set(m.id, p);
      answer(m.id, p, p.start());
    } else if (m.t === 'frame') {
      const p = parties.get(m.id)!;
      answer(m.id, p, p.receive(m.frame));
    } else if (m.t === 'abort') parties.get(m.id)?.abort(m.code, m.reason);
    else if (m.t === 'end') {
      const p = parties.get(m.id);
      parties.delete(m.id);
      if (p) post({ t: 'truth', id: m.id, truth: truthOf(p) });
    }
  } catch (e) {
    // A Party never throws by contract: this is our bug, and it ends the thread's sessions.
    post({ t: 'error', message: `internal error: ${(e as Error).message.split('\n')[0]}` });
  }
});
