/**
 * 128-bit XOR kernels in WebAssembly SIMD (the v128 proposal, shipped in Node ≥ 16.4) for the
 * M4RI row pass, the one loop where V8's scalar typed-array code is the limit (DESIGN.md §5:
 * about 1 ns per 32-bit word per access; a v128 op moves four words).
 *
 * sepka takes no compiler dependency, so the module is assembled here from its binary encoding
 * (WebAssembly Core Specification 2.0, §5 "Binary format"). It holds one exported memory and two
 * functions; in WAT:
 *
 *   (func $xor4 (param $dst i32) (param $a i32) (param $b i32) (param $c i32) (param $e i32)
 *               (param $n i32)                       ;; mem[dst] ^= a ^ b ^ c ^ e, n × 16 bytes
 *     (block (loop
 *       (br_if 1 (i32.eqz (local.get $n)))
 *       (v128.store (local.get $dst)
 *         (v128.xor (v128.xor (v128.xor (v128.xor (v128.load (local.get $dst))
 *           (v128.load (local.get $a))) (v128.load (local.get $b)))
 *           (v128.load (local.get $c))) (v128.load (local.get $e))))
 *       ;; $dst, $a, $b, $c, $e += 16; $n -= 1
 *       (br 0))))
 *   (func $xor2 (param $dst i32) (param $a i32) (param $b i32) (param $n i32)
 *     ...)                                             ;; mem[dst] = a ^ b, n × 16 bytes
 *   (func $xor4batch (param $list i32) (param $count i32) (param $n i32)
 *     ...)   ;; for each of count entries (dst, a, b, c, e: i32 byte offsets at list, 20 bytes
 *            ;; apart): the xor4 above, n × 16 bytes — one call per M4RI block instead of one
 *            ;; per row (the JS→WASM call was ≈ half the time of a 1024×1024 rref)
 *   (func $xor2batch (param $list i32) (param $count i32) (param $n i32)
 *     ...)   ;; the same for xor2 with (dst, a, b) entries 12 bytes apart, in order (the
 *            ;; Gray-code tables: each entry is the previous one XOR a pivot row)
 *
 * All offsets are byte offsets into `memory`; callers keep them 16-byte aligned.
 */

export interface Simd {
  readonly memory: WebAssembly.Memory;
  xor4(dst: number, a: number, b: number, c: number, e: number, n: number): void;
  xor2(dst: number, a: number, b: number, n: number): void;
  /** xor4 for `count` rows at once: the (dst, a, b, c, e) byte offsets are 5 i32s each at `list`, n lanes each. */
  xor4batch(list: number, count: number, n: number): void;
  /** xor2 for `count` entries in order: (dst, a, b) byte offsets, 3 i32s each at `list`, n lanes each. */
  xor2batch(list: number, count: number, n: number): void;
}

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));

// Opcodes (spec §5.4).
const I32 = 0x7f;
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const bump = (i: number, by: number) => [...get(i), 0x41, ...uleb(by), 0x6a, ...set(i)]; // i32.const, i32.add
const load = (i: number) => [...get(i), 0xfd, 0x00, 4, 0]; // v128.load align=16 offset=0
const XOR = [0xfd, 0x51]; // v128.xor
const STORE = [0xfd, 0x0b, 4, 0]; // v128.store align=16 offset=0
const load32 = (ptr: number, off: number) => [...get(ptr), 0x28, 2, ...uleb(off)]; // i32.load align=4

/** Loop `n` (local `nIdx`) times over `body`, advancing the pointer locals by 16 bytes. */
function loop16(nIdx: number, ptrs: number[], body: number[]): number[] {
  return [
    0x02, 0x40, 0x03, 0x40, // block, loop (no result)
    ...get(nIdx), 0x45, 0x0d, 1, // br_if 1 (n == 0)
    ...body,
    ...ptrs.flatMap((p) => bump(p, 16)),
    ...get(nIdx), 0x41, 1, 0x6b, ...set(nIdx), // n -= 1
    0x0c, 0, 0x0b, 0x0b, // br 0, end loop, end block
  ];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const xor4 = loop16(5, [0, 1, 2, 3, 4], [
    ...get(0), ...load(0), ...load(1), ...XOR, ...load(2), ...XOR, ...load(3), ...XOR, ...load(4), ...XOR, ...STORE,
  ]);
  const xor2 = loop16(3, [0, 1, 2], [...get(0), ...load(1), ...load(2), ...XOR, ...STORE]);
  // xor4batch: params list 0, count 1, n 2; locals dst 3, a 4, b 5, c 6, e 7, lanes left 8.
  const inner = loop16(8, [3, 4, 5, 6, 7], [
    ...get(3), ...load(3), ...load(4), ...XOR, ...load(5), ...XOR, ...load(6), ...XOR, ...load(7), ...XOR, ...STORE,
  ]);
  const xor4batch = [
    0x02, 0x40, 0x03, 0x40, // block, loop over the entries
    ...get(1), 0x45, 0x0d, 1, // br_if 1 (count == 0)
    ...[0, 4, 8, 12, 16].flatMap((off, k) => [...load32(0, off), ...set(3 + k)]),
    ...get(2), ...set(8),
    ...inner,
    ...bump(0, 20),
    ...get(1), 0x41, 1, 0x6b, ...set(1), // count -= 1
    0x0c, 0, 0x0b, 0x0b,
  ];
  // xor2batch: params list 0, count 1, n 2; locals dst 3, a 4, b 5, lanes left 6.
  const inner2 = loop16(6, [3, 4, 5], [...get(3), ...load(4), ...load(5), ...XOR, ...STORE]);
  const xor2batch = [
    0x02, 0x40, 0x03, 0x40,
    ...get(1), 0x45, 0x0d, 1,
    ...[0, 4, 8].flatMap((off, k) => [...load32(0, off), ...set(3 + k)]),
    ...get(2), ...set(6),
    ...inner2,
    ...bump(0, 12),
    ...get(1), 0x41, 1, 0x6b, ...set(1),
    0x0c, 0, 0x0b, 0x0b,
  ];
  const fn = (code: number[], i32Locals = 0) => {
    const b = [...(i32Locals ? [1, i32Locals, I32] : [0]), ...code, 0x0b]; // locals; function end
    return [...uleb(b.length), ...b];
  };
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version 1
    ...section(1, vec([[0x60, ...vec(Array(6).fill([I32])), 0], [0x60, ...vec(Array(4).fill([I32])), 0], [0x60, ...vec(Array(3).fill([I32])), 0]])), // types
    ...section(3, vec([[0], [1], [2], [2]])), // functions → types
    ...section(5, vec([[0x00, 1]])), // one memory, 1 page minimum
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('xor4'), 0x00, 0], [...name('xor2'), 0x00, 1], [...name('xor4batch'), 0x00, 2], [...name('xor2batch'), 0x00, 3]])),
    ...section(10, vec([fn(xor4), fn(xor2), fn(xor4batch, 6), fn(xor2batch, 4)])),
  ]);
}

let cached: Simd | null | undefined;

/** The SIMD kernels, or null where WebAssembly SIMD is unavailable (callers fall back to JS). */
export function simd(): Simd | null {
  if (cached !== undefined) return cached;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly !== 'object' || !WebAssembly.validate(bytes)) return (cached = null);
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    cached = { memory: ex.memory, xor4: ex.xor4, xor2: ex.xor2, xor4batch: ex.xor4batch, xor2batch: ex.xor2batch } as unknown as Simd;
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
