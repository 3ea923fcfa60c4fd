/**
 * Named parameter sets (protocols/<name>.json) and profile files given by path: load,
 * validate, override, hash.
 *
 * `--protocol` takes either: a value containing '/' or ending in .json is a file path, resolved
 * against the working directory (docs/cli.md, "Running sepka"); anything else names protocols/<name>.json.
 *
 * A profile fixes every number both parties must agree on; `paramsHash` (SHA-256 of a
 * canonical encoding) is exchanged at hello, so two peers with different numbers refuse each
 * other before any secret is used. Every field is validated on load; a bad file gives
 * SEPKA_ERR_PROFILE with a one-line reason naming the file and the field.
 *
 * A profile is data from outside, validated as data: fields are looked up
 * as own properties only (a field named `constructor`, `toString` or `__proto__` is unknown,
 * not inherited from Object.prototype), and before any field is read the value's shape is
 * bounded by an iterative walk (no recursion, so no stack to overflow): at most
 * PROFILE_MAX_DEPTH levels of nesting, PROFILE_MAX_NODES values and PROFILE_MAX_BYTES
 * characters of keys and strings; a file is read up to PROFILE_MAX_BYTES bytes and refused
 * beyond. A valid profile is one flat object of ≈ 25 scalars (≈ 1.5 KB), so the limits leave
 * room for long notes and nothing else. Values quoted in reasons are cut short and escaped
 * (text.ts `safeText`).
 *
 * Fields (see protocols/*.json for the values and where each comes from):
 *   separation           the separation instance (src/separation/): 'lpn' (absent: the default,
 *                        uniform secrets), 'lpn-sparse-secret' (s ← Ber(θ)^n) or
 *                        'gaussian-regression' (the natural control, DESIGN.md §8) or 'lwe'
 *                        (src/separation/lwe.ts); hashed when set
 *   n, theta, m          the bimodal task (DESIGN.md §1): θ = n^-1/2, m = 4n by default for LPN;
 *                        for gaussian-regression θ is the noise-to-signal ratio σ/√n; for lwe
 *                        the noise rate σ/q of the rounded Gaussian χ
 *   q                    the modulus of 'lwe' (a prime or a power of two ≤ 2^16); present
 *                        exactly when separation is 'lwe'
 *   w                    challenge weight; 'balanced' per src/cost/balance.ts (`balancedW`)
 *   L                    label columns (secrets over the same A); raw bits per challenge
 *   ell, ellMax          repetition length ℓ ('auto': chosen from the measured p) and its cap
 *   targetKeyBits        session key length aimed at; minKeyBits: below this, no key
 *   keyBits              optional: secret bits a session is sized for (the whole privacy-
 *                        amplification output, of which the session key and the confirmation
 *                        key are derived; absent: targetKeyBits). With challenges 'auto' the
 *                        raw bits are (keyBits + tag + margin)/yield × rawSlack, the yield at
 *                        the reconciler's measured efficiency (theory.ts)
 *   challenges           challenge count, or 'auto' = rawSlack × the theoretical need
 *   batchSize            challenges per frame
 *   estimationFraction   share of raw bits revealed (then discarded) to estimate p
 *   cascadePasses        Cascade passes
 *   verifyBits           universal-hash verification tag after reconciliation
 *   paMarginBits         privacy amplification margin. Leftover hash lemma (Impagliazzo–
 *                        Levin–Luby 1989; Håstad et al. 1999): hashing a string with
 *                        min-entropy k to k − 2·log2(1/ε) bits with a 2-universal family is
 *                        ε-close to uniform. With k = N − leaked (Eve learns nothing about
 *                        the kept bits except the disclosed parities, the computational
 *                        assumption of the reduction), margin = 2·log2(1/ε_PA); we use
 *                        ε_PA = 2^-64 → 128 bits on demo-256 and paper-1024.
 *   stepTimeoutMs        per-step timeout for the network drivers (not hashed: local policy)
 *   sessionTimeoutMs     optional: whole-session deadline for the network drivers, on top of
 *                        the per-step timeout (absent: DEFAULT_SESSION_TIMEOUT_MS = 120 s;
 *                        not hashed: local policy)
 *   distill              optional: 'blocks' (absent: repetition blocks of ℓ) or 'pairs'
 *                        (bit-pair iteration, pairs.ts); hashed when set
 *   pairRounds           optional: bit-pair rounds, or 'auto' (absent) = chosen from the
 *                        measured p with the reconciler's efficiency (theory.ts chooseRounds)
 *   reconciler           optional: 'cascade' (absent) or 'ldpc' (ldpc/reconcile.ts)
 */
