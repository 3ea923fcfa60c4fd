/**
 * Recorded transcripts and ground truth: the files `--save-transcript FILE` and
 * `--save-truth FILE` write, and `sepka eve --replay` and `sepka attack` read. Both are JSON
 * Lines (one JSON object per line, UTF-8), documented in docs/formats.md.
 *
 * Transcript (`sepka-transcript`, version 1): per session, in order,
 *   {"t":"session","format":"sepka-transcript","v":1,"session":i,"recorder":…,"eveRng":…,
 *    "protocol":name,"paramsHash":hex,"profile":{…}}
 *   {"t":"frame","i":k,"dir":"bob->alice"|"alice->bob","b64":…}        (k = 0, 1, … in wire order)
 *   {"t":"end","session":i,"frames":N,"bytes":B,"sha256":hex}           (sha256 of the frames, each
 *                                                                       prefixed by its u32 BE length)
 * A file may hold several sessions one after another. Frames are the exact wire bytes, valid
 * or not; the profile is stored whole so a transcript of a custom profile replays without it.
 *
 * Truth (`sepka-truth`, version 1): one line per session part,
 *   {"t":"truth","format":"sepka-truth","v":1,"session":i,"role":"alice"|"bob",…}
 * Alice's part: aliceRaw (bits), aliceKept (bits), secrets (hex, little-endian u32 words), key
 * (hex, only on success). Bob's part: bobRaw (bits), rs (challenge supports). Bit strings are
 * packed LSB first in each byte and base64-encoded, with their length: {"n":N,"b64":…}.
 *
 * Every malformed file is a one-line SEPKA_ERR_USAGE error naming `file:line` (exit 2).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { SepkaError } from '../errors.ts';
import { readLinesBounded } from '../files.ts';
import { safeText } from '../text.ts';
import type { Direction, PartyOutput } from '../protocol/party.ts';
import { paramsHash, validateProfile, type Profile } from '../protocol/profile.ts';
import type { EveTruth } from '../eve/truth.ts';
import type { DrivenParty } from './transport.ts';

export const TRANSCRIPT_FORMAT = 'sepka-transcript';
export const TRANSCRIPT_VERSION = 1;
export const TRUTH_FORMAT = 'sepka-truth';
export const TRUTH_VERSION = 1;

export interface RecordedFrame {
  dir: Direction;
  frame: Uint8Array;
}

export interface RecordedSession {
  session: number;
  /** Who recorded it: measure, demo (Alice's process), alice, bob, eve. */
  recorder: string;
  /** The label of Eve's RNG stream in the live run (replay derives the same stream from --seed). */
  eveRng: string;
  profile: Profile;
  frames: RecordedFrame[];
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function frameDigest(frames: Uint8Array[]): string {
  const h = createHash('sha256');
  const len = Buffer.alloc(4);
  for (const f of frames) {
    len.writeUInt32BE(f.length);
    h.update(len);
    h.update(f);
  }
  return h.digest('hex');
}

const writeFail = (path: string, e: unknown): SepkaError =>
  new SepkaError('SEPKA_ERR_USAGE', `cannot write ${path}: ${(e as { code?: string }).code ?? (e as Error).message}`);

function appendLines(path: string, objs: unknown[]): void {
  try {
    appendFileSync(path, objs.map((o) => JSON.stringify(o) + '\n').join(''));
  } catch (e) {
    throw writeFail(path, e);
  }
}

/**
 * Records one session's frames in memory and appends the session to `path` at `end()`, so a
 * file only ever holds whole sessions (an interrupted run leaves no half-written session).
 */
export class SessionRecorder {
  private readonly frames: RecordedFrame[] = [];
  constructor(
    readonly path: string,
    readonly session: number,
    readonly profile: Profile,
    readonly recorder: string,
    readonly eveRng: string,
  ) {}
  frame(dir: Direction, frame: Uint8Array): void {
    this.frames.push({ dir, frame: frame.slice() });
  }
  end(): void {
    writeSession(this.path, { session: this.session, recorder: this.recorder, eveRng: this.eveRng, profile: this.profile, frames: this.frames });
  }
}

export function writeSession(path: string, s: RecordedSession): void {
  const lines: unknown[] = [
    {
      t: 'session',
      format: TRANSCRIPT_FORMAT,
      v: TRANSCRIPT_VERSION,
      session: s.session,
      recorder: s.recorder,
      eveRng: s.eveRng,
      protocol: s.profile.name,
      paramsHash: hex(paramsHash(s.profile)),
      profile: s.profile,
    },
  ];
  let bytes = 0;
  s.frames.forEach((f, i) => {
    bytes += f.frame.length;
    lines.push({ t: 'frame', i, dir: f.dir, b64: Buffer.from(f.frame).toString('base64') });
  });
  lines.push({ t: 'end', session: s.session, frames: s.frames.length, bytes, sha256: frameDigest(s.frames.map((f) => f.frame)) });
  appendLines(path, lines);
}

