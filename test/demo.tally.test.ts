/**
 * Frame tallies for the live timeline (src/demo/tally.ts) and their check at the IPC
 * boundary (src/demo/ipc.ts): counts and bytes per message type and direction from real
 * encoded frames, and a malformed tally is a one-line SEPKA_ERR_IPC.
 */
import { describe, expect, it } from 'vitest';
import { FrameCounter, typeName } from '../src/demo/tally.ts';
import { parseChildMessage } from '../src/demo/ipc.ts';
import { encodeMessage, limitsOf } from '../src/protocol/messages/index.ts';
import { loadProfile, paramsHash } from '../src/protocol/profile.ts';

const P = loadProfile('toy-insecure');
const lim = limitsOf(P);

describe('FrameCounter', () => {
  it('counts frames and bytes per type and direction, in order of first appearance', () => {
    let t = 1000;
    const c = new FrameCounter(() => t);
    const hello = encodeMessage({ type: 'hello', role: 'bob', protocol: P.name, paramsHash: paramsHash(P) }, lim);
    const abort = encodeMessage({ type: 'abort', code: 'SEPKA_ERR_TIMEOUT', step: 'hello', reason: 'x' }, lim);
    c.add('bob->alice', hello);
    t = 1010;
    c.add('alice->bob', hello);
    t = 1025;
    c.add('bob->alice', abort);
    c.add('bob->alice', abort);
    c.add('bob->alice', Uint8Array.of(0x53, 1, 0xee));
    expect(c.tallies()).toEqual([
      { type: 'hello', dir: 'bob->alice', frames: 1, bytes: hello.length, firstMs: 0, lastMs: 0 },
      { type: 'hello', dir: 'alice->bob', frames: 1, bytes: hello.length, firstMs: 10, lastMs: 10 },
      { type: 'abort', dir: 'bob->alice', frames: 2, bytes: 2 * abort.length, firstMs: 25, lastMs: 25 },
      { type: 'type 0xee', dir: 'bob->alice', frames: 1, bytes: 3, firstMs: 25, lastMs: 25 },
    ]);
    expect(typeName(Uint8Array.of(0x53))).toBe('short frame');
  });
});

describe('progress tallies at the IPC boundary', () => {
  const msg = (frames: unknown) => ({ t: 'progress', role: 'alice', progress: { step: 'hello' }, frames });
  it('accepts well-formed tallies and rejects malformed ones with one line', () => {
    const ok = [{ type: 'hello', dir: 'bob->alice', frames: 1, bytes: 48, firstMs: 0, lastMs: 0 }];
    expect(parseChildMessage(msg(ok))).toEqual(msg(ok));
    for (const bad of [
      'x',
      [{ ...ok[0], dir: 'eve->bob' }],
      [{ ...ok[0], frames: -1 }],
      [{ ...ok[0], bytes: 1.5 }],
      [{ ...ok[0], firstMs: Number.NaN }],
      [{ ...ok[0], type: 'x'.repeat(33) }],
      Array.from({ length: 65 }, () => ok[0]),
    ]) {
      expect(() => parseChildMessage(msg(bad))).toThrow(/^'progress' message: (frames must be an array|a frame tally needs)/);
    }
  });
});