import { readdirSync } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../errors.ts';
import { readBounded } from '../files.ts';
import { closest } from '../suggest.ts';
import { safeText } from '../text.ts';
import { agreementTheory, isLwe, ringOf, SEPARATION_NAMES, type SeparationName } from '../separation/index.ts';
import type { Ring } from '../separation/ring.ts';
import { isSupportedModulus } from '../separation/zq.ts';
import { balancedW } from '../cost/index.ts';
import { chooseEll, chooseRounds, MAX_PAIR_ROUNDS, pairYield, Reconciler, yieldPerRawBit } from './theory.ts';
import { LDPC_CHECK_BITS } from './ldpc/reconcile.ts';
import { HEADER_BYTES } from './frame.ts';
import { largestFrame } from './messages/table.ts';
import type { Limits } from './messages/types.ts';

export interface Profile {
  name: string;
  /** Where the numbers come from. */
  source: string;
  notes?: string;
  /** True for profiles that are insecure on purpose (toy sizes). */
  insecure: boolean;
  /** The separation instance; absent means 'lpn'. */
  separation?: SeparationName;
  /** The modulus, for separation 'lwe' only. */
  q?: number;
  n: number;
  theta: number;
  m: number;
  w: number;
  L: number;
  ell: number | 'auto';
  ellMax: number;
  targetKeyBits: number;
  minKeyBits: number;
  /** Secret (PA output) bits the raw bits are sized for; absent means targetKeyBits. */
  keyBits?: number;
  challenges: number | 'auto';
  rawSlack: number;
  batchSize: number;
  estimationFraction: number;
  cascadePasses: number;
  verifyBits: number;
  paMarginBits: number;
  stepTimeoutMs: number;
  /** Whole-session deadline (ms); absent means DEFAULT_SESSION_TIMEOUT_MS. */
  sessionTimeoutMs?: number;
  /** Advantage distillation; absent means 'blocks'. */
  distill?: 'blocks' | 'pairs';
  /** Bit-pair rounds (with distill 'pairs'); absent means 'auto'. */
  pairRounds?: number | 'auto';
  /** Information reconciliation; absent means 'cascade'. */
  reconciler?: Reconciler;
}

/** Most secret bits a profile may ask a session for (2^24: a 2^20-challenge session's scale). */
/**
 * The profile every command runs when --protocol is not given: the 128-bit line of the paper,
 * so that what a first run shows is the protocol at a real security level; the n = 256
 * demonstration profile (demo-256) is one --protocol away.
 */
export const DEFAULT_PROFILE = 'paper-128';

export const MAX_KEY_BITS = 1 << 24;

/** Secret bits the raw bits are sized for: keyBits, else targetKeyBits. */
export const keyBitsOf = (p: Profile): number => p.keyBits ?? p.targetKeyBits;

/** The profile's distillation, reconciler and (for pairs) round rule, defaults applied. */
export const distillOf = (p: Profile): 'blocks' | 'pairs' => p.distill ?? 'blocks';
export const reconcilerOf = (p: Profile): Reconciler => p.reconciler ?? 'cascade';
/**
 * The whole-session deadline when a profile sets none: 120 s, four default step timeouts and
 * about ten times the longest quiet-machine demo session (paper-128, 6–13 s).
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 120_000;
export const sessionTimeoutOf = (p: Profile): number => p.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
/** Pair rounds at measured agreement pHat (0: no round gives key). */
export const roundsAt = (p: Profile, pHat: number): number => (typeof p.pairRounds === 'number' ? p.pairRounds : chooseRounds(pHat, reconcilerOf(p)));

