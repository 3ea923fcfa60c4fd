/**
 * Golden wire vectors: writes test/vectors/frames.json and test/vectors/rejects.txt
 * from the codec as it is, or with --check compares the codec against the checked-in files.
 *
 *   npx tsx scripts/vectors.ts           regenerate (only when the wire format changes on purpose)
 *   npx tsx scripts/vectors.ts --check   exit 1 if the codec no longer produces the files
 *
 * frames.json pins, for every message type, messages and the exact frame bytes they encode to,
 * and the largest legal frame for each limits set. rejects.txt pins the error (code and
 * one-line message) for every truncation, every body byte set to 0x00 and to 0xff (also with
 * the body ending right after it), and one trailing byte, of every frame vector under the
 * `small` limits: the codec's errors are part
 * of the contract (scripts and peers match on the codes; people read the reasons).
 *
 * The vectors were first generated from the hand-written per-message codecs, before the codec
 * became one table (messages/table.ts), so they pin the bytes that older peers speak.
 * Limits are written out here, not derived from protocols/*.json, so that retuning a profile
 * does not move a wire vector. Message contents come from SHAKE128 of a label: deterministic,
 * and not a pattern an off-by-one could reproduce by accident.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { shake128 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../src/errors.ts';
import { pack } from '../src/gf2/vec.ts';
import { decodeMessage, encodeMessage, Limits, maxFrameBytes, Message } from '../src/protocol/messages/index.ts';

export const FRAMES_PATH = new URL('../test/vectors/frames.json', import.meta.url);
export const REJECTS_PATH = new URL('../test/vectors/rejects.txt', import.meta.url);

/**
 * Limits sets. `small` is the messages test's: odd n and m·L so every packed field has pad
 * bits. The others are the shipped profiles' limits (limitsOf) when the vectors were made.
 */
export const LIMITS: Record<string, Limits> = {
  small: { n: 37, m: 50, L: 5, batchSize: 4, batches: 3, maxRaw: 200, ellMax: 8 },
  'toy-insecure': { n: 48, m: 192, L: 32, batchSize: 256, batches: 20, maxRaw: 160864, ellMax: 12 },
  'demo-256': { n: 256, m: 1024, L: 128, batchSize: 128, batches: 12, maxRaw: 195200, ellMax: 12 },
  'paper-1024': { n: 1024, m: 4096, L: 128, batchSize: 64, batches: 25, maxRaw: 200704, ellMax: 12 },
};

// ---------------------------------------------------------------------------------------------
// JSON form of a message: byte strings as {"hex"}, 0/1 bit strings as {"bits"}, packed GF(2)
// vectors as {"vec", "n"} (their bits, so a vector reads the same at any word size).

/** Message fields that hold one bit per byte (bits.ts); every other Uint8Array is bytes. */
const BIT_FIELDS = new Set(['labels', 'bits', 'masked', 'kept', 'parities']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export function toJson(v: unknown, key = '', lim?: Limits): Json {
  if (v instanceof Uint8Array) return BIT_FIELDS.has(key) ? { bits: Array.from(v).join('') } : { hex: bytesToHex(v) };
  if (v instanceof Uint32Array) {
    const n = lim!.n;
    let s = '';
    for (let i = 0; i < n; i++) s += (v[i >>> 5] >>> (i & 31)) & 1;
    return { vec: s };
  }
  if (Array.isArray(v)) return v.map((x) => toJson(x, key, lim));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJson(x, k, lim);
    return out;
  }
  return v as Json;
}

export function fromJson(j: Json): unknown {
  if (Array.isArray(j)) return j.map(fromJson);
  if (j !== null && typeof j === 'object') {
    if (typeof j.hex === 'string') return hexToBytes(j.hex);
    if (typeof j.bits === 'string') return Uint8Array.from(j.bits, Number);
    if (typeof j.vec === 'string') return pack(Uint8Array.from(j.vec, Number));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(j)) out[k] = fromJson(x);
    return out;
  }
  return j;
}

// ---------------------------------------------------------------------------------------------
// The vectors.

/** k deterministic bytes named by `label`. */
const det = (label: string, k: number): Uint8Array => shake128(utf8ToBytes(`sepka/vectors/${label}`), { dkLen: k });
/** k deterministic 0/1 values. */
const detBits = (label: string, k: number): Uint8Array => {
  const b = det(label, Math.ceil(k / 8));
  return Uint8Array.from({ length: k }, (_, i) => (b[i >>> 3] >>> (i & 7)) & 1);
};
const detVec = (label: string, n: number): Uint32Array => pack(detBits(label, n));

export interface FrameVector {
  name: string;
  limits: string;
  message: Json;
  frame: string;
}

