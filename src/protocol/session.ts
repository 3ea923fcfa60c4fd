/**
 * What Alice and Bob share: the core state of a session, sending (encode + transcript),
 * ordering checks, and the `Party` wrapper that turns a pure step function into the object
 * drivers feed frames to (party.ts).
 *
 * A step function `(state, msg) → {state, out}` reads one decoded message, updates the state
 * it owns and returns the frames to send; it performs no I/O and draws randomness only from
 * state.rng. It throws SepkaError on anything illegal; the wrapper turns that into a
 * SessionFailure naming the step, sends an abort frame to the peer, and never outputs a key.
 */
import { SepkaError, SepkaErrorCode } from '../errors.ts';
import type { Rng } from '../rng.ts';
import { decodeMessage, encodeMessage, Limits, limitsOf, Message, MessageType } from './messages/index.ts';
import type { Party, PartyOutput, Role, SessionFailure, SessionOutcome, StepName } from './party.ts';
import { derive, Derived, Profile } from './profile.ts';
import { Transcript } from './transcript.ts';

export interface CoreState {
  readonly role: Role;
  readonly profile: Profile;
  readonly lim: Limits;
  readonly derived: Derived;
  readonly rng: Rng;
  readonly transcript: Transcript;
  step: StepName;
  /** Frames produced by the current step, in order (already in the transcript). */
  outbox: Uint8Array[];
  outcome?: SessionOutcome;
  /** Session start (performance.now()), for the ms figure. */
  readonly t0: number;
  frames: { sent: number; received: number; bytesSent: number; bytesReceived: number };
}

export function coreState(role: Role, profile: Profile, rng: Rng): CoreState {
  return {
    role,
    profile,
    lim: limitsOf(profile),
    derived: derive(profile),
    rng,
    transcript: new Transcript(),
    step: 'hello',
    outbox: [],
    t0: performance.now(),
    frames: { sent: 0, received: 0, bytesSent: 0, bytesReceived: 0 },
  };
}

/** Encode, absorb into the transcript, queue. */
export function send(st: CoreState, msg: Message): Uint8Array {
  const f = encodeMessage(msg, st.lim);
  st.transcript.update(f);
  st.outbox.push(f);
  st.frames.sent++;
  st.frames.bytesSent += f.length;
  return f;
}

/** Throw SEPKA_ERR_OUT_OF_ORDER unless msg has one of the expected types. */
export function expect<T extends MessageType>(st: CoreState, msg: Message, ...types: T[]): asserts msg is Extract<Message, { type: T }> {
  if (!(types as string[]).includes(msg.type)) {
    throw new SepkaError('SEPKA_ERR_OUT_OF_ORDER', `${st.role} at step ${st.step} expected ${types.join(' or ')}, got ${msg.type}`);
  }
}

export const fail = (code: SepkaErrorCode, reason: string): never => {
  throw new SepkaError(code, reason);
};

export type StepFn<S extends CoreState> = (st: S, msg: Message) => { state: S; out: Uint8Array[] };

/** Run a step, collecting the frames it queued. */
export function runStep<S extends CoreState>(st: S, msg: Message, handler: (st: S, msg: Message) => void): { state: S; out: Uint8Array[] } {
  handler(st, msg);
  const out = st.outbox;
  st.outbox = [];
  return { state: st, out };
}

function drain(st: CoreState): Uint8Array[] {
  const out = st.outbox;
  st.outbox = [];
  return out;
}

function failWith(st: CoreState, e: unknown): PartyOutput {
  const err = e instanceof SepkaError ? e : new SepkaError('SEPKA_ERR_INTERNAL', `internal error: ${(e as Error)?.message ?? String(e)}`.split('\n')[0]);
  const frames = drain(st);
  const failure: SessionFailure = { ok: false, code: err.code, step: st.step, reason: err.message };
  if (err.code !== 'SEPKA_ERR_PEER_ABORT') {
    try {
      send(st, { type: 'abort', code: err.code, step: st.step, reason: err.message });
      frames.push(...drain(st));
    } catch {
      /* an abort that cannot be encoded is not sent */
    }
  }
  st.outcome = failure;
  st.step = 'failed';
  return { frames, outcome: failure };
}

/** The Party object drivers use (party.ts), over a role's start and step functions. */
export function makeParty<S extends CoreState, I>(
  st: S,
  start: (st: S) => void,
  step: StepFn<S>,
  inspect: (st: S) => I,
  progress: (st: S) => Record<string, number | string>,
): Party & { inspect(): I; readonly state: S } {
  let started = false;
  return {
    role: st.role,
    get step() {
      return st.step;
    },
    get state() {
      return st;
    },
    start(): PartyOutput {
      if (started || st.outcome) return { frames: [], outcome: st.outcome };
      started = true;
      try {
        start(st);
        return { frames: drain(st), outcome: st.outcome };
      } catch (e) {
        return failWith(st, e);
      }
    },
    receive(frame: Uint8Array): PartyOutput {
      if (st.outcome) return { frames: [], outcome: st.outcome };
      try {
        st.transcript.update(frame);
        st.frames.received++;
        st.frames.bytesReceived += frame.length;
        const msg = decodeMessage(frame, st.lim);
        if (msg.type === 'abort') {
          throw new SepkaError('SEPKA_ERR_PEER_ABORT', `peer aborted at ${msg.step}: ${msg.code}: ${msg.reason}`);
        }
        const { out } = step(st, msg);
        return { frames: out, outcome: st.outcome };
      } catch (e) {
        return failWith(st, e);
      }
    },
    abort(code: SepkaErrorCode, reason: string): SessionFailure {
      const failure: SessionFailure = { ok: false, code, step: st.step, reason };
      if (!st.outcome) {
        st.outcome = failure;
        st.step = 'failed';
      }
      return failure;
    },
    progress: () => progress(st),
    inspect: () => inspect(st),
  };
}

/** Elapsed ms since the session started. */
export const elapsed = (st: CoreState): number => performance.now() - st.t0;

/** The fields both roles keep under the same names (raw bits, estimation, distillation, PA). */
export interface SharedFields {
  /** Raw bits (b_A for Alice, b_B for Bob), index c·L + j. */
  raw: Uint8Array;
  sample?: number[];
  pHat?: number;
  ell?: number;
  /** Raw-bit positions left after the estimation sample. */
  remaining?: Uint32Array;
  kept?: Uint8Array;
  outBits?: number;
  keyBits?: number;
  hStar?: Uint8Array;
  key?: Uint8Array;
  kConf?: Uint8Array;
}

/**
 * The part of a role's inspection both roles share. The key is reported only once the session
 * succeeded (confirmed): a derived but unconfirmed key is never handed out.
 */
export function inspectShared(st: CoreState & SharedFields) {
  return {
    raw: st.raw,
    sample: st.sample,
    pHat: st.pHat,
    ell: st.ell,
    kept: st.kept,
    outBits: st.outBits,
    key: st.outcome?.ok ? st.key : undefined,
    transcriptHash: st.hStar,
  };
}