/**
 * Largest transcript file read: 1 GiB (a demo-256 session is about 46 KB, a paper-128 session
 * about 1 MB; a file is streamed, so memory follows the sessions kept, not the file).
 */
export const TRANSCRIPT_MAX_BYTES = 2 ** 30;
/** Largest truth file read: 256 MiB (a truth part holds a session's raw bits, 1/8 byte each). */
export const TRUTH_MAX_BYTES = 2 ** 28;
/** Longest line of either file (one frame, or one party's truth): 256 MiB. */
export const LINE_MAX_BYTES = 2 ** 28;

/**
 * Stream JSON Lines from a regular file within `maxBytes` (src/files.ts: a FIFO or /dev/zero is
 * refused at once), failing with `file:line` on the first bad line; an empty file is an error.
 */
function forEachJsonLine(path: string, what: string, maxBytes: number, onObj: (obj: Record<string, unknown>, line: number) => void): void {
  let any = false;
  readLinesBounded(path, { code: 'SEPKA_ERR_USAGE', what: `${what} ${safeText(path)}`, maxBytes, maxLine: LINE_MAX_BYTES }, (text, line) => {
    if (text.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${line}: not a ${what} line (not JSON)`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${line}: not a ${what} line (not a JSON object)`);
    any = true;
    onObj(obj as Record<string, unknown>, line);
  });
  if (!any) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}: empty ${what} file`);
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A session as the stream reader sees it: its header, a running digest of its frames, and the frames if kept. */
interface OpenSession {
  s: RecordedSession;
  count: number;
  digest: ReturnType<typeof createHash>;
  keep: boolean;
}

/**
 * Stream a transcript file session by session: `keep(session)` says whether a session's frames
 * are kept (a session not kept is still checked whole: indices, directions, its end line's
 * count and sha256), and `onSession` gets each session as its end line is read. Malformed input
 * is a one-line usage error naming `file:line`.
 */
export function forEachSession(path: string, keep: (session: number) => boolean, onSession: (s: RecordedSession) => void): void {
  let cur: OpenSession | null = null;
  const where = safeText(path);
  forEachJsonLine(path, 'transcript', TRANSCRIPT_MAX_BYTES, (obj, line) => {
    const bad = (why: string): never => {
      throw new SepkaError('SEPKA_ERR_USAGE', `${where}:${line}: ${why}`);
    };
    if (obj.t === 'session') {
      if (cur) bad(`session ${cur.s.session} has no end line before the next session`);
      if (obj.format !== TRANSCRIPT_FORMAT) bad(`not a ${TRANSCRIPT_FORMAT} file (format ${safeText(JSON.stringify(obj.format) ?? '')})`);
      if (obj.v !== TRANSCRIPT_VERSION) bad(`transcript version ${safeText(JSON.stringify(obj.v) ?? '')}, this sepka reads ${TRANSCRIPT_VERSION}`);
      if (!Number.isInteger(obj.session)) bad('session must be an integer');
      let profile: Profile;
      try {
        profile = validateProfile(obj.profile, `transcript profile`);
      } catch (e) {
        return bad((e as Error).message);
      }
      if (typeof obj.paramsHash === 'string' && obj.paramsHash !== hex(paramsHash(profile))) bad('paramsHash does not match the stored profile');
      // The recorder is free text from the file; it is printed (eve --replay), so escaped here.
      const s: RecordedSession = { session: obj.session as number, recorder: safeText(String(obj.recorder ?? 'unknown')), eveRng: typeof obj.eveRng === 'string' ? obj.eveRng : 'eve', profile, frames: [] };
      cur = { s, count: 0, digest: createHash('sha256'), keep: keep(s.session) };
    } else if (obj.t === 'frame') {
      if (!cur) return bad('frame before any session line');
      if (obj.i !== cur.count) bad(`frame index ${safeText(JSON.stringify(obj.i) ?? '')}, expected ${cur.count}`);
      if (obj.dir !== 'bob->alice' && obj.dir !== 'alice->bob') bad(`frame direction ${safeText(JSON.stringify(obj.dir) ?? '')} (expected "bob->alice" or "alice->bob")`);
      if (typeof obj.b64 !== 'string' || !B64.test(obj.b64)) bad('frame b64 must be a base64 string');
      const frame = new Uint8Array(Buffer.from(obj.b64 as string, 'base64'));
      const len = Buffer.alloc(4);
      len.writeUInt32BE(frame.length);
      cur.digest.update(len);
      cur.digest.update(frame);
      cur.count++;
      if (cur.keep) cur.s.frames.push({ dir: obj.dir as Direction, frame });
    } else if (obj.t === 'end') {
      if (!cur) return bad('end before any session line');
      if (obj.session !== cur.s.session) bad(`end of session ${safeText(JSON.stringify(obj.session) ?? '')} inside session ${cur.s.session}`);
      if (obj.frames !== cur.count) bad(`end says ${safeText(JSON.stringify(obj.frames) ?? '')} frames, the session has ${cur.count}`);
      if (obj.sha256 !== cur.digest.digest('hex')) bad('frames do not match the end line\'s sha256 (file damaged)');
      const done = cur.s;
      cur = null;
      onSession(done);
    } else bad(`unknown line type ${safeText(JSON.stringify(obj.t) ?? '')}`);
  });
  const open = cur as OpenSession | null;
  if (open) throw new SepkaError('SEPKA_ERR_USAGE', `${where}: session ${open.s.session} is cut short (no end line)`);
}

/** Read every session of a transcript file; malformed input is a one-line usage error. */
export function readTranscript(path: string): RecordedSession[] {
  const sessions: RecordedSession[] = [];
  forEachSession(path, () => true, (s) => sessions.push(s));
  return sessions;
}

/**
 * One session of a transcript (by its session number; default the first), streaming the file
 * so that only that session's frames are held.
 */
export function readSession(path: string, which?: number): RecordedSession {
  let found: RecordedSession | null = null;
  const seen: number[] = [];
  forEachSession(
    path,
    (i) => found === null && (which === undefined ? seen.length === 0 : i === which),
    (s) => {
      seen.push(s.session);
      if (found === null && (which === undefined || s.session === which)) found = s;
    },
  );
  if (!found) throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}: no session ${which} (sessions: ${seen.join(', ')})`);
  return found;
}

