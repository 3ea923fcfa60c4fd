/**
 * Does a truth file belong to the transcript it scores? `sepka eve --replay --truth` pairs
 * the two by session number; a truth file of another run (other parameters, or another
 * session's sizes) would otherwise be scored over the shorter of the two bit strings and print
 * a meaningless rate. Checked, in order (docs/formats.md, the truth format):
 *
 * - every truth session is a session of the transcript;
 * - the paramsHash on each truth line (when the line has one) is the transcript session's;
 * - on LPN, the sizes the session's profile fixes: L secrets of n bits (⌈n/32⌉ words), challenge
 *   supports of weight w over m samples, raw bit strings of equal length, challenges × L long
 *   and at most the profile's raw-bit count;
 * - after the replay, the raw bits are exactly as many as Eve saw in the transcript.
 *
 * A mismatch is a one-line usage error (exit 2) naming both files' figures.
 */
import { SepkaError } from '../errors.ts';
import { derive, paramsHash } from '../protocol/profile.ts';
import { isLpn } from '../separation/index.ts';
import type { FileTruth, RecordedSession } from './transcript.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function mismatch(t: FileTruth, s: RecordedSession, why: string): never {
  throw new SepkaError('SEPKA_ERR_USAGE', `${t.from}: truth does not belong to transcript session ${s.session}: ${why}`);
}

/** Truth sessions with no session in the transcript (`sessions`: every session number it holds). */
export function checkTruthSessions(truth: Map<number, FileTruth>, sessions: Set<number>, transcript: string): void {
  for (const [i, t] of truth) {
    if (!sessions.has(i)) {
      const have = [...sessions].slice(0, 10).join(', ');
      throw new SepkaError('SEPKA_ERR_USAGE', `${t.from}: truth for session ${i}, which ${transcript} does not hold (sessions: ${have}${sessions.size > 10 ? ', …' : ''})`);
    }
  }
}

/** The checks that need only the transcript's session header (before Eve runs). */
export function checkTruthPairing(s: RecordedSession, t: FileTruth): void {
  const p = s.profile;
  const want = hex(paramsHash(p));
  for (const h of t.paramsHashes) if (h !== want) mismatch(t, s, `paramsHash ${h.slice(0, 12)}…, the transcript's is ${want.slice(0, 12)}…`);
  // Secrets of n bits and weight-w supports are LPN's; other instances' parts are checked by
  // their hash and raw-bit counts only.
  const lpn = isLpn(p);
  if (lpn && t.secrets) {
    if (t.secrets.length !== p.L) mismatch(t, s, `${t.secrets.length} secrets, the profile has L = ${p.L}`);
    const words = Math.ceil(p.n / 32);
    const bad = t.secrets.findIndex((x) => x.length !== words);
    if (bad >= 0) mismatch(t, s, `secret ${bad} has ${t.secrets[bad].length * 32} bits, the profile has n = ${p.n}`);
  }
  if (lpn && t.rs) {
    const bad = t.rs.findIndex((r) => r.length !== p.w || r.some((i) => i >= p.m));
    if (bad >= 0) mismatch(t, s, `challenge ${bad}'s support is not ${p.w} indices below m = ${p.m}`);
  }
  const a = t.aliceRaw?.length;
  const b = t.bobRaw?.length;
  if (a !== undefined && b !== undefined && a !== b) mismatch(t, s, `Alice's part has ${a} raw bits, Bob's ${b}`);
  const raw = a ?? b;
  if (raw === undefined) return;
  if (lpn && t.rs && raw !== t.rs.length * p.L) mismatch(t, s, `${raw} raw bits for ${t.rs.length} challenges of L = ${p.L}`);
  const most = derive(p).rawBits;
  if (raw > most) mismatch(t, s, `${raw} raw bits, the profile gives at most ${most}`);
}

/** After the replay: the truth's raw bits are the ones Eve saw in the transcript. */
export function checkTruthRawBits(s: RecordedSession, t: FileTruth, rawSeen: number): void {
  const raw = t.aliceRaw?.length ?? t.bobRaw?.length;
  if (raw !== undefined && raw !== rawSeen) mismatch(t, s, `${raw} raw bits, the transcript carries ${rawSeen}`);
}
