/**
 * The running transcript hash (DESIGN.md §5): SHA-256 over every frame sent or received, in
 * wire order, each prefixed by its length (u32 big-endian) so that frame boundaries are part of
 * what is hashed. Both parties see the same frames in the same order (the protocol never has
 * both sides sending at once), so their hashes agree unless a frame was changed in flight; key
 * confirmation (confirm.ts) binds the key to this hash. Eve can compute it too: it is public.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export class Transcript {
  private h = sha256.create().update(utf8ToBytes('sepka/v1/transcript'));
  private count = 0;

  /** Absorb one frame. */
  update(frame: Uint8Array): void {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, frame.length);
    this.h.update(len).update(frame);
    this.count++;
  }

  /** Hash of everything absorbed so far (the running state is kept). */
  digest(): Uint8Array {
    return this.h.clone().digest();
  }

  /** Frames absorbed so far. */
  get frames(): number {
    return this.count;
  }
}
