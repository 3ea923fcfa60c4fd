/**
 * Expansion of the public matrix A from a 32-byte seed: cross-checked against OpenSSL's
 * SHAKE128 (node:crypto), domain separation by purpose and shape, rank, and seed validation.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { expandMatrix, shakeBytes } from '../src/task/expand.ts';
import { rank } from '../src/gf2/index.ts';

// Cross-check against an independent SHAKE128 (OpenSSL through node:crypto): the expansion is
// label ‖ seed through SHAKE128, read as little-endian words, each row's tail masked.
function reference(seed: Uint8Array, rows: number, cols: number, purpose: string): Uint32Array {
  const stride = Math.ceil(cols / 32);
  const label = Buffer.from(`sepka/v1/expand|${purpose}|${rows}x${cols}|`, 'utf8');
  const out = createHash('shake128', { outputLength: rows * stride * 4 })
    .update(Buffer.concat([label, Buffer.from(seed)]))
    .digest();
  const words = new Uint32Array(rows * stride);
  for (let k = 0; k < words.length; k++) words[k] = out.readUInt32LE(4 * k);
  const r = cols & 31;
  if (r) for (let i = 0; i < rows; i++) words[i * stride + stride - 1] &= (1 << r) - 1;
  return words;
}

describe('expandMatrix (SHAKE128)', () => {
  const seed = Uint8Array.from({ length: 32 }, (_, i) => i);
  it('its two SHAKE128 paths agree: node:crypto (used when present) and @noble/hashes (the fallback)', () => {
    for (const len of [1, 167, 168, 169, 4096, 100_003]) {
      const input = Uint8Array.from({ length: len % 300 }, (_, i) => (i * 7 + len) & 255);
      expect(Buffer.from(shakeBytes(input, len)).equals(Buffer.from(shakeBytes(input, len, 'noble')))).toBe(true);
    }
  });
  it('matches an independent SHAKE128 implementation', () => {
    for (const [rows, cols] of [[4, 32], [10, 45], [128, 64]]) {
      expect(Array.from(expandMatrix(seed, rows, cols).data)).toEqual(Array.from(reference(seed, rows, cols, 'A')));
    }
  });
  it('separates domains: purpose and shape change the stream', () => {
    const a = expandMatrix(seed, 8, 64, 'A').data;
    const b = expandMatrix(seed, 8, 64, 'B').data;
    const c = expandMatrix(seed, 16, 32).data;
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
  });
  it('gives full-rank tall matrices (4n×n has rank n except with prob ≈ 2^-3n)', () => {
    expect(rank(expandMatrix(seed, 1024, 256))).toBe(256);
  });
  it('rejects a seed of the wrong length', () => {
    expect(() => expandMatrix(new Uint8Array(31), 4, 4)).toThrow(/32 bytes/);
  });
});
