/**
 * The seam between the pure protocol and its drivers (DESIGN.md §5). Alice and Bob are pure
 * state machines inside src/protocol/; a `Party` is the thin stateful wrapper that drivers
 * (the in-memory runner in src/measure/, the WebSocket transport in src/net/) feed frames to.
 * Drivers know nothing of protocol semantics: they move the frames a Party returns and stop
 * when it reports an outcome.
 *
 * An `EveTap` sees a copy of every frame in order, with its direction, and never sends.
 */
import { SepkaErrorCode } from '../errors.ts';

export type Role = 'alice' | 'bob';

/** Names of the protocol steps, in order (DESIGN.md §3). */
export type StepName =
  | 'hello'
  | 'task'
  | 'challenges'
  | 'distill'
  | 'reconcile'
  | 'amplify'
  | 'confirm'
  | 'done'
  | 'failed';

export interface SessionSuccess {
  ok: true;
  /** The confirmed session key. Drivers print only its fingerprint unless asked. */
  key: Uint8Array;
  keyBits: number;
  /** Short hex fingerprint of the key (safe to print). */
  fingerprint: string;
  /** Figures this party saw, for reports (raw bits, ℓ chosen, leaked bits, …). */
  stats: Record<string, number | string | boolean>;
}

export interface SessionFailure {
  ok: false;
  code: SepkaErrorCode;
  /** The step at which the session failed. */
  step: StepName;
  /** One-line reason. */
  reason: string;
}

export type SessionOutcome = SessionSuccess | SessionFailure;

export interface PartyOutput {
  /** Frames to send to the peer, in order. */
  frames: Uint8Array[];
  /** Set once the session has ended (successfully or not). No frames are accepted after. */
  outcome?: SessionOutcome;
}

export interface Party {
  readonly role: Role;
  /** The current step. */
  readonly step: StepName;
  /** Frames to send when the connection opens (Bob opens with hello; Alice returns none). */
  start(): PartyOutput;
  /**
   * Feed one inbound frame. Never throws: a malformed, out-of-order or mismatched frame ends
   * the session with a failure outcome (and, where the protocol defines one, an abort frame to
   * send to the peer).
   */
  receive(frame: Uint8Array): PartyOutput;
  /** End the session from outside (peer vanished, timeout); returns the failure outcome. */
  abort(code: SepkaErrorCode, reason: string): SessionFailure;
  /** Progress for live display: current step, raw bits so far, … */
  progress(): Record<string, number | string>;
}

/** Direction of a frame on the wire, as Eve sees it. */
export type Direction = 'bob->alice' | 'alice->bob';

export interface EveTap {
  /** A copy of one frame, in wire order. Must not throw on garbage (Eve ignores what she cannot parse). */
  observe(dir: Direction, frame: Uint8Array): void;
  /** Running figures for live display. */
  progress(): Record<string, number | string>;
}
