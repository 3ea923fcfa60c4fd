/**
 * The in-memory channel: runs one session between two Party objects (the very objects the
 * WebSocket processes drive), delivering frames in order, copying each to Eve's tap, and
 * optionally letting a test tamper with frames in flight. Used by `sepka measure`, the sweep
 * workers and the protocol tests.
 *
 * Delivery is a FIFO of (direction, frame); a party's output frames are queued in order. The
 * session ends when both parties have an outcome, or when the queue runs dry (a party stopped
 * talking without ending: the other is then aborted with SEPKA_ERR_DISCONNECTED, as a driver
 * would on a closed socket).
 */
import type { Direction, EveTap, Party, SessionOutcome } from './party.ts';

/** May return a modified frame (or the same one); `index` counts frames from 0 in wire order. */
export type Tamper = (dir: Direction, frame: Uint8Array, index: number) => Uint8Array;

export interface InMemoryResult {
  alice: SessionOutcome;
  bob: SessionOutcome;
  /** Frames delivered, and their total size in bytes. */
  frames: number;
  bytes: number;
  ms: number;
}

export interface ChannelOptions {
  tamper?: Tamper;
  /** Safety valve against a protocol bug that ping-pongs forever. */
  maxFrames?: number;
}

export function runInMemorySession(alice: Party, bob: Party, tap?: EveTap, opts: ChannelOptions = {}): InMemoryResult {
  const t0 = performance.now();
  const maxFrames = opts.maxFrames ?? 1_000_000;
  const queue: [Direction, Uint8Array][] = [];
  let frames = 0;
  let bytes = 0;
  let aOut: SessionOutcome | undefined;
  let bOut: SessionOutcome | undefined;
  const push = (dir: Direction, fs: Uint8Array[]): void => {
    for (const f of fs) queue.push([dir, f]);
  };
  const a0 = alice.start();
  aOut = a0.outcome;
  push('alice->bob', a0.frames);
  const b0 = bob.start();
  bOut = b0.outcome;
  push('bob->alice', b0.frames);
  for (let head = 0; head < queue.length && !(aOut && bOut); head++) {
    const [dir, original] = queue[head];
    queue[head] = [dir, new Uint8Array(0)]; // release memory as we go
    const frame = opts.tamper ? opts.tamper(dir, original, frames) : original;
    frames++;
    bytes += frame.length;
    if (tap) {
      try {
        tap.observe(dir, frame);
      } catch {
        /* Eve's failures never disturb the honest parties */
      }
    }
    if (dir === 'bob->alice') {
      if (aOut) continue;
      const r = alice.receive(frame);
      aOut = r.outcome;
      push('alice->bob', r.frames);
    } else {
      if (bOut) continue;
      const r = bob.receive(frame);
      bOut = r.outcome;
      push('bob->alice', r.frames);
    }
    if (frames >= maxFrames) break;
  }
  aOut ??= alice.abort('SEPKA_ERR_DISCONNECTED', 'peer stopped sending before the session ended');
  bOut ??= bob.abort('SEPKA_ERR_DISCONNECTED', 'peer stopped sending before the session ended');
  return { alice: aOut, bob: bOut, frames, bytes, ms: performance.now() - t0 };
}