const PROTOCOLS_DIR = new URL('../../protocols/', import.meta.url);
const NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

type Check = (v: unknown, p: Record<string, unknown>) => string | undefined;
const int = (lo: number, hi: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi ? undefined : `must be an integer in [${lo}, ${hi}]`;
const real = (lo: number, hi: number, open = false): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && (open ? v > lo && v < hi : v >= lo && v <= hi)
    ? undefined
    : `must be a number in ${open ? '(' : '['}${lo}, ${hi}${open ? ')' : ']'}`;
const str: Check = (v) => (typeof v === 'string' && v.length > 0 && v.length <= 4000 ? undefined : 'must be a non-empty string');
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const orAuto = (c: Check): Check => (v, p) => (v === 'auto' ? undefined : c(v, p) && `${c(v, p)} or "auto"`);
const byteMultiple = (lo: number, hi: number): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi && v % 8 === 0 ? undefined : `must be a multiple of 8 in [${lo}, ${hi}]`;

/** Every field, its check, and whether it enters paramsHash (docs/profiles.md documents each; test/docs.profiles.test.ts holds the two together). */
export const FIELDS: Record<keyof Profile, { check: Check; optional?: boolean; hashed: boolean; /** For an optional field: the value its absence means, or the field whose value it means. */ absentMeans?: unknown; absentMeansField?: keyof Profile }> = {
  name: { check: (v) => (typeof v === 'string' && NAME_RE.test(v) ? undefined : 'must match [a-z0-9-]{1,64}'), hashed: false },
  source: { check: str, hashed: false },
  notes: { check: str, optional: true, hashed: false },
  insecure: { check: bool, hashed: false },
  separation: { check: (v) => (SEPARATION_NAMES.includes(v as SeparationName) ? undefined : `must be one of ${SEPARATION_NAMES.join(', ')}`), optional: true, hashed: true, absentMeans: 'lpn' },
  q: { check: (v, p) => int(2, 1 << 16)(v, p) ?? (isSupportedModulus(v as number) ? undefined : 'must be a prime or a power of two'), optional: true, hashed: true },
  n: { check: int(8, 8192), hashed: true },
  theta: { check: real(0, 0.5, true), hashed: true },
  m: { check: (v, p) => int(typeof p.n === 'number' ? p.n : 8, 1 << 16)(v, p), hashed: true },
  w: { check: (v, p) => int(1, typeof p.m === 'number' ? p.m : 1 << 16)(v, p), hashed: true },
  L: { check: int(1, 1024), hashed: true },
  ell: { check: orAuto((v, p) => int(1, typeof p.ellMax === 'number' ? p.ellMax : 32)(v, p)), hashed: true },
  ellMax: { check: int(1, 32), hashed: true },
  targetKeyBits: { check: byteMultiple(64, 4096), hashed: true },
  minKeyBits: {
    check: (v, p) => byteMultiple(8, typeof p.targetKeyBits === 'number' ? p.targetKeyBits : 4096)(v, p),
    hashed: true,
  },
  keyBits: { check: (v, p) => int(typeof p.targetKeyBits === 'number' ? p.targetKeyBits : 64, MAX_KEY_BITS)(v, p), optional: true, hashed: true, absentMeansField: 'targetKeyBits' },
  challenges: { check: orAuto(int(1, 1 << 20)), hashed: true },
  rawSlack: { check: real(1, 10), hashed: true },
  batchSize: { check: int(1, 4096), hashed: true },
  estimationFraction: { check: real(0, 0.5, true), hashed: true },
  cascadePasses: { check: int(1, 16), hashed: true },
  verifyBits: { check: byteMultiple(16, 256), hashed: true },
  paMarginBits: { check: int(0, 1024), hashed: true },
  stepTimeoutMs: { check: int(100, 3_600_000), hashed: false },
  sessionTimeoutMs: { check: int(100, 86_400_000), optional: true, hashed: false, absentMeans: DEFAULT_SESSION_TIMEOUT_MS },
  distill: { check: (v) => (v === 'blocks' || v === 'pairs' ? undefined : 'must be "blocks" or "pairs"'), optional: true, hashed: true, absentMeans: 'blocks' },
  pairRounds: { check: orAuto(int(1, MAX_PAIR_ROUNDS)), optional: true, hashed: true, absentMeans: 'auto' },
  reconciler: { check: (v) => (v === 'cascade' || v === 'ldpc' ? undefined : 'must be "cascade" or "ldpc"'), optional: true, hashed: true, absentMeans: 'cascade' },
};

/**
 * The largest frame a profile may need: the wire's u32 body length allows 4 GiB, and each party
 * holds a frame whole (ws assembles it; Eve copies it), so a stated memory bound too: 256 MiB,
 * far above any shipped profile (< 1 MB) and the largest task (n = 8192, m = 2^16: 8 MiB); it
 * bites through the raw bits, whose Cascade queries cost ≈ 4.5 bytes a raw bit.
 */
export const FRAME_MEMORY_BOUND = 256 * 1024 * 1024;
export const WIRE_MAX_FRAME = HEADER_BYTES + 0xffff_ffff;
export const MAX_PROFILE_FRAME = Math.min(FRAME_MEMORY_BOUND, WIRE_MAX_FRAME);

/** Largest profile file, and most characters of keys and strings in a profile value (64 KiB). */
export const PROFILE_MAX_BYTES = 65_536;
/** Deepest nesting in a profile value: the object is level 1, its fields' values level 2. */
export const PROFILE_MAX_DEPTH = 8;
/** Most values (objects, arrays, scalars) in a profile value. */
export const PROFILE_MAX_NODES = 1024;

const profileError = (where: string, why: string) => new SepkaError('SEPKA_ERR_PROFILE', `${where}: ${why}`);

/**
 * Refuse a value deeper, larger or longer than a profile can be (see the header), walking it
 * with an explicit stack so that even a value nested a million levels deep costs no recursion.
 */
function checkShape(root: unknown, where: string): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let nodes = 0;
  let chars = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > PROFILE_MAX_DEPTH) throw profileError(where, `nested deeper than ${PROFILE_MAX_DEPTH} levels (a profile is one flat object)`);
    if (++nodes > PROFILE_MAX_NODES) throw profileError(where, `more than ${PROFILE_MAX_NODES} values (a profile has about 25)`);
    if (typeof v === 'string') chars += v.length;
    else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v)) {
        chars += k.length;
        stack.push([(v as Record<string, unknown>)[k], depth + 1]);
      }
    }
    if (chars > PROFILE_MAX_BYTES) throw profileError(where, `more than ${PROFILE_MAX_BYTES} characters of names and strings`);
  }
}

