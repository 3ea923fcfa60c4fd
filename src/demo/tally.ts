/**
 * Frames and bytes per message type and direction, as one party sees them (the
 * timeline of `demo --web`). The type is the frame header's type byte (protocol/frame.ts),
 * named from the message table; a byte the table does not know is shown as such (the party
 * rejects that frame anyway, but it did cross the wire).
 */
import type { Direction } from '../protocol/party.ts';
import { TABLE } from '../protocol/messages/index.ts';
import type { FrameTally } from './ipc.ts';

const NAMES = new Map<number, string>(Object.entries(TABLE).map(([name, l]) => [l.byte, name]));

export const typeName = (frame: Uint8Array): string => {
  if (frame.length < 3) return 'short frame';
  return NAMES.get(frame[2]) ?? `type 0x${frame[2].toString(16).padStart(2, '0')}`;
};

/** Tallies in order of first appearance (the protocol's order of flights). */
export class FrameCounter {
  private readonly rows = new Map<string, FrameTally>();
  private t0: number | undefined;

  constructor(private readonly now: () => number = () => performance.now()) {}

  add(dir: Direction, frame: Uint8Array): void {
    const t = this.now();
    this.t0 ??= t;
    const ms = Math.round(t - this.t0);
    const type = typeName(frame);
    const key = `${type}|${dir}`;
    const row = this.rows.get(key);
    if (row) {
      row.frames++;
      row.bytes += frame.byteLength;
      row.lastMs = ms;
    } else this.rows.set(key, { type, dir, frames: 1, bytes: frame.byteLength, firstMs: ms, lastMs: ms });
  }

  /** A copy (the IPC message is serialised later than it is queued). */
  tallies(): FrameTally[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }
}