/** Pick one session of a transcript (by its session number; default the first). */
export function pickSession(path: string, sessions: RecordedSession[], which?: number): RecordedSession {
  const s = which === undefined ? sessions[0] : sessions.find((x) => x.session === which);
  if (!s) throw new SepkaError('SEPKA_ERR_USAGE', `${path}: no session ${which} (sessions: ${sessions.map((x) => x.session).join(', ')})`);
  return s;
}

// ---- truth ----

export interface AliceTruthPart {
  raw: Uint8Array;
  kept?: Uint8Array;
  secrets: Uint32Array[];
  key?: Uint8Array;
}
export interface BobTruthPart {
  raw: Uint8Array;
  rs: number[][];
}

function packBits(b: Uint8Array): { n: number; b64: string } {
  const out = new Uint8Array((b.length + 7) >>> 3);
  for (let i = 0; i < b.length; i++) if (b[i]) out[i >>> 3] |= 1 << (i & 7);
  return { n: b.length, b64: Buffer.from(out).toString('base64') };
}

function unpackBits(v: unknown, bad: (why: string) => never, name: string): Uint8Array {
  const o = v as { n?: unknown; b64?: unknown };
  if (!o || typeof o !== 'object' || !Number.isInteger(o.n) || typeof o.b64 !== 'string' || !B64.test(o.b64)) bad(`${name} must be {"n": N, "b64": …}`);
  const n = o.n as number;
  const packed = Buffer.from(o.b64 as string, 'base64');
  if (packed.length !== (n + 7) >>> 3) bad(`${name}: ${packed.length} bytes for ${n} bits`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (packed[i >>> 3] >>> (i & 7)) & 1;
  return out;
}

const wordsHex = (w: Uint32Array) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex');
function hexWords(v: unknown, bad: (why: string) => never, name: string): Uint32Array {
  if (typeof v !== 'string' || !/^([0-9a-f]{8})*$/.test(v)) bad(`${name} must be hex of 32-bit words`);
  const b = Buffer.from(v as string, 'hex');
  const out = new Uint32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32LE(4 * i);
  return out;
}

/**
 * Append one session's truth parts. Each line carries the session's paramsHash, so that a truth
 * file is paired with its transcript by session number and parameters (truthPairing.ts).
 */
export function writeTruth(path: string, session: number, profile: Profile, part: { alice?: AliceTruthPart; bob?: BobTruthPart }): void {
  const lines: unknown[] = [];
  const head = { t: 'truth', format: TRUTH_FORMAT, v: TRUTH_VERSION, session, paramsHash: hex(paramsHash(profile)) };
  if (part.alice) {
    const a = part.alice;
    lines.push({
      ...head,
      role: 'alice',
      aliceRaw: packBits(a.raw),
      ...(a.kept ? { aliceKept: packBits(a.kept) } : {}),
      secrets: a.secrets.map(wordsHex),
      ...(a.key ? { key: hex(a.key) } : {}),
    });
  }
  if (part.bob) lines.push({ ...head, role: 'bob', bobRaw: packBits(part.bob.raw), rs: part.bob.rs });
  appendLines(path, lines);
}

/** A session's truth as read from files: the parts, and what the lines say about their origin. */
export interface FileTruth extends EveTruth {
  /** The paramsHash each line gave (hex; absent in files written before lines carried it). */
  paramsHashes: string[];
  /** `file:line` of the first line of this session, for reasons. */
  from: string;
}

/** Every session's truth in the files given (parts of one session may come from two files). */
export function readTruth(paths: string[]): Map<number, FileTruth> {
  const out = new Map<number, FileTruth>();
  for (const path of paths) {
    forEachJsonLine(path, 'truth', TRUTH_MAX_BYTES, (obj, line) => {
      const bad = (why: string): never => {
        throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${line}: ${why}`);
      };
      if (obj.t !== 'truth' || obj.format !== TRUTH_FORMAT) bad(`not a ${TRUTH_FORMAT} line`);
      if (obj.v !== TRUTH_VERSION) bad(`truth version ${JSON.stringify(obj.v)}, this sepka reads ${TRUTH_VERSION}`);
      if (!Number.isInteger(obj.session)) bad('session must be an integer');
      const t = out.get(obj.session as number) ?? { paramsHashes: [], from: `${safeText(path)}:${line}` };
      if (obj.paramsHash !== undefined) {
        if (typeof obj.paramsHash !== 'string' || !/^[0-9a-f]{64}$/.test(obj.paramsHash)) bad('paramsHash must be 64 hex digits');
        t.paramsHashes.push(obj.paramsHash as string);
      }
      if (obj.role === 'alice') {
        t.aliceRaw = unpackBits(obj.aliceRaw, bad, 'aliceRaw');
        if (obj.aliceKept !== undefined) t.aliceKept = unpackBits(obj.aliceKept, bad, 'aliceKept');
        if (!Array.isArray(obj.secrets)) bad('secrets must be a list');
        t.secrets = (obj.secrets as unknown[]).map((s, j) => hexWords(s, bad, `secrets[${j}]`));
        if (obj.key !== undefined) {
          if (typeof obj.key !== 'string' || !/^([0-9a-f]{2})+$/.test(obj.key)) bad('key must be hex');
          t.key = new Uint8Array(Buffer.from(obj.key as string, 'hex'));
        }
      } else if (obj.role === 'bob') {
        t.bobRaw = unpackBits(obj.bobRaw, bad, 'bobRaw');
        if (!Array.isArray(obj.rs) || !obj.rs.every((r) => Array.isArray(r) && r.every((i) => Number.isInteger(i) && i >= 0))) bad('rs must be lists of indices');
        t.rs = obj.rs as number[][];
      } else bad(`role must be "alice" or "bob"`);
      out.set(obj.session as number, t);
    });
  }
  return out;
}

/** Start a fresh output file for --save-transcript / --save-truth (checked before the run). */
export function freshFile(path: string): void {
  try {
    writeFileSync(path, '');
  } catch (e) {
    throw writeFail(path, e);
  }
}

/**
 * A party whose frames in and out are handed to `rec` in the order the party sees them (which
 * is wire order: the protocol is half-duplex, both transcript hashes depend on it). The party
 * itself is untouched; every other property reads through.
 */
export function recordingParty<P extends DrivenParty>(party: P, rec: (dir: Direction, frame: Uint8Array) => void): P {
  const out: Direction = party.role === 'alice' ? 'alice->bob' : 'bob->alice';
  const inn: Direction = party.role === 'alice' ? 'bob->alice' : 'alice->bob';
  const emit = (o: PartyOutput): PartyOutput => {
    for (const f of o.frames) rec(out, f);
    return o;
  };
  // A hosted party answers later (transport.ts serialises its calls, so order is kept).
  const after = (o: PartyOutput | Promise<PartyOutput>) => (o instanceof Promise ? o.then(emit) : emit(o));
  return new Proxy(party, {
    get(target, key) {
      if (key === 'start') return () => after(target.start());
      if (key === 'receive')
        return (f: Uint8Array) => {
          rec(inn, f);
          return after(target.receive(f));
        };
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

/** Write an EveTruth (both parts as known) for one session. */
export function writeEveTruth(path: string, session: number, profile: Profile, t: EveTruth): void {
  writeTruth(path, session, profile, {
    alice: t.aliceRaw && t.secrets ? { raw: t.aliceRaw, kept: t.aliceKept, secrets: t.secrets, key: t.key } : undefined,
    bob: t.bobRaw && t.rs ? { raw: t.bobRaw, rs: t.rs } : undefined,
  });
}