/** A value as quoted in a reason: short, escaped, and never the whole of a large value. */
function shown(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v) ?? String(v);
  return safeText(s.length > 64 ? `${s.slice(0, 61)}...` : s);
}

/**
 * Validate a parsed JSON object as a profile; `where` names it in errors. `ring`: the ring of a
 * separation of the caller's own (src/separation/types.ts) the profile will run, for the frame
 * bound (default: the ring of the instance the profile names).
 */
export function validateProfile(obj: unknown, where: string, ring?: Ring): Profile {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw profileError(where, 'must be a JSON object');
  checkShape(obj, where);
  const p = obj as Record<string, unknown>;
  for (const k of Object.keys(p)) {
    if (!Object.hasOwn(FIELDS, k)) throw profileError(where, `unknown field ${shown(k)}`);
  }
  for (const [k, spec] of Object.entries(FIELDS)) {
    if (!Object.hasOwn(p, k)) {
      if (spec.optional) continue;
      throw profileError(where, `missing field "${k}"`);
    }
    const why = spec.check(p[k], p);
    if (why) throw profileError(where, `field "${k}" ${why} (got ${shown(p[k])})`);
  }
  const prof = p as unknown as Profile;
  if (isLwe(prof) !== (prof.q !== undefined)) {
    throw profileError(where, isLwe(prof) ? 'separation "lwe" needs the field "q" (its modulus)' : 'field "q" belongs to separation "lwe" only');
  }
  if (isLwe(prof) && !(prof.m > prof.n)) throw profileError(where, `separation "lwe": A_μ needs m > n (got m = ${prof.m}, n = ${prof.n})`);
  if (chooseEll(agreementTheory(prof).p, prof.ellMax) === 0) {
    throw profileError(where, 'no ℓ ≤ ellMax gives a positive key yield at the theory agreement');
  }
  const big = largestFrameOf(prof, ring);
  if (big && big.bytes > MAX_PROFILE_FRAME) {
    const mib = (b: number) => `${+(b / 2 ** 20).toFixed(1)} MiB`;
    const over = big.bytes > WIRE_MAX_FRAME ? `the wire's 32-bit length (4 GiB) and ` : '';
    throw profileError(where, `largest frame (${big.type}) would be ${mib(big.bytes)}: over ${over}the ${mib(MAX_PROFILE_FRAME)} bound; lower challenges or L`);
  }
  return prof;
}