/** Messages covering every type, lengths at both ends of their ranges, and both roles. */
function messages(): { name: string; limits: string; message: Message }[] {
  const s = LIMITS.small;
  const t = LIMITS['toy-insecure'];
  return [
    { name: 'hello-bob', limits: 'small', message: { type: 'hello', role: 'bob', protocol: 'demo-256', paramsHash: det('hello-bob', 32) } },
    { name: 'hello-alice-64', limits: 'small', message: { type: 'hello', role: 'alice', protocol: 'a' + '-0123456789abcdef'.repeat(4).slice(0, 63), paramsHash: det('hello-alice', 32) } },
    { name: 'hello-toy', limits: 'toy-insecure', message: { type: 'hello', role: 'bob', protocol: 'toy-insecure', paramsHash: det('hello-toy', 32) } },
    { name: 'task', limits: 'small', message: { type: 'task', seedA: det('task/seed', 32), labels: detBits('task/labels', s.m * s.L) } },
    { name: 'task-toy', limits: 'toy-insecure', message: { type: 'task', seedA: det('task-toy/seed', 32), labels: detBits('task-toy/labels', t.m * t.L) } },
    { name: 'challenges-full', limits: 'small', message: { type: 'challenges', batch: 0, batches: s.batches, xs: [0, 1, 2, 3].map((i) => detVec(`challenges/${i}`, s.n)) } },
    { name: 'challenges-last', limits: 'small', message: { type: 'challenges', batch: s.batches - 1, batches: s.batches, xs: [detVec('challenges-last', s.n)] } },
    { name: 'challenges-toy', limits: 'toy-insecure', message: { type: 'challenges', batch: 7, batches: t.batches, xs: [0, 1, 2].map((i) => detVec(`challenges-toy/${i}`, t.n)) } },
    { name: 'estimate', limits: 'small', message: { type: 'estimate', seed: det('estimate/seed', 32), bits: detBits('estimate/bits', 61) } },
    { name: 'estimate-max', limits: 'small', message: { type: 'estimate', seed: det('estimate-max/seed', 32), bits: detBits('estimate-max/bits', s.maxRaw) } },
    { name: 'distill', limits: 'small', message: { type: 'distill', ell: 3, errors: 4, sample: 61, blocks: 11, masked: detBits('distill', 33) } },
    { name: 'distill-empty', limits: 'small', message: { type: 'distill', ell: s.ellMax, errors: 0, sample: 1, blocks: 0, masked: new Uint8Array(0) } },
    { name: 'kept', limits: 'small', message: { type: 'kept', kept: detBits('kept/mask', 11), seed: det('kept/seed', 32), passes: 4, k1: 9 } },
    { name: 'kept-one', limits: 'small', message: { type: 'kept', kept: Uint8Array.of(1), seed: det('kept-one/seed', 32), passes: 16, k1: s.maxRaw } },
    {
      name: 'recon-query',
      limits: 'small',
      message: { type: 'recon-query', ranges: [{ pass: 0, lo: 0, hi: 9 }, { pass: 1, lo: 9, hi: 18 }, { pass: 15, lo: 199, hi: 200 }] },
    },
    { name: 'recon-reply', limits: 'small', message: { type: 'recon-reply', parities: detBits('recon-reply', 13) } },
    { name: 'verify', limits: 'small', message: { type: 'verify', seed: det('verify/seed', 32), tag: det('verify/tag', 8) } },
    { name: 'verify-short', limits: 'small', message: { type: 'verify', seed: det('verify-short/seed', 32), tag: det('verify-short/tag', 2) } },
    { name: 'verify-long', limits: 'small', message: { type: 'verify', seed: det('verify-long/seed', 32), tag: det('verify-long/tag', 32) } },
    { name: 'amplify', limits: 'small', message: { type: 'amplify', seed: det('amplify/seed', 32), outBits: 150, keyBits: 128 } },
    { name: 'amplify-toy', limits: 'toy-insecure', message: { type: 'amplify', seed: det('amplify-toy/seed', 32), outBits: 70000, keyBits: 256 } },
    { name: 'confirm-alice', limits: 'small', message: { type: 'confirm', role: 'alice', tag: det('confirm-alice', 32) } },
    { name: 'confirm-bob', limits: 'small', message: { type: 'confirm', role: 'bob', tag: det('confirm-bob', 32) } },
    { name: 'abort', limits: 'small', message: { type: 'abort', code: 'SEPKA_ERR_CONFIRM_FAILED', step: 'confirm', reason: 'confirmation tag mismatch' } },
    { name: 'abort-empty', limits: 'small', message: { type: 'abort', code: 'SEPKA_ERR_FRAME_TRUNCATED', step: 'hello', reason: '' } },
    { name: 'abort-utf8', limits: 'small', message: { type: 'abort', code: 'SEPKA_ERR_DISCONNECTED', step: 'failed', reason: 'Bob ≠ Alice: θ = n^-1/2 💥' } },
    // Bit pairs and LDPC: appended, so the vectors above are unchanged.
    { name: 'pairs', limits: 'small', message: { type: 'pairs', round: 0, rounds: 3, errors: 4, sample: 61, seed: det('pairs/seed', 32), parities: detBits('pairs', 69) } },
    { name: 'pairs-last', limits: 'small', message: { type: 'pairs', round: 7, rounds: 8, errors: 0, sample: s.maxRaw, seed: det('pairs-last/seed', 32), parities: Uint8Array.of(1) } },
    { name: 'survivors', limits: 'small', message: { type: 'survivors', round: 1, kept: detBits('survivors', 35) } },
    { name: 'syndrome', limits: 'small', message: { type: 'syndrome', seed: det('syndrome/seed', 32), check: det('syndrome/check', 2), bits: detBits('syndrome', 27) } },
    { name: 'reveal-query', limits: 'small', message: { type: 'reveal-query', positions: [{ pos: 0 }, { pos: 17 }, { pos: s.maxRaw - 1 }] } },
    { name: 'reveal', limits: 'small', message: { type: 'reveal', bits: detBits('reveal', 3) } },
    { name: 'syndrome-toy', limits: 'toy-insecure', message: { type: 'syndrome', seed: det('syndrome-toy/seed', 32), check: det('syndrome-toy/check', 2), bits: detBits('syndrome-toy', 4000) } },
  ];
}

