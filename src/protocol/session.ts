/**
 * What Alice and Bob share: the session context, sending (encode + transcript), ordering
 * checks, and the `Party` wrapper that turns a role's pure transitions into the object drivers
 * feed frames to (party.ts).
 *
 * A role is two things (DESIGN.md §5):
 * - a *step state*, a discriminated union on what it is waiting for (`{ awaiting: 'kept', … }`),
 *   each variant carrying exactly the fields that exist at that point. A transition
 *   `(ctx, state, msg) → state'` never modifies the state it is given: it returns a new one.
 * - a *context* (`Context`), the session's I/O record and working buffers: the transcript, the
 *   outbox, frame counters, the injected randomness, and the working buffers written in place
 *   (the raw bits, filled challenge by challenge; Bob's Cascade engine, bob.ts). Transitions
 *   write to it and only to it, and perform no I/O of their own.
 * A transition throws SepkaError on anything illegal; the wrapper turns that into a
 * SessionFailure naming the step, sends an abort frame to the peer, and never outputs a key.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { SepkaError, SepkaErrorCode } from '../errors.ts';
import type { Rng } from '../rng.ts';
import { checkRing, separationOf } from '../separation/index.ts';
import type { Separation } from '../separation/types.ts';
import { decodeMessage, encodeMessage, Limits, limitsOf, Message, MessageType } from './messages/index.ts';
import type { Party, PartyOutput, Role, SessionFailure, SessionOutcome, SessionSuccess, StepName } from './party.ts';
import { derive, Derived, paramsHash, Profile } from './profile.ts';
import { tagsEqual } from './confirm.ts';
import { Transcript } from './transcript.ts';

export interface Context {
  readonly role: Role;
  readonly profile: Profile;
  readonly lim: Limits;
  readonly derived: Derived;
  /** The separation the profile names: the only way the roles touch the task. */
  readonly sep: Separation;
  readonly rng: Rng;
  readonly transcript: Transcript;
  /** Raw bits (b_A for Alice, b_B for Bob), index c·L + j, filled during the challenge step. */
  readonly raw: Uint8Array;
  /** Frames produced by the current transition, in order (already in the transcript). */
  outbox: Uint8Array[];
  /** Session start (performance.now()), for the ms figure. */
  readonly t0: number;
  readonly frames: { sent: number; received: number; bytesSent: number; bytesReceived: number };
}

/** `sep`: a separation of the caller's own; by default the one the profile names. */
export function newContext(role: Role, profile: Profile, rng: Rng, sep: Separation = separationOf(profile) as Separation): Context {
  const derived = derive(profile);
  return {
    role,
    profile,
    lim: limitsOf(profile, checkRing(sep.ring)),
    derived,
    sep,
    rng,
    transcript: new Transcript(),
    raw: new Uint8Array(derived.rawBits),
    outbox: [],
    t0: performance.now(),
    frames: { sent: 0, received: 0, bytesSent: 0, bytesReceived: 0 },
  };
}

/** Encode, absorb into the transcript, queue. */
export function send(ctx: Context, msg: Message): void {
  const f = encodeMessage(msg, ctx.lim);
  ctx.transcript.update(f);
  ctx.outbox.push(f);
  ctx.frames.sent++;
  ctx.frames.bytesSent += f.length;
}

/**
 * A failure inside a transition: the step to report, when the transition had moved on to its
 * next step, and the figures it had already computed (`partial`, e.g. p̂ before ℓ = 0 ends the
 * session), which the failed party's inspection and statistics still report.
 */
export class StepError extends SepkaError {
  readonly step?: StepName;
  readonly partial?: object;
  constructor(code: SepkaErrorCode, message: string, step?: StepName, partial?: object) {
    super(code, message);
    this.step = step;
    this.partial = partial;
  }
}

/** Fail at the step being waited in; `partial`: figures computed before the check failed. */
export const fail = (code: SepkaErrorCode, reason: string, partial?: object): never => {
  throw partial ? new StepError(code, reason, undefined, partial) : new SepkaError(code, reason);
};

/** Fail, reporting `step` (a transition that has moved on to its next step when it fails). */
export const failAt = (step: StepName, code: SepkaErrorCode, reason: string, partial?: object): never => {
  throw new StepError(code, reason, step, partial);
};

/** Throw SEPKA_ERR_OUT_OF_ORDER unless msg has one of the expected types. */
export function expect<T extends MessageType>(role: Role, step: StepName, msg: Message, ...types: T[]): asserts msg is Extract<Message, { type: T }> {
  if (!(types as string[]).includes(msg.type)) {
    throw new SepkaError('SEPKA_ERR_OUT_OF_ORDER', `${role} at step ${step} expected ${types.join(' or ')}, got ${msg.type}`);
  }
}

/**
 * The hello check both roles make: the peer claims the other role and the same protocol and
 * parameters (paramsHash) as ours.
 */