/**
 * Its largest legal frame; undefined when 'auto' needs over 2^20 challenges (derive refuses
 * those where sessions need them, so a point only priced stays valid).
 */
function largestFrameOf(p: Profile, ring?: Ring): ReturnType<typeof largestFrame> | undefined {
  let lim: Limits;
  try {
    lim = limitsOf(p, ring);
  } catch (e) {
    if (e instanceof SepkaError && e.code === 'SEPKA_ERR_PROFILE') return undefined;
    throw e;
  }
  return largestFrame(lim);
}

/** The sizes decoders check, from the profile; `ring`: a caller's own separation's (default: the profile's). */
export function limitsOf(p: Profile, ring: Ring = ringOf(p)): Limits {
  const d = derive(p);
  return { ring, n: p.n, m: p.m, L: p.L, batchSize: p.batchSize, batches: Math.ceil(d.challenges / p.batchSize), maxRaw: d.rawBits, ellMax: p.ellMax };
}

/** Names of the profiles in protocols/ (the files are not read: see loadAllProfiles). */
export function listProfiles(dir: URL = PROTOCOLS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Whether a --protocol value is a file path (contains a path separator or ends in .json) rather than a name. */
export function isProfilePath(v: string): boolean {
  return v.includes('/') || v.includes(sep) || v.endsWith('.json');
}

/**
 * A --protocol value in a form that means the same from any working directory: a path made
 * absolute against the cwd, a name unchanged. The demo hands this to its children, and a sweep
 * stores it in its point specs, so that a resumed sweep finds the same file.
 */
export function resolveProtocolArg(v: string): string {
  return isProfilePath(v) ? resolvePath(v) : v;
}

/**
 * Profiles' former names, so that a command line written for them gets the right did-you-mean.
 * Not aliases: a name enters the transcript hash, so a run under another name is another run.
 */
const FORMER_NAMES: Record<string, string> = { default: 'demo-256', 'default-blocks': 'demo-256-blocks', 'default-pairs': 'demo-256-pairs' };

/**
 * Load and validate a profile: `nameOrPath` is a name in protocols/ (`dir`: another directory of
 * profiles, for tests) or a file path (isProfilePath). A file given by path may carry any valid
 * `name`: nothing else fixes it (a name in protocols/ must match its file name).
 */
export function loadProfile(nameOrPath: string, dir: URL = PROTOCOLS_DIR): Profile {
  if (isProfilePath(nameOrPath)) return readProfile(resolvePath(nameOrPath), nameOrPath, `unknown protocol "${nameOrPath}"`);
  const name = nameOrPath;
  if (!NAME_RE.test(name) || !listProfiles(dir).includes(name)) {
    const known = listProfiles(dir);
    const guess = (Object.hasOwn(FORMER_NAMES, name) ? FORMER_NAMES[name] : undefined) ?? closest(name, known);
    throw new SepkaError('SEPKA_ERR_PROFILE', `unknown protocol "${name}" (${guess ? `did you mean "${guess}"? ` : ''}known: ${known.join(', ')})`);
  }
  const file = `protocols/${name}.json`;
  const prof = readProfile(fileURLToPath(new URL(`${name}.json`, dir)), file, file);
  if (prof.name !== name) throw new SepkaError('SEPKA_ERR_PROFILE', `${file}: field "name" is "${prof.name}", expected "${name}"`);
  return prof;
}

/**
 * The file's text: a regular file of at most PROFILE_MAX_BYTES (src/files.ts: a FIFO, /dev/zero
 * or a huge file is refused at once, before anything is read).
 */
function readProfileText(path: string, where: string, missing: string): string {
  return readBounded(path, { code: 'SEPKA_ERR_PROFILE', what: where, whatMissing: missing, maxBytes: PROFILE_MAX_BYTES, hint: 'a profile is about 1.5 KB' }).toString('utf8');
}

/** Read, parse and validate one profile file; `where` names it in errors, `missing` leads the unreadable-file one. */
function readProfile(path: string, where: string, missing: string): Profile {
  const text = readProfileText(path, where, missing);
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    // V8's message quotes the file's first bytes ("root:x:0:0"...): only where it failed is kept,
    // so that no reason echoes the content of a file that is not a profile.
    const at = /position (\d+)/.exec((e as Error).message);
    throw profileError(where, `not valid JSON${at ? ` (at byte ${at[1]})` : ''}`);
  }
  return validateProfile(obj, where);
}

