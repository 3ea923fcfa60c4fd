/**
 * WebSocket close codes used by sepka's transport (RFC 6455 §7.4.1) and the mapping between
 * them and sepka's stable error codes (src/errors.ts).
 *
 * - 1000 normal: the session ended with a confirmed key.
 * - 1008 policy violation: the peer sent something the protocol rejects (malformed, unknown,
 *   out-of-order or wrong-version frame, parameter mismatch, failed confirmation) or stalled
 *   past the step timeout.
 * - 1007 invalid payload data: ws itself sends it for a text frame (or close reason) that is
 *   not valid UTF-8.
 * - 1009 message too big: ws itself sends it when a frame exceeds maxPayload (the largest
 *   legal message). A frame under that size whose body is too long for its type is a plain
 *   protocol violation (1008).
 * - 1011 internal error: our own code failed; not the peer's fault (Eve: Alice cannot be reached,
 *   or did not complete the WebSocket handshake in time).
 * - 1013 try again later: Alice is busy: all her session slots and her queue of pending
 *   connections are taken (server.ts); Eve, when a client queues more than one largest legal
 *   message before Alice's socket opens (eveTap.ts).
 * - 4008 over limit (sepka's own, in the private range 4000–4999): the peer went past one of
 *   Alice's limits: the whole-session deadline or a step's round-trip cap.
 * - 4013 per-address limit (after 1013): the peer's address already holds as many sessions,
 *   running or waiting, as one address may (server.ts `maxPerAddress`).
 * - 4029 rate limited (after HTTP 429): too many new connections from the peer's address.
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
export const CLOSE_INVALID_PAYLOAD = 1007;
export const CLOSE_POLICY = 1008;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_INTERNAL = 1011;
export const CLOSE_BUSY = 1013;
export const CLOSE_OVER_LIMIT = 4008;
export const CLOSE_ADDRESS_BUSY = 4013;
export const CLOSE_RATE_LIMITED = 4029;

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
    case 'SEPKA_ERR_LIMIT':
      return CLOSE_OVER_LIMIT;
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

/**
 * The one table of close-code names (RFC 6455 §7.4.1 and the IANA registry), so that every
 * message names a code the same way: "1007 invalid payload", never a bare number.
 */
const CLOSE_NAMES = new Map<number, string>([
  [CLOSE_NORMAL, 'normal'],
  [CLOSE_GOING_AWAY, 'going away'],
  [CLOSE_PROTOCOL_ERROR, 'websocket protocol error'],
  [1003, 'unsupported data'],
  [1004, 'reserved'],
  [CLOSE_NO_STATUS, 'no status'],
  [CLOSE_ABNORMAL, 'connection lost'],
  [CLOSE_INVALID_PAYLOAD, 'invalid payload (not UTF-8)'],
  [CLOSE_POLICY, 'protocol violation'],
  [CLOSE_TOO_BIG, 'frame too big'],
  [1010, 'missing extension'],
  [CLOSE_INTERNAL, 'internal error'],
  [1012, 'service restart'],
  [CLOSE_BUSY, 'busy'],
  [1014, 'bad gateway'],
  [1015, 'TLS handshake failed'],
  [CLOSE_OVER_LIMIT, 'over limit'],
  [CLOSE_ADDRESS_BUSY, 'per-address limit'],
  [CLOSE_RATE_LIMITED, 'rate limited'],
]);

/** Human name of a close code, for one-line reasons. */
export function closeName(code: number): string {
  const name = CLOSE_NAMES.get(code);
  if (name !== undefined) return name;
  if (code >= 4000 && code <= 4999) return 'private-use code';
  if (code >= 3000 && code <= 3999) return 'registered code';
  return 'unknown code';
}

/** "1007 invalid payload (not UTF-8)": a close code as every message prints it. */
export const closeLabel = (code: number): string => `${code} ${closeName(code)}`;

/**
 * The close code ws sent when it refused a frame itself (its error's `code`), and what was
 * wrong, in words: ws raises these while parsing, before any frame reaches the party.
 */
export function closeForWsError(e: Error & { code?: string }): { code: number; what: string } {
  switch (e.code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH':
      return { code: CLOSE_TOO_BIG, what: 'frame larger than the largest legal message' };
    case 'WS_ERR_INVALID_UTF8':
      return { code: CLOSE_INVALID_PAYLOAD, what: 'invalid UTF-8 in a text frame or close reason' };
    case 'WS_ERR_TOO_MANY_BUFFERED_PARTS':
      return { code: CLOSE_POLICY, what: 'too many fragments in one message' };
    default:
      return { code: CLOSE_PROTOCOL_ERROR, what: `websocket protocol error (${e.message.split('\n')[0]})` };
  }
}

/**
 * The error code a party records when the peer closes before the session ended: the peer's
 * close code says whether it went away, found us in violation, was busy, or failed itself.
 */
export function errorForPeerClose(code: number): SepkaErrorCode {
  switch (code) {
    case CLOSE_BUSY:
    case CLOSE_ADDRESS_BUSY:
    case CLOSE_RATE_LIMITED:
      return 'SEPKA_ERR_BUSY';
    case CLOSE_OVER_LIMIT:
      return 'SEPKA_ERR_LIMIT';
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