export function checkHello(ctx: Context, msg: Extract<Message, { type: 'hello' }>): void {
  const peer: Role = ctx.role === 'alice' ? 'bob' : 'alice';
  if (msg.role !== peer) fail('SEPKA_ERR_FRAME_FIELD', `hello from a peer claiming role ${msg.role}, expected ${peer}`);
  const mine = paramsHash(ctx.profile);
  if (msg.protocol !== ctx.profile.name || !tagsEqual(msg.paramsHash, mine)) {
    fail('SEPKA_ERR_PARAMS_MISMATCH', `peer uses protocol "${msg.protocol}" (params ${bytesToHex(msg.paramsHash).slice(0, 12)}), we use "${ctx.profile.name}" (params ${bytesToHex(mine).slice(0, 12)})`);
  }
}

/** The state a role is left in when its session fails: where it was, and the step reported. */
export interface Failed<W> {
  awaiting: 'failed';
  at: W;
  step: StepName;
  /** Figures the failing transition had computed (StepError.partial). */
  partial?: object;
}

/** A role, as the Party wrapper runs it. W: its step states; I: its inspection record. */
export interface RoleSpec<W extends { awaiting: string }, I, C extends Context = Context> {
  /** The wire step name while waiting in w (abort frames and failures report it). */
  phase(w: W): StepName;
  /** Frames to open with (Bob's hello); the state after. */
  start?(ctx: C, w: W): W;
  step(ctx: C, w: W, msg: Message): W;
  /** The success outcome, once w is the role's final state. */
  success(ctx: C, w: W): SessionSuccess | undefined;
  inspect(ctx: C, w: W, ok: boolean): I;
  progress(ctx: C, w: W): Record<string, number | string>;
}

export type RoleParty<W, I, C extends Context = Context> = Party & { inspect(): I; readonly state: W | Failed<W>; readonly context: C };

function drain(ctx: Context): Uint8Array[] {
  const out = ctx.outbox;
  ctx.outbox = [];
  return out;
}

/** The Party object drivers use (party.ts), over a role's transitions. */
export function makeParty<W extends { awaiting: string }, I, C extends Context = Context>(ctx: C, initial: W, spec: RoleSpec<W, I, C>): RoleParty<W, I, C> {
  let state: W | Failed<W> = initial;
  let outcome: SessionOutcome | undefined;
  let started = false;
  const reached = (): W => (state.awaiting === 'failed' ? (state as Failed<W>).at : (state as W));
  /** What inspection and progress read: the state reached, with a failed transition's figures over it. */
  const seen = (): W => (state.awaiting === 'failed' && (state as Failed<W>).partial ? ({ ...(state as Failed<W>).at, ...(state as Failed<W>).partial } as W) : reached());
  const stepName = (): StepName => (state.awaiting === 'failed' ? 'failed' : spec.phase(state as W));

  function failWith(e: unknown): PartyOutput {
    const err = e instanceof SepkaError ? e : new SepkaError('SEPKA_ERR_INTERNAL', `internal error: ${(e as Error)?.message ?? String(e)}`.split('\n')[0]);
    const at = reached();
    const step = (err instanceof StepError ? err.step : undefined) ?? spec.phase(at);
    const frames = drain(ctx);
    const failure: SessionFailure = { ok: false, code: err.code, step, reason: err.message };
    if (err.code !== 'SEPKA_ERR_PEER_ABORT') {
      try {
        send(ctx, { type: 'abort', code: err.code, step, reason: err.message });
        frames.push(...drain(ctx));
      } catch {
        /* an abort that cannot be encoded is not sent */
      }
    }
    outcome = failure;
    state = { awaiting: 'failed', at, step, partial: err instanceof StepError ? err.partial : undefined };
    return { frames, outcome: failure };
  }

  function advance(next: W): PartyOutput {
    state = next;
    outcome = spec.success(ctx, next);
    return { frames: drain(ctx), outcome };
  }

  return {
    role: ctx.role,
    get step() {
      return stepName();
    },
    get state() {
      return state;
    },
    context: ctx,
    start(): PartyOutput {
      if (started || outcome) return { frames: [], outcome };
      started = true;
      try {
        return advance(spec.start ? spec.start(ctx, state as W) : (state as W));
      } catch (e) {
        return failWith(e);
      }
    },
    receive(frame: Uint8Array): PartyOutput {
      if (outcome) return { frames: [], outcome };
      try {
        ctx.transcript.update(frame);
        ctx.frames.received++;
        ctx.frames.bytesReceived += frame.length;
        const msg = decodeMessage(frame, ctx.lim);
        if (msg.type === 'abort') {
          throw new SepkaError('SEPKA_ERR_PEER_ABORT', `peer aborted at ${msg.step}: ${msg.code}: ${msg.reason}`);
        }
        return advance(spec.step(ctx, state as W, msg));
      } catch (e) {
        return failWith(e);
      }
    },
    abort(code: SepkaErrorCode, reason: string): SessionFailure {
      const failure: SessionFailure = { ok: false, code, step: stepName(), reason };
      if (!outcome) {
        outcome = failure;
        state = { awaiting: 'failed', at: reached(), step: failure.step };
      }
      return failure;
    },
    progress: () => ({ ...spec.progress(ctx, seen()), step: stepName() }),
    inspect: () => spec.inspect(ctx, seen(), outcome?.ok === true),
  };
}

/** Elapsed ms since the session started. */
export const elapsed = (ctx: Context): number => performance.now() - ctx.t0;