/**
 * Every profile in protocols/ that loads, and the ones that do not with their one-line reason:
 * where all profiles are enumerated (a sweep's choice of control profile), one malformed file
 * must break only the commands that name it, not every caller of the enumeration.
 */
export function loadAllProfiles(dir: URL = PROTOCOLS_DIR): { profiles: Profile[]; skipped: { name: string; reason: string }[] } {
  const profiles: Profile[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const name of listProfiles(dir)) {
    try {
      profiles.push(loadProfile(name, dir));
    } catch (e) {
      if (!(e instanceof SepkaError)) throw e;
      skipped.push({ name, reason: e.message });
    }
  }
  return { profiles, skipped };
}

export interface Overrides {
  n?: number;
  theta?: number;
  m?: number;
  /** A weight, or 'balanced': the balanced weight at the resulting task, even if the task is unchanged. */
  w?: number | 'balanced';
  ell?: number | 'auto';
  L?: number;
  /** Session key bits; minKeyBits is lowered to it when above. */
  targetKeyBits?: number;
  /** Secret bits the session is sized for (`--key-bits`). */
  keyBits?: number;
  distill?: 'blocks' | 'pairs';
  reconciler?: Reconciler;
  pairRounds?: number | 'auto';
}

/**
 * A copy of `profile` with some task parameters replaced and the dependent ones re-derived:
 * a new n resets θ to n^-1/2 and m to 4n unless they are given too, and any change to n, θ or
 * m resets w to the balanced value unless w is given. The result is validated.
 */
