/**
 * A few WebAssembly binary-format encoders, enough to assemble simd.ts's kernels without a
 * compiler dependency (WebAssembly Core Specification 2.0, §5 "Binary format"; the v128
 * opcodes are those of the fixed-width SIMD proposal, §5.4.8). Instructions are byte arrays;
 * functions are concatenations of them in stack order.
 */

/** Unsigned LEB128 (§5.2.2), for indices, sizes and memarg offsets. */
export const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
};

/** Signed LEB128 (§5.2.2), for i32.const: bit 6 of the last byte is the sign. */
export const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};

export const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
export const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
export const name = (s: string): number[] => vec([...s].map((ch) => [ch.charCodeAt(0)]));

export const I32 = 0x7f;

// Variables, constants and i32/i64 arithmetic (§5.4.4, §5.4.7).
export const get = (i: number): number[] => [0x20, ...uleb(i)];
export const set = (i: number): number[] => [0x21, ...uleb(i)];
export const i32 = (v: number): number[] => [0x41, ...sleb(v)];
export const ADD = [0x6a];
export const SUB = [0x6b];
export const MUL = [0x6c];
export const AND = [0x71];
export const XOR32 = [0x73];
export const SHL = [0x74];
export const SHR_U = [0x76];
export const CTZ = [0x68];
export const EQZ = [0x45];
export const LT_U = [0x49];
export const GT_S = [0x4a];
export const GE_U = [0x4f];
export const SELECT = [0x1b];
export const I64_SHR_U = [0x88];
export const WRAP = [0xa7]; // i32.wrap_i64
export const EXTEND_U = [0xad]; // i64.extend_i32_u

// Memory (§5.4.6): memarg = alignment exponent, offset.
export const load32 = (off = 0): number[] => [0x28, 2, ...uleb(off)];
/** i64.load with alignment hint 1 byte: callers read 8 bytes from any byte offset. */
export const LOAD64_ANY = [0x29, 0, 0];
export const VLOAD = [0xfd, 0x00, 4, 0]; // v128.load align=16
export const VSTORE = [0xfd, 0x0b, 4, 0]; // v128.store align=16
export const VXOR = [0xfd, 0x51];
export const VZERO = [0xfd, 0x0c, ...Array(16).fill(0)]; // v128.const 0

// Control (§5.4.1); blocks have no result.
export const block = (...body: number[][]): number[] => [0x02, 0x40, ...body.flat(), 0x0b];
export const loop = (...body: number[][]): number[] => [0x03, 0x40, ...body.flat(), 0x0b];
export const br = (depth: number): number[] => [0x0c, depth];
export const brIf = (depth: number): number[] => [0x0d, depth];

/** local[i] += by. */
export const bump = (i: number, by: number): number[] => [...get(i), ...i32(by), ...ADD, ...set(i)];

/** A function body: `locals` extra i32 locals after the parameters, then the code. */
export const fnBody = (code: number[], locals = 0): number[] => {
  const b = [...(locals ? [1, ...uleb(locals), I32] : [0]), ...code, 0x0b];
  return [...uleb(b.length), ...b];
};

/** A function type with `params` i32 parameters and no result. */
export const fnType = (params: number): number[] => [0x60, ...vec(Array(params).fill([I32])), 0];
