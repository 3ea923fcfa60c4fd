/**
 * Golden wire vectors (test/vectors/, made by scripts/vectors.ts): the bytes sepka puts on the
 * wire and the errors it gives for malformed frames are a contract with every peer already
 * deployed, so they are pinned here rather than only round-tripped. For every vector:
 * encode(message) is exactly the frame, and decode(frame) is exactly the message; every message
 * type in the wire table has a vector; the largest legal frame of each limits set is unchanged,
 * and each type's bound (derived from the same table as the codec) is reached exactly by a
 * largest message; and every truncated, byte-mutated or extended `small` frame gets the same
 * verdict (code and message).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ABORT_REASON_MAX_BYTES, decodeMessage, encodeMessage, Limits, maxFrameBytes, maxFrameBytesOf, maxRevealPositions, Message, MessageType, MSG, TABLE } from '../src/protocol/messages/index.ts';
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

  it('every message type in the table has a vector, under its own type byte', () => {
    const byName = new Map<string, Set<number>>();
    for (const v of file.vectors) {
      const t = (v.message as { type: string }).type;
      byName.set(t, (byName.get(t) ?? new Set()).add(hexToBytes(v.frame)[2]));
    }
    for (const [t, layout] of Object.entries(TABLE)) expect([t, [...(byName.get(t) ?? [])]]).toEqual([t, [layout.byte]]);
    expect([...byName.keys()].sort()).toEqual(Object.keys(TABLE).sort());
    expect(Object.values(TABLE).map((l) => l.byte).sort((a, b) => a - b)).toEqual((Object.values(MSG) as number[]).sort((a, b) => a - b));
  });

  it('every vector fits its type\'s bound', () => {
    for (const v of file.vectors) {
      const type = (v.message as { type: MessageType }).type;
      expect(v.frame.length / 2).toBeLessThanOrEqual(maxFrameBytesOf(type, file.limits[v.limits]));
    }
  });

  it('each type\'s bound is reached exactly by its largest message (small limits)', () => {
    const lim = file.limits.small;
    const z = (k: number) => new Uint8Array(k);
    const maxRanges = Math.ceil(lim.maxRaw / 2);
    const largest: Message[] = [
      { type: 'hello', role: 'bob', protocol: 'x'.repeat(64), paramsHash: z(32) },
      { type: 'task', seedA: z(32), labels: z(lim.m * lim.L) },
      { type: 'challenges', batch: 0, batches: lim.batches, xs: Array.from({ length: lim.batchSize }, () => new Uint32Array(Math.ceil(lim.n / 32))) },
      { type: 'estimate', seed: z(32), bits: z(lim.maxRaw) },
      { type: 'distill', ell: 1, errors: 0, sample: 1, blocks: lim.maxRaw, masked: z(lim.maxRaw) },
      { type: 'kept', kept: z(lim.maxRaw), seed: z(32), passes: 1, k1: 1 },
      { type: 'recon-query', ranges: Array.from({ length: maxRanges }, () => ({ pass: 0, lo: 0, hi: 1 })) },
      { type: 'recon-reply', parities: z(maxRanges) },
      { type: 'verify', seed: z(32), tag: z(32) },
      { type: 'amplify', seed: z(32), outBits: 8, keyBits: 8 },
      { type: 'confirm', role: 'alice', tag: z(32) },
      { type: 'abort', code: 'SEPKA_ERR_INTERNAL', step: 'done', reason: 'r'.repeat(ABORT_REASON_MAX_BYTES) },
      { type: 'pairs', round: 0, rounds: 1, errors: 0, sample: 1, seed: z(32), parities: z(lim.maxRaw >>> 1) },
      { type: 'survivors', round: 0, kept: z(lim.maxRaw) },
      { type: 'syndrome', seed: z(32), check: z(2), bits: z(lim.maxRaw) },
      { type: 'reveal-query', positions: Array.from({ length: maxRevealPositions(lim) }, () => ({ pos: 0 })) },
      { type: 'reveal', bits: z(lim.maxRaw) },
    ];
    expect(largest.map((m) => m.type).sort()).toEqual(Object.keys(TABLE).sort());
    for (const m of largest) {
      const frame = encodeMessage(m, lim);
      expect([m.type, frame.length]).toEqual([m.type, maxFrameBytesOf(m.type, lim)]);
      expect(decodeMessage(frame, lim)).toEqual(m);
    }
  });

  it('the largest legal frame of each limits set is unchanged', () => {
    for (const [name, lim] of Object.entries(file.limits)) expect([name, maxFrameBytes(lim)]).toEqual([name, file.maxFrameBytes[name]]);
  });

  it('every mutated small frame gets its pinned verdict', () => {
    expect(rejects.length).toBeGreaterThan(1000);
    expect(rejectLines(file.vectors)).toEqual(rejects);
  });
});
