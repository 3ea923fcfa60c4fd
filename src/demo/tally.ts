/**
 * Frames and bytes per message type and direction, as one party sees them, with when each type
 * first and last went by (the timeline of `demo --web`). The counting is protocol/wire.ts's
 * (header only: type byte and length); this adds the times.
 */
import type { Direction } from '../protocol/party.ts';
import { typeName, WireTally, type WireRow } from '../protocol/wire.ts';
import type { FrameTally } from './ipc.ts';

export { typeName };

/** Tallies in order of first appearance (the protocol's order of flights). */
export class FrameCounter {
  private readonly wire = new WireTally();
  private readonly times = new Map<WireRow, { firstMs: number; lastMs: number }>();
  private t0: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  add(dir: Direction, frame: Uint8Array): void {
    const t = this.now();
    this.t0 ??= t;
    const ms = Math.round(t - this.t0);
    const row = this.wire.add(dir, frame);
    const seen = this.times.get(row);
    if (seen) seen.lastMs = ms;
    else this.times.set(row, { firstMs: ms, lastMs: ms });
  }

  /** A copy (the IPC message is serialised later than it is queued). */
  tallies(): FrameTally[] {
    return [...this.times.entries()].map(([r, t]) => ({ type: r.type, dir: r.dir, frames: r.frames, bytes: r.bytes, ...t }));
  }

  /** The same frames as protocol/wire.ts rows (stage included). */
  rows(): WireRow[] {
    return this.wire.list();
  }
}