export function frameVectors(): FrameVector[] {
  return messages().map(({ name, limits, message }) => ({
    name,
    limits,
    message: toJson(message, '', LIMITS[limits]),
    frame: bytesToHex(encodeMessage(message, LIMITS[limits])),
  }));
}

// ---------------------------------------------------------------------------------------------
// Rejections: every mutation of every `small` frame vector and what the decoder says about it.

export interface Mutation {
  edit: string;
  frame: Uint8Array;
}

export function mutations(frame: Uint8Array): Mutation[] {
  const out: Mutation[] = [];
  for (let k = 0; k < frame.length; k++) out.push({ edit: `cut ${k}`, frame: frame.slice(0, k) });
  for (let i = 7; i < frame.length; i++) {
    for (const v of [0x00, 0xff]) {
      if (frame[i] === v) continue;
      const f = frame.slice();
      f[i] = v;
      out.push({ edit: `set ${i} ${v.toString(16).padStart(2, '0')}`, frame: f });
    }
  }
  // A bad byte with the body cut right after it: pins whether a field is checked before the
  // next one is read (an out-of-range value reported as such, not as a truncation).
  for (let i = 7; i + 1 < frame.length; i++) {
    if (frame[i] === 0xff) continue;
    const f = frame.slice(0, i + 1);
    f[i] = 0xff;
    new DataView(f.buffer).setUint32(3, i + 1 - 7);
    out.push({ edit: `set ${i} ff, cut ${i + 1}`, frame: f });
  }
  // One trailing byte, with the declared body length kept and with it raised to match.
  const long = new Uint8Array(frame.length + 1);
  long.set(frame);
  out.push({ edit: 'append 00', frame: long.slice() });
  new DataView(long.buffer).setUint32(3, frame.length + 1 - 7);
  out.push({ edit: 'append 00 relength', frame: long });
  return out;
}

/** The decoder's verdict on a frame: `ok` or `CODE message`. */
export function verdict(frame: Uint8Array, lim: Limits): string {
  try {
    decodeMessage(frame, lim);
    return 'ok';
  } catch (e) {
    if (!(e instanceof SepkaError)) throw e;
    return `${e.code} ${e.message}`;
  }
}

export function rejectLines(vectors: FrameVector[]): string[] {
  const lines: string[] = [];
  for (const v of vectors) {
    if (v.limits !== 'small') continue;
    for (const m of mutations(hexToBytes(v.frame))) lines.push(`${v.name}\t${m.edit}\t${verdict(m.frame, LIMITS.small)}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------

function render(): { frames: string; rejects: string } {
  const vectors = frameVectors();
  const maxFrame = Object.fromEntries(Object.entries(LIMITS).map(([k, lim]) => [k, maxFrameBytes(lim)]));
  const frames = JSON.stringify({ about: 'sepka wire vectors v1; generated by scripts/vectors.ts', limits: LIMITS, maxFrameBytes: maxFrame, vectors }, null, 1) + '\n';
  const rejects = ['# vector\tedit\tverdict (generated by scripts/vectors.ts; edits: cut k = first k bytes, set i v = byte i := v, set i ff, cut k = both with the declared length fixed, append = one trailing byte)', ...rejectLines(vectors)].join('\n') + '\n';
  return { frames, rejects };
}

function main(): void {
  const { frames, rejects } = render();
  if (process.argv.includes('--check')) {
    const bad = [
      readFileSync(FRAMES_PATH, 'utf8') !== frames && 'test/vectors/frames.json',
      readFileSync(REJECTS_PATH, 'utf8') !== rejects && 'test/vectors/rejects.txt',
    ].filter(Boolean);
    if (bad.length) {
      console.error(`vectors: the codec no longer produces ${bad.join(' and ')}`);
      process.exit(1);
    }
    console.error('vectors: frames.json and rejects.txt match the codec');
    return;
  }
  writeFileSync(FRAMES_PATH, frames);
  writeFileSync(REJECTS_PATH, rejects);
  console.error(`vectors: wrote test/vectors/frames.json and test/vectors/rejects.txt`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