export function withOverrides(profile: Profile, o: Overrides): Profile {
  const out: Profile = { ...profile };
  if (o.n !== undefined) {
    out.n = o.n;
    out.theta = o.theta ?? 1 / Math.sqrt(o.n);
    out.m = o.m ?? 4 * o.n;
  }
  if (o.theta !== undefined) out.theta = o.theta;
  if (o.m !== undefined) out.m = o.m;
  const taskChanged = o.n !== undefined || o.theta !== undefined || o.m !== undefined;
  if (typeof o.w === 'number') out.w = o.w;
  else if (o.w === 'balanced' || taskChanged) out.w = balancedW(out.n, out.theta, out.m);
  if (o.ell !== undefined) out.ell = o.ell;
  if (o.L !== undefined) out.L = o.L;
  if (o.targetKeyBits !== undefined) {
    out.targetKeyBits = o.targetKeyBits;
    out.minKeyBits = Math.min(out.minKeyBits, o.targetKeyBits);
  }
  if (o.keyBits !== undefined) out.keyBits = o.keyBits;
  if (o.distill !== undefined) out.distill = o.distill;
  if (o.reconciler !== undefined) out.reconciler = o.reconciler;
  if (o.pairRounds !== undefined) out.pairRounds = o.pairRounds;
  const keys = Object.keys(o).filter((k) => o[k as keyof Overrides] !== undefined);
  if (keys.length) out.source = `${profile.source} Overridden: ${keys.map((k) => `${k}=${o[k as keyof Overrides]}`).join(', ')}.`;
  return validateProfile(out, `protocol "${profile.name}" with overrides`);
}

/** SHA-256 over the canonical encoding of the hashed fields (sorted keys, JSON values). */
export function paramsHash(profile: Profile): Uint8Array {
  // An optional field enters the hash only when set to something other than what its absence
  // means, so adding one leaves existing hashes alone and `"separation": "lpn"` matches a
  // profile without the field (two peers on the same numbers agree).
  const fields = (Object.keys(FIELDS) as (keyof Profile)[])
    .filter((k) => {
      const f = FIELDS[k];
      const absent = f.absentMeansField ? profile[f.absentMeansField] : f.absentMeans;
      return f.hashed && profile[k] !== undefined && profile[k] !== absent;
    })
    .sort();
  const canon = fields.map((k) => `${k}=${JSON.stringify(profile[k])}`).join(';');
  return sha256(utf8ToBytes(`sepka/v1/params|${canon}`));
}

/** Figures every party derives from the profile alone. */
export interface Derived {
  /** Theory raw agreement of the profile's separation (LPN: (1 + (1−2θ)^w)/2). */
  pTheory: number;
  /** ℓ that maximises the expected yield at pTheory. */
  ellTheory: number;
  /** Bit-pair rounds at pTheory (0 unless distill is 'pairs'). */
  roundsTheory: number;
  /** Expected key bits per raw bit at pTheory and ellTheory (or roundsTheory with pairs). */
  yieldTheory: number;
  /** Challenges Bob sends. */
  challenges: number;
  /** Raw bits per side: challenges × L. */
  rawBits: number;
  /** Raw bits revealed for estimation. */
  sampleBits: number;
}

export function derive(p: Profile): Derived {
  const pTheory = agreementTheory(p).p;
  const ellTheory = chooseEll(pTheory, p.ellMax);
  const pairs = distillOf(p) === 'pairs';
  const roundsTheory = pairs ? roundsAt(p, pTheory) : 0;
  const yieldTheory = pairs ? pairYield(pTheory, roundsTheory, reconcilerOf(p)) : yieldPerRawBit(pTheory, p.ell === 'auto' ? ellTheory : p.ell);
  let challenges: number;
  if (p.challenges === 'auto') {
    // Raw bits needed for the target key plus the fixed costs (tag, margin, LDPC's decoder
    // check), with slack, before estimation.
    const fixedBits = p.verifyBits + p.paMarginBits + (reconcilerOf(p) === 'ldpc' ? LDPC_CHECK_BITS : 0);
    const need = (keyBitsOf(p) + fixedBits) / Math.max(yieldTheory, 1e-9);
    challenges = Math.ceil((p.rawSlack * need) / (1 - p.estimationFraction) / p.L);
    if (challenges > 1 << 20) throw new SepkaError('SEPKA_ERR_PROFILE', `protocol "${p.name}": would need ${challenges} challenges (> 2^20)`);
  } else challenges = p.challenges;
  const rawBits = challenges * p.L;
  return { pTheory, ellTheory, roundsTheory, yieldTheory, challenges, rawBits, sampleBits: Math.floor(rawBits * p.estimationFraction) };
}
