/**
 * Golden wire vectors (test/vectors/, made by scripts/vectors.ts): the bytes sepka puts on the
 * wire and the errors it gives for malformed frames are a contract with every peer already
 * deployed, so they are pinned here rather than only round-tripped. For every vector:
 * encode(message) is exactly the frame, and decode(frame) is exactly the message; every message
 * type has a vector; the largest legal frame of each limits set is unchanged; and every
 * truncated, byte-mutated or extended `small` frame gets the same verdict (code and message).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeMessage, encodeMessage, Limits, maxFrameBytes, Message, MSG } from '../src/protocol/messages/index.ts';
import { FRAMES_PATH, fromJson, FrameVector, rejectLines, REJECTS_PATH } from '../scripts/vectors.ts';

const file = JSON.parse(readFileSync(FRAMES_PATH, 'utf8')) as { limits: Record<string, Limits>; maxFrameBytes: Record<string, number>; vectors: FrameVector[] };
const rejects = readFileSync(REJECTS_PATH, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe('golden frame vectors', () => {
  it.each(file.vectors.map((v) => [v.name, v] as const))('%s: encodes to exactly its bytes and decodes back', (_, v) => {
    const lim = file.limits[v.limits];
    const msg = fromJson(v.message) as Message;
    expect(bytesToHex(encodeMessage(msg, lim))).toBe(v.frame);
    expect(decodeMessage(hexToBytes(v.frame), lim)).toEqual(msg);
  });

  it('every message type has a vector', () => {
    const types = new Set(file.vectors.map((v) => hexToBytes(v.frame)[2]));
    const names = new Set(file.vectors.map((v) => (v.message as { type: string }).type));
    expect([...types].sort((a, b) => a - b)).toEqual((Object.values(MSG) as number[]).sort((a, b) => a - b));
    expect(names.size).toBe(Object.keys(MSG).length);
  });

  it('the largest legal frame of each limits set is unchanged', () => {
    for (const [name, lim] of Object.entries(file.limits)) expect([name, maxFrameBytes(lim)]).toEqual([name, file.maxFrameBytes[name]]);
  });

  it('every mutated small frame gets its pinned verdict', () => {
    expect(rejects.length).toBeGreaterThan(1000);
    expect(rejectLines(file.vectors)).toEqual(rejects);
  });
});
