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
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { SepkaError } from '../errors.ts';
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

/** Parse JSON Lines, failing with `file:line` on the first bad line. */
function readJsonLines(path: string, what: string): { line: number; obj: Record<string, unknown> }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SepkaError('SEPKA_ERR_USAGE', `cannot read ${what} ${path}: ${(e as { code?: string }).code ?? (e as Error).message}`);
  }
  const out: { line: number; obj: Record<string, unknown> }[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(lines[i]);
    } catch {
      throw new SepkaError('SEPKA_ERR_USAGE', `${path}:${i + 1}: not a ${what} line (not JSON)`);
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new SepkaError('SEPKA_ERR_USAGE', `${path}:${i + 1}: not a ${what} line (not a JSON object)`);
    out.push({ line: i + 1, obj: obj as Record<string, unknown> });
  }
  if (out.length === 0) throw new SepkaError('SEPKA_ERR_USAGE', `${path}: empty ${what} file`);
  return out;
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Read every session of a transcript file; malformed input is a one-line usage error. */
export function readTranscript(path: string): RecordedSession[] {
  const rows = readJsonLines(path, 'transcript');
  const sessions: RecordedSession[] = [];
  let cur: RecordedSession | null = null;
  for (const { line, obj } of rows) {
    const bad = (why: string): never => {
      throw new SepkaError('SEPKA_ERR_USAGE', `${path}:${line}: ${why}`);
    };
    if (obj.t === 'session') {
      if (cur) bad(`session ${cur.session} has no end line before the next session`);
      if (obj.format !== TRANSCRIPT_FORMAT) bad(`not a ${TRANSCRIPT_FORMAT} file (format ${JSON.stringify(obj.format)})`);
      if (obj.v !== TRANSCRIPT_VERSION) bad(`transcript version ${JSON.stringify(obj.v)}, this sepka reads ${TRANSCRIPT_VERSION}`);
      if (!Number.isInteger(obj.session)) bad('session must be an integer');
      let profile: Profile;
      try {
        profile = validateProfile(obj.profile, `transcript profile`);
      } catch (e) {
        return bad((e as Error).message);
      }
      if (typeof obj.paramsHash === 'string' && obj.paramsHash !== hex(paramsHash(profile))) bad('paramsHash does not match the stored profile');
      // The recorder is free text from the file; it is printed (eve --replay), so escaped here.
      cur = { session: obj.session as number, recorder: safeText(String(obj.recorder ?? 'unknown')), eveRng: typeof obj.eveRng === 'string' ? obj.eveRng : 'eve', profile, frames: [] };
    } else if (obj.t === 'frame') {
      if (!cur) return bad('frame before any session line');
      if (obj.i !== cur.frames.length) bad(`frame index ${JSON.stringify(obj.i)}, expected ${cur.frames.length}`);
      if (obj.dir !== 'bob->alice' && obj.dir !== 'alice->bob') bad(`frame direction ${JSON.stringify(obj.dir)} (expected "bob->alice" or "alice->bob")`);
      if (typeof obj.b64 !== 'string' || !B64.test(obj.b64)) bad('frame b64 must be a base64 string');
      cur.frames.push({ dir: obj.dir as Direction, frame: new Uint8Array(Buffer.from(obj.b64 as string, 'base64')) });
    } else if (obj.t === 'end') {
      if (!cur) return bad('end before any session line');
      if (obj.session !== cur.session) bad(`end of session ${JSON.stringify(obj.session)} inside session ${cur.session}`);
      if (obj.frames !== cur.frames.length) bad(`end says ${JSON.stringify(obj.frames)} frames, the session has ${cur.frames.length}`);
      if (obj.sha256 !== frameDigest(cur.frames.map((f) => f.frame))) bad('frames do not match the end line\'s sha256 (file damaged)');
      sessions.push(cur);
      cur = null;
    } else bad(`unknown line type ${JSON.stringify(obj.t)}`);
  }
  if (cur) throw new SepkaError('SEPKA_ERR_USAGE', `${path}: session ${cur.session} is cut short (no end line)`);
  return sessions;
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

export function writeTruth(path: string, session: number, part: { alice?: AliceTruthPart; bob?: BobTruthPart }): void {
  const lines: unknown[] = [];
  const head = { t: 'truth', format: TRUTH_FORMAT, v: TRUTH_VERSION, session };
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

/** Every session's truth in the files given (parts of one session may come from two files). */
export function readTruth(paths: string[]): Map<number, EveTruth> {
  const out = new Map<number, EveTruth>();
  for (const path of paths) {
    for (const { line, obj } of readJsonLines(path, 'truth')) {
      const bad = (why: string): never => {
        throw new SepkaError('SEPKA_ERR_USAGE', `${path}:${line}: ${why}`);
      };
      if (obj.t !== 'truth' || obj.format !== TRUTH_FORMAT) bad(`not a ${TRUTH_FORMAT} line`);
      if (obj.v !== TRUTH_VERSION) bad(`truth version ${JSON.stringify(obj.v)}, this sepka reads ${TRUTH_VERSION}`);
      if (!Number.isInteger(obj.session)) bad('session must be an integer');
      const t = out.get(obj.session as number) ?? {};
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
    }
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
export function writeEveTruth(path: string, session: number, t: EveTruth): void {
  writeTruth(path, session, {
    alice: t.aliceRaw && t.secrets ? { raw: t.aliceRaw, kept: t.aliceKept, secrets: t.secrets, key: t.key } : undefined,
    bob: t.bobRaw && t.rs ? { raw: t.bobRaw, rs: t.rs } : undefined,
  });
}
