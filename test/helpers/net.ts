/**
 * Test helpers for the network layer: a scripted ping-pong Party pair that obeys the Party
 * contract (src/protocol/party.ts) without any protocol semantics, so the transport can be
 * tested on its own.
 *
 * Frame: [version=1, type, round]. Bob sends ping(i) for i < rounds, Alice answers pong(i);
 * after the last pong Bob sends fin and both succeed with the same fixed key. Anything else
 * ends the session with a failure and an abort frame [1, 9, 0].
 */
import type { Party, PartyOutput, Role, SessionFailure, StepName } from '../../src/protocol/party.ts';
import type { SepkaErrorCode } from '../../src/errors.ts';

const PING = 1;
const PONG = 2;
const FIN = 3;
const ABORT = 9;

export interface FakeOptions {
  rounds?: number;
  /** Alice stops answering at this round (to exercise the step timeout). */
  stallAt?: number;
}

export function fakeParty(role: Role, o: FakeOptions = {}): Party {
  const rounds = o.rounds ?? 3;
  let step: StepName = 'hello';
  let i = 0;
  const fail = (code: SepkaErrorCode, reason: string, send = true): PartyOutput => {
    const outcome: SessionFailure = { ok: false, code, step, reason };
    step = 'failed';
    return { frames: send ? [Uint8Array.of(1, ABORT, 0)] : [], outcome };
  };
  const success = (): PartyOutput['outcome'] => {
    step = 'done';
    return { ok: true, key: new Uint8Array(16).fill(7), keyBits: 128, fingerprint: 'f00dfeed', stats: { rounds } };
  };
  return {
    role,
    get step() {
      return step;
    },
    start() {
      if (role === 'alice') return { frames: [] };
      step = 'challenges';
      return { frames: [Uint8Array.of(1, PING, 0)] };
    },
    receive(f) {
      if (step === 'done' || step === 'failed') return fail('SEPKA_ERR_OUT_OF_ORDER', 'frame after the end', false);
      if (f.length !== 3) return fail('SEPKA_ERR_FRAME_TRUNCATED', `frame of ${f.length} bytes, expected 3`);
      if (f[0] !== 1) return fail('SEPKA_ERR_FRAME_VERSION', `version ${f[0]}, expected 1`);
      if (f[1] === ABORT) return fail('SEPKA_ERR_PEER_ABORT', 'peer aborted', false);
      if (role === 'alice') {
        if (f[1] === FIN && i === rounds) return { frames: [], outcome: success() };
        if (f[1] !== PING || f[2] !== i) return fail('SEPKA_ERR_OUT_OF_ORDER', `unexpected frame type ${f[1]} round ${f[2]}`);
        step = 'challenges';
        if (o.stallAt === i) return { frames: [] };
        return { frames: [Uint8Array.of(1, PONG, i++)] };
      }
      if (f[1] !== PONG || f[2] !== i) return fail('SEPKA_ERR_OUT_OF_ORDER', `unexpected frame type ${f[1]} round ${f[2]}`);
      i++;
      if (i === rounds) return { frames: [Uint8Array.of(1, FIN, 0)], outcome: success() };
      return { frames: [Uint8Array.of(1, PING, i)] };
    },
    abort(code, reason) {
      const outcome: SessionFailure = { ok: false, code, step, reason };
      step = 'failed';
      return outcome;
    },
    progress() {
      return { step, round: i };
    },
  };
}
