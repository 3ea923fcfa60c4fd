/**
 * WebSocket close codes used by sepka's transport (RFC 6455 §7.4.1) and the mapping between
 * them and sepka's stable error codes (src/errors.ts).
 *
 * - 1000 normal: the session ended with a confirmed key.
 * - 1008 policy violation: the peer sent something the protocol rejects (malformed, unknown,
 *   out-of-order or wrong-version frame, parameter mismatch, failed confirmation) or stalled
 *   past the step timeout.
 * - 1009 message too big: ws itself sends it when a frame exceeds maxPayload (the largest
 *   legal message). A frame under that size whose body is too long for its type is a plain
 *   protocol violation (1008).
 * - 1011 internal error: our own code failed; not the peer's fault.
 * - 1013 try again later: Alice is busy with another session.
 *
 * A close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5: control payload ≤ 125 bytes,
 * two of which carry the code), so reasons are truncated on a character boundary.
 */
import { SepkaErrorCode } from '../errors.ts';

export const CLOSE_NORMAL = 1000;
export const CLOSE_GOING_AWAY = 1001;
export const CLOSE_PROTOCOL_ERROR = 1002;
export const CLOSE_NO_STATUS = 1005;
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_INTERNAL = 1011;
export const CLOSE_BUSY = 1013;

/** Longest WebSocket close reason, in UTF-8 bytes (RFC 6455 §5.5; not the abort frame's 512). */
export const CLOSE_REASON_MAX_BYTES = 123;

/** The close code we send when a session ends with `code` (undefined = success). */
export function closeCodeFor(code: SepkaErrorCode | undefined): number {
  if (code === undefined) return CLOSE_NORMAL;
  switch (code) {
    case 'SEPKA_ERR_INTERNAL':
      return CLOSE_INTERNAL;
    case 'SEPKA_ERR_BUSY':
      return CLOSE_BUSY;
    default:
      // Everything else is the peer's doing (bad frame, mismatch, abort, stall) or a
      // protocol-level failure both sides must treat as fatal: a policy violation.
      return CLOSE_POLICY;
  }
}

/** Truncate `s` to at most `max` UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, max = CLOSE_REASON_MAX_BYTES): string {
  const enc = new TextEncoder();
  if (enc.encode(s).length <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = enc.encode(ch).length;
    if (used + n > max - 3) break;
    out += ch;
    used += n;
  }
  return out + '...';
}

/** Human name of a close code, for one-line reasons. */
export function closeName(code: number): string {
  switch (code) {
    case CLOSE_NORMAL:
      return 'normal';
    case CLOSE_GOING_AWAY:
      return 'going away';
    case CLOSE_PROTOCOL_ERROR:
      return 'websocket protocol error';
    case CLOSE_NO_STATUS:
      return 'no status';
    case CLOSE_ABNORMAL:
      return 'connection lost';
    case CLOSE_POLICY:
      return 'protocol violation';
    case CLOSE_TOO_BIG:
      return 'frame too big';
    case CLOSE_INTERNAL:
      return 'internal error';
    case CLOSE_BUSY:
      return 'busy';
    default:
      return 'close';
  }
}

/**
 * The error code a party records when the peer closes before the session ended: the peer's
 * close code says whether it went away, found us in violation, was busy, or failed itself.
 */
export function errorForPeerClose(code: number): SepkaErrorCode {
  switch (code) {
    case CLOSE_BUSY:
      return 'SEPKA_ERR_BUSY';
    case CLOSE_POLICY:
    case CLOSE_TOO_BIG:
    case CLOSE_PROTOCOL_ERROR:
    case CLOSE_INTERNAL:
      return 'SEPKA_ERR_PEER_ABORT';
    default:
      return 'SEPKA_ERR_DISCONNECTED';
  }
}

/** Codes an endpoint may put in a close frame (RFC 6455 §7.4; ws enforces the same). */
export function isSendableCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}
