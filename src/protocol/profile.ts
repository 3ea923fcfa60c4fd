/**
 * Named parameter sets (protocols/<name>.json) and profile files given by path: load,
 * override, hash; the fields (profileFields.ts), what a profile implies (profileDerive.ts) and
 * its validation (profileValidate.ts) are re-exported here, so callers import profile.ts alone.
 *
 * `--protocol` takes either: a value containing '/' or ending in .json is a file path, resolved
 * against the working directory (docs/cli.md, "Running sepka"); anything else names protocols/<name>.json.
 *
 * A profile fixes every number both parties must agree on; `paramsHash` (SHA-256 of a
 * canonical encoding) is exchanged at hello, so two peers with different numbers refuse each
 * other before any secret is used. Every field is validated on load; a bad file gives
 * SEPKA_ERR_PROFILE with a one-line reason naming the file and the field; a file is read up to
 * PROFILE_MAX_BYTES bytes and refused beyond.
 */
import { readdirSync } from 'node:fs';
import { resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { SepkaError } from '../errors.ts';
import { readBounded } from '../files.ts';
import { closest } from '../suggest.ts';
import { balancedW } from '../cost/index.ts';
import type { Reconciler } from './theory.ts';
import { FIELDS, NAME_RE, type Profile } from './profileFields.ts';
import { PROFILE_MAX_BYTES, profileError, validateProfile } from './profileValidate.ts';

export {
  DEFAULT_PROFILE,
  DEFAULT_SESSION_TIMEOUT_MS,
  distillOf,
  FIELDS,
  keyBitsOf,
  MAX_KEY_BITS,
  reconcilerOf,
  roundsAt,
  sessionTimeoutOf,
  type Profile,
} from './profileFields.ts';
export { derive, FRAME_MEMORY_BOUND, limitsOf, MAX_PROFILE_FRAME, WIRE_MAX_FRAME, type Derived } from './profileDerive.ts';
export { PROFILE_MAX_BYTES, PROFILE_MAX_DEPTH, PROFILE_MAX_NODES, validateProfile } from './profileValidate.ts';

const PROTOCOLS_DIR = new URL('../../protocols/', import.meta.url);

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
 * m at a new secret length n on a profile whose instance is not LPN (LWE, the natural
 * control): the profile's examples per dimension kept, m = round(n·m₀/n₀) — 2.5n on every
 * LWE profile shipped, 4n on gaussian-regression.
 */
export const scaledM = (profile: Pick<Profile, 'n' | 'm'>, n: number): number => Math.round((n * profile.m) / profile.n);

/**
 * A copy of `profile` with some task parameters replaced and the dependent ones re-derived.
 * On LPN: a new n resets θ to n^-1/2 and m to 4n unless they are given too, and any change to
 * n, θ or m resets w to the balanced value unless w is given (balancedW prices LPN's routes).
 * On the other instances (LWE, the natural control) a new n keeps θ (LWE: σ = θq and q
 * unchanged, so the same χ; regression: the same noise-to-signal ratio), sets m by `scaledM`
 * unless given, and keeps w (capped at m); 'balanced' is refused there. The result is validated.
 */
export function withOverrides(profile: Profile, o: Overrides): Profile {
  const out: Profile = { ...profile };
  const lpn = (profile.separation ?? 'lpn').startsWith('lpn');
  if (!lpn && o.w === 'balanced')
    throw new SepkaError('SEPKA_ERR_USAGE', `w 'balanced' matches LPN's dual cost to its primal; separation "${profile.separation}" has no such balance (give w as an integer)`);
  if (o.n !== undefined) {
    out.n = o.n;
    out.theta = o.theta ?? (lpn ? 1 / Math.sqrt(o.n) : profile.theta);
    out.m = o.m ?? (lpn ? 4 * o.n : scaledM(profile, o.n));
  }
  if (o.theta !== undefined) out.theta = o.theta;
  if (o.m !== undefined) out.m = o.m;
  const taskChanged = o.n !== undefined || o.theta !== undefined || o.m !== undefined;
  if (typeof o.w === 'number') out.w = o.w;
  else if (!lpn) out.w = Math.min(profile.w, out.m);
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
