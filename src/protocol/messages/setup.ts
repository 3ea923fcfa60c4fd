/** Codecs for hello, task and abort (wire layouts in each function's comment). */
import { SepkaError, SepkaErrorCode } from '../../errors.ts';
import { packBits, unpackBits } from '../bits.ts';
import { Reader, Writer } from '../frame.ts';
import type { StepName } from '../party.ts';
import { Abort, Hello, Limits, MSG, Task } from './types.ts';

const NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

// hello: role u8 (0 alice, 1 bob) | name length u8 | name (ASCII) | paramsHash 32
export function encodeHello(m: Hello): Uint8Array {
  const name = new TextEncoder().encode(m.protocol);
  return new Writer().u8(m.role === 'alice' ? 0 : 1).u8(name.length).bytes(name).bytes(m.paramsHash).frame(MSG.hello);
}
export function decodeHello(r: Reader): Hello {
  const role = r.u8('role');
  if (role > 1) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `hello: role ${role} is neither 0 (alice) nor 1 (bob)`);
  const name = new TextDecoder().decode(r.bytes(r.u8('name length'), 'protocol name'));
  if (!NAME_RE.test(name)) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `hello: protocol name ${JSON.stringify(name)} is not [a-z0-9-]{1,64}`);
  const paramsHash = r.bytes(32, 'paramsHash');
  r.end();
  return { type: 'hello', role: role === 0 ? 'alice' : 'bob', protocol: name, paramsHash };
}

// task: seedA 32 | m u32 | L u16 | labels (m·L bits, row-major, LSB-first)
export function encodeTask(m: Task, lim: Limits): Uint8Array {
  return new Writer().bytes(m.seedA).u32(lim.m).u16(lim.L).bytes(packBits(m.labels)).frame(MSG.task);
}
export function decodeTask(r: Reader, lim: Limits): Task {
  const seedA = r.bytes(32, 'seedA');
  const m = r.u32('m');
  const L = r.u16('L');
  if (m !== lim.m || L !== lim.L) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `task: shape m=${m}, L=${L}, expected m=${lim.m}, L=${lim.L}`);
  const labels = unpackBits(r.bytes((m * L + 7) >>> 3, 'labels'), m * L, 'task labels');
  r.end();
  return { type: 'task', seedA, labels };
}

/** Codes an abort frame may carry (the protocol-level ones; anything else is a field error). */
export const ABORT_CODES: readonly SepkaErrorCode[] = [
  'SEPKA_ERR_FRAME_TRUNCATED', 'SEPKA_ERR_FRAME_TOO_LONG', 'SEPKA_ERR_FRAME_VERSION', 'SEPKA_ERR_FRAME_TYPE',
  'SEPKA_ERR_FRAME_FIELD', 'SEPKA_ERR_OUT_OF_ORDER', 'SEPKA_ERR_PARAMS_MISMATCH', 'SEPKA_ERR_LEARN_FAILED',
  'SEPKA_ERR_RECONCILE_FAILED', 'SEPKA_ERR_TOO_FEW_BITS', 'SEPKA_ERR_CONFIRM_FAILED', 'SEPKA_ERR_TIMEOUT',
  'SEPKA_ERR_INTERNAL', 'SEPKA_ERR_BUSY', 'SEPKA_ERR_PEER_ABORT', 'SEPKA_ERR_DISCONNECTED',
];
export const STEPS: readonly StepName[] = ['hello', 'task', 'challenges', 'distill', 'reconcile', 'amplify', 'confirm', 'done', 'failed'];
export const MAX_REASON_BYTES = 512;

// abort: code index u8 (ABORT_CODES) | step index u8 (STEPS) | reason length u16 | reason UTF-8
export function encodeAbort(m: Abort): Uint8Array {
  const enc = new TextEncoder();
  let text = m.reason.replace(/[\u0000-\u001f\u007f]/g, ' ');
  while (enc.encode(text).length > MAX_REASON_BYTES) text = text.slice(0, -1);
  const reason = enc.encode(text);
  const ci = ABORT_CODES.indexOf(m.code);
  const code = ci >= 0 ? ci : ABORT_CODES.indexOf('SEPKA_ERR_INTERNAL');
  const step = Math.max(0, STEPS.indexOf(m.step));
  return new Writer().u8(code).u8(step).u16(reason.length).bytes(reason).frame(MSG.abort);
}
export function decodeAbort(r: Reader): Abort {
  const ci = r.u8('code');
  const si = r.u8('step');
  if (ci >= ABORT_CODES.length) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `abort: unknown code index ${ci}`);
  if (si >= STEPS.length) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `abort: unknown step index ${si}`);
  const len = r.u16('reason length');
  if (len > MAX_REASON_BYTES) throw new SepkaError('SEPKA_ERR_FRAME_FIELD', `abort: reason of ${len} bytes exceeds ${MAX_REASON_BYTES}`);
  const raw = r.bytes(len, 'reason');
  r.end();
  let reason: string;
  try {
    reason = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new SepkaError('SEPKA_ERR_FRAME_FIELD', 'abort: reason is not valid UTF-8');
  }
  // The reason is printed by the peer: keep it on one line and free of control characters.
  reason = reason.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return { type: 'abort', code: ABORT_CODES[ci], step: STEPS[si], reason };
}
