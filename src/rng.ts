/**
 * Randomness for sepka: one `Rng` interface, two sources.
 *
 * - `seededRng(seed, purpose)`: seedrandom's ARC4 stream keyed by (seed, purpose). Each purpose
 *   ("task", "bob.r", "eve", …) gets an independent stream, so adding draws in one place never
 *   shifts another. Reproducible, and therefore NOT secure: seeded runs are simulations.
 * - `secureRng()`: node:crypto's CSPRNG, buffered.
 *
 * Samplers (DESIGN.md §1): uniform words/bits, exact Bernoulli(θ), uniform fixed-weight index
 * sets, uniform integers. Core code never uses the global unseeded PRNG; it takes an Rng.
 *
 * We use ARC4 rather than seedrandom's xor-shift family on purpose (DESIGN.md §5): the low
 * bits of xorshift generators are GF(2)-linear, which makes GF(2) matrices filled from them
 * rank-deficient.
 */
import seedrandom from 'seedrandom';
import { randomFillSync } from 'node:crypto';

export interface Rng {
  /** A uniform 32-bit unsigned integer. */
  u32(): number;
  /** True when the stream is reproducible (and so not secure). */
  readonly seeded: boolean;
}

/** Seeded stream, independent per `purpose`. */
export function seededRng(seed: string | number, purpose: string): Rng {
  // seedrandom hashes the whole key string; the separator keeps ("1","0x") ≠ ("10","x").
  const prng = seedrandom(`sepka/v1|${String(seed)}|${purpose}`);
  return { u32: () => prng.int32() >>> 0, seeded: true };
}

/** Cryptographically secure stream from node:crypto, refilled in 1 KiB blocks. */
export function secureRng(): Rng {
  const buf = new Uint32Array(256);
  let i = buf.length;
  return {
    u32() {
      if (i === buf.length) {
        randomFillSync(buf);
        i = 0;
      }
      return buf[i++];
    },
    seeded: false,
  };
}

/** `seededRng` when a seed is given, otherwise `secureRng`. */
export function makeRng(seed: string | number | undefined, purpose: string): Rng {
  return seed === undefined ? secureRng() : seededRng(seed, purpose);
}

/**
 * A child stream for `purpose`, split off `parent` now. A seeded parent gives a seeded child
 * keyed by four of its words, so the child is reproducible however much the parent is drawn on
 * later (Eve's learners draw a wall-clock-dependent amount); a secure parent gives a secure child.
 */
export function fork(parent: Rng, purpose: string): Rng {
  if (!parent.seeded) return secureRng();
  const key = Array.from({ length: 4 }, () => parent.u32().toString(16).padStart(8, '0')).join('');
  return seededRng(key, purpose);
}

/** `n` uniform bytes. */
export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += 4) {
    let w = rng.u32();
    for (let j = i; j < Math.min(n, i + 4); j++, w >>>= 8) out[j] = w & 0xff;
  }
  return out;
}

/** Uniform integer in [0, k), by rejection (no modulo bias). k ≤ 2^32. */
export function uniformInt(rng: Rng, k: number): number {
  if (!(k >= 1 && k <= 2 ** 32 && Number.isInteger(k))) throw new RangeError(`uniformInt: bad bound ${k}`);
  if (k === 1) return 0;
  const limit = 2 ** 32 - (2 ** 32 % k);
  for (;;) {
    const x = rng.u32();
    if (x < limit) return x % k;
  }
}

/**
 * Exact Bernoulli(θ) for a double θ ∈ [0, 1]: compare a lazily drawn uniform U = 0.u1u2… with
 * θ's binary expansion; U < θ decides. The comparison goes 32 bits at a time: the next word of
 * U against the next 32 bits of θ, T = ⌊θ·2^32⌋ (exact: scaling a double by 2^32 and taking its
 * floor lose nothing). Unequal words decide at once; equal words move on to θ's remaining bits,
 * and when none are left U ≥ θ. One word per draw except with probability 2^-32, and exact for
 * every θ, including θ far below 2^-32 (no rounding of a 32-bit draw).
 */
export function bernoulli(rng: Rng, theta: number): 0 | 1 {
  if (!(theta >= 0 && theta <= 1)) throw new RangeError(`bernoulli: θ=${theta} not in [0,1]`);
  if (theta === 1) return 1;
  let t = theta;
  for (;;) {
    const scaled = t * 4294967296;
    const T = Math.floor(scaled);
    const w = rng.u32();
    if (w !== T) return w < T ? 1 : 0;
    t = scaled - T;
    if (t === 0) {
      // U's word equals θ's last bits: U ≥ θ. The bit-by-bit comparison, which this one replaces
      // word for word, reads one more word when θ's last 1 is this word's last bit; so do we,
      // so that a seeded stream stays where it was.
      if (T & 1) rng.u32();
      return 0;
    }
  }
}

/** Uniform sample of `w` distinct indices from [0, m), sorted (Floyd's algorithm). */
export function fixedWeightIndices(rng: Rng, m: number, w: number): number[] {
  if (!(Number.isInteger(w) && w >= 0 && w <= m)) throw new RangeError(`fixedWeight: w=${w} not in [0, ${m}]`);
  const chosen = new Set<number>();
  for (let j = m - w; j < m; j++) {
    const t = uniformInt(rng, j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** Uniform element of a non-empty array. */
export function choice<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new RangeError('choice: empty array');
  return xs[uniformInt(rng, xs.length)];
}

/** In-place Fisher–Yates shuffle. */
export function shuffle<T>(rng: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = xs[i];
    xs[i] = xs[j];
    xs[j] = t;
  }
  return xs;
}
