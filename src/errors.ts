/**
 * Typed errors with stable codes, in the style of ws: every failure that crosses a module
 * boundary is a SepkaError whose `code` is stable (scripts and tests match on it) and whose
 * message is one line, fit to print as the reason.
 *
 * The rule: every check on input from outside (command-line arguments,
 * profile files, frames, IPC messages, and the arguments a library user hands to an exported
 * function: shapes of GF(2) matrices and vectors, profiles, options) throws a SepkaError.
 * RangeError and TypeError are kept for programming errors, internal invariants that no input
 * can reach because a boundary check came first (e.g. rng.ts's bounds, stats.ts's counts), and
 * the same check never throws both.
 */
export type SepkaErrorCode =
  // GF(2) core
  | 'SEPKA_ERR_SINGULAR'
  | 'SEPKA_ERR_INCONSISTENT'
  | 'SEPKA_ERR_SHAPE'
  // input validation (CLI, profiles)
  | 'SEPKA_ERR_USAGE'
  | 'SEPKA_ERR_PROFILE'
  // a malformed message between `sepka demo` and the role processes it spawns
  | 'SEPKA_ERR_IPC'
  // frames and protocol
  | 'SEPKA_ERR_FRAME_TRUNCATED'
  | 'SEPKA_ERR_FRAME_TOO_LONG'
  | 'SEPKA_ERR_FRAME_VERSION'
  | 'SEPKA_ERR_FRAME_TYPE'
  | 'SEPKA_ERR_FRAME_FIELD'
  | 'SEPKA_ERR_OUT_OF_ORDER'
  | 'SEPKA_ERR_PARAMS_MISMATCH'
  | 'SEPKA_ERR_LEARN_FAILED'
  | 'SEPKA_ERR_RECONCILE_FAILED'
  | 'SEPKA_ERR_TOO_FEW_BITS'
  | 'SEPKA_ERR_CONFIRM_FAILED'
  | 'SEPKA_ERR_PEER_ABORT'
  // transport
  | 'SEPKA_ERR_TIMEOUT'
  | 'SEPKA_ERR_DISCONNECTED'
  | 'SEPKA_ERR_BUSY'
  // a peer over one of Alice's limits: the session deadline, a step's round-trip cap
  | 'SEPKA_ERR_LIMIT'
  | 'SEPKA_ERR_INTERNAL';

export class SepkaError extends Error {
  readonly code: SepkaErrorCode;
  constructor(code: SepkaErrorCode, message: string) {
    super(message);
    this.name = 'SepkaError';
    this.code = code;
  }
}

export const isSepkaError = (e: unknown): e is SepkaError => e instanceof SepkaError;
