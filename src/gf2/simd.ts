/**
 * The M4RI block step in WebAssembly SIMD (the v128 proposal, shipped in Node ≥ 16.4): the
 * row pass and the Gray-code tables of m4ri.ts, the loops where V8's scalar typed-array code
 * is the limit (DESIGN.md §5: about 1 ns per 32-bit word per access; a v128 op moves four).
 * Each kernel is one call per block and does all of that block's index arithmetic itself, so
 * no per-row work is left in JavaScript (building the per-row offset lists in JS took longer
 * than the XORs themselves, and its speed varied with V8's tier-up from process to process).
 *
 * sepka takes no compiler dependency, so the module is assembled here (encoders in wasm.ts).
 * One exported memory, and, with all offsets in bytes, 16-byte aligned unless said otherwise,
 * and every lane count n ≥ 1:
 *
 *   xor2batch(list, count, n)     for each of `count` entries (dst, a, b: three i32s at list,
 *                                 in order): mem[dst] = mem[a] ^ mem[b] over n × 16 bytes.
 *   tables(tb, piv, s, kt, kbar, n)
 *                                 ceil(kbar / kt) Gray-code tables of kt pivot rows each (the
 *                                 last holds the remaining bits): table t starts at
 *                                 tb + t·span, span = 2^kt·16n; entry g(i) = i ^ (i >> 1) is
 *                                 entry g(i-1) XOR pivot row t·kt + ctz(i), the pivot rows
 *                                 being n lanes at piv, piv + s, …; entry 0 is zero.
 *   rowpass<N>(rows, s, skip0, skip1, cb, sh, kmask, kt, tb, span, n, w0b), N = 1 … NT_MAX
 *                                 for each row i < rows outside [skip0, skip1), at o = i·s:
 *                                 x = (the 8 bytes at o + cb, any alignment) >> sh & kmask;
 *                                 if x ≠ 0, the n lanes at o + w0b ^= entry (x >> t·kt) & (2^kt − 1)
 *                                 of table t, for t < N.
 */
import {
  ADD, AND, CTZ, EQZ, EXTEND_U, GE_U, GT_S, I64_SHR_U, LOAD64_ANY, LT_U, MUL, SELECT, SHL, SHR_U, SUB,
  VLOAD, VSTORE, VXOR, VZERO, WRAP, XOR32,
  block, br, brIf, bump, fnBody, fnType, get, i32, load32, loop, name, section, set, vec,
} from './wasm.ts';

/** Most tables one row pass combines: m4ri.ts's geometry uses 4 (5 × 6 and 4 × 8 bits measured no faster). */
export const NT_MAX = 4;

type Kernel = (...args: number[]) => void;

export interface Simd {
  readonly memory: WebAssembly.Memory;
  xor2batch(list: number, count: number, n: number): void;
  tables(tb: number, piv: number, s: number, kt: number, kbar: number, n: number): void;
  /** rowpass[N] combines N tables (index 0 unused). */
  readonly rowpass: readonly Kernel[];
}

/** n (local `k`, ≥ 1) times: `body`, then the pointer locals advance by 16 bytes. */
const lanes = (k: number, ptrs: number[], body: number[]): number[] =>
  loop(body, ...ptrs.map((p) => bump(p, 16)), get(k), i32(1), SUB, set(k), get(k), brIf(0));

function xor2batch(): number[] {
  // Params list 0, count 1, n 2; locals dst 3, a 4, b 5, k 6.
  return block(loop(
    get(1), EQZ, brIf(1),
    ...[0, 4, 8].map((off, j) => [...get(0), ...load32(off), ...set(3 + j)]),
    get(2), set(6),
    lanes(6, [3, 4, 5], [...get(3), ...get(4), ...VLOAD, ...get(5), ...VLOAD, ...VXOR, ...VSTORE]),
    bump(0, 12), get(1), i32(1), SUB, set(1), br(0),
  ));
}

function tables(): number[] {
  // Params tb 0, piv 1, s 2, kt 3, kbar 4, n 5; locals t 6, bits 7, base 8, prev 9, i 10,
  // dst 11, src 12, k 13, bw 14, span 15, p 16, q 17.
  const [tb, piv, s, kt, kbar, n, t, bits, base, prev, i, dst, src, k, bw, span, p, q] = Array.from({ length: 18 }, (_, j) => j);
  return [
    ...get(n), ...i32(4), ...SHL, ...set(bw),
    ...get(bw), ...get(kt), ...SHL, ...set(span),
    ...get(tb), ...set(base),
    ...block(loop(
      get(kbar), get(t), get(kt), MUL, SUB, set(bits),
      get(bits), i32(0), GT_S, EQZ, brIf(1),
      get(kt), get(bits), get(bits), get(kt), GT_S, SELECT, set(bits), // min(kt, bits)
      get(base), set(p), get(n), set(k),
      lanes(k, [p], [...get(p), ...VZERO, ...VSTORE]),
      get(base), set(prev), i32(1), set(i),
      block(loop(
        get(i), i32(1), get(bits), SHL, GE_U, brIf(1),
        get(base), get(i), get(i), i32(1), SHR_U, XOR32, get(bw), MUL, ADD, set(dst),
        get(piv), get(t), get(kt), MUL, get(i), CTZ, ADD, get(s), MUL, ADD, set(src),
        get(dst), set(p), get(prev), set(q), get(n), set(k),
        lanes(k, [p, q, src], [...get(p), ...get(q), ...VLOAD, ...get(src), ...VLOAD, ...VXOR, ...VSTORE]),
        get(dst), set(prev), bump(i, 1), br(0),
      )),
      bump(t, 1), get(base), get(span), ADD, set(base), br(0),
    )),
  ];
}

function rowpass(N: number): number[] {
  // Params rows 0, s 1, skip0 2, skip1 3, cb 4, sh 5, kmask 6, kt 7, tb 8, span 9, n 10,
  // w0b 11; locals i 12, o 13, y 14, m 15, bw 16, k 17, dst 18, base 19, a_t 20 + t.
  const [rows, s, skip0, skip1, cb, sh, kmask, kt, tb, span, n, w0b, i, o, y, m, bw, k, dst, base] = Array.from({ length: 20 }, (_, j) => j);
  const a = (t: number) => 20 + t;
  const table = (t: number) => [
    ...get(base), ...get(y), ...get(m), ...AND, ...get(bw), ...MUL, ...ADD, ...set(a(t)),
    ...(t < N - 1 ? [...get(y), ...get(kt), ...SHR_U, ...set(y), ...get(base), ...get(span), ...ADD, ...set(base)] : []),
  ];
  const combine = [...get(dst), ...get(dst), ...VLOAD, ...Array.from({ length: N }, (_, t) => [...get(a(t)), ...VLOAD, ...VXOR]).flat(), ...VSTORE];
  return [
    ...i32(1), ...get(kt), ...SHL, ...i32(1), ...SUB, ...set(m),
    ...get(n), ...i32(4), ...SHL, ...set(bw),
    ...block(loop(
      get(i), get(rows), GE_U, brIf(1),
      block(
        get(i), get(skip0), SUB, get(skip1), get(skip0), SUB, LT_U, brIf(0), // a pivot row of the block
        get(o), get(cb), ADD, LOAD64_ANY, get(sh), EXTEND_U, I64_SHR_U, WRAP, get(kmask), AND, set(y),
        get(y), EQZ, brIf(0),
        get(o), get(w0b), ADD, set(dst), get(tb), set(base),
        ...Array.from({ length: N }, (_, t) => table(t)),
        get(n), set(k),
        lanes(k, [dst, ...Array.from({ length: N }, (_, t) => a(t))], combine),
      ),
      bump(i, 1), get(o), get(s), ADD, set(o), br(0),
    )),
  ];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const passes = Array.from({ length: NT_MAX }, (_, t) => t + 1);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version 1
    ...section(1, vec([fnType(3), fnType(6), fnType(12)])), // types
    ...section(3, vec([[0], [1], ...passes.map(() => [2])])), // functions → types
    ...section(5, vec([[0x00, 1]])), // one memory, 1 page minimum
    ...section(7, vec([
      [...name('memory'), 0x02, 0],
      [...name('xor2batch'), 0x00, 0],
      [...name('tables'), 0x00, 1],
      ...passes.map((N) => [...name(`rowpass${N}`), 0x00, 1 + N]),
    ])),
    ...section(10, vec([fnBody(xor2batch(), 4), fnBody(tables(), 12), ...passes.map((N) => fnBody(rowpass(N), 8 + N))])),
  ]);
}

let cached: Simd | null | undefined;

/** The SIMD kernels, or null where WebAssembly SIMD is unavailable (callers fall back to JS). */
export function simd(): Simd | null {
  if (cached !== undefined) return cached;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return (cached = null);
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as Record<string, unknown>;
    cached = {
      memory: ex.memory as WebAssembly.Memory,
      xor2batch: ex.xor2batch as Simd['xor2batch'],
      tables: ex.tables as Simd['tables'],
      rowpass: [() => {}, ...Array.from({ length: NT_MAX }, (_, t) => ex[`rowpass${t + 1}`] as Kernel)],
    };
  } catch {
    cached = null;
  }
  return cached;
}

/** Largest SIMD memory we ask for: wasm32 addresses are u32, so 4 GiB (65,536 pages) at most. */
export const SIMD_MAX_BYTES = 2 ** 32;

/**
 * An Int32Array view of at least `bytes` bytes of the SIMD memory (grows it if needed), or
 * null when the memory cannot grow that far (wasm32's 4 GiB, the engine's own limit, or the
 * host out of memory): the caller then runs the JS kernel instead of failing. Growing detaches
 * every earlier view of the buffer, so callers take a fresh view per call and never keep one.
 */
export function simdView(s: Simd, bytes: number): Int32Array | null {
  const have = s.memory.buffer.byteLength;
  if (have < bytes) {
    if (!(bytes <= SIMD_MAX_BYTES)) return null;
    try {
      s.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return null; // RangeError: past the memory's maximum or out of host memory
    }
  }
  return new Int32Array(s.memory.buffer);
}
