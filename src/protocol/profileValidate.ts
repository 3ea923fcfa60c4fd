/**
 * Validation of a parsed profile (profile.ts loads and parses the file): every field against
 * its check (profileFields.ts FIELDS), the fields that go together, a positive key yield at the
 * theory agreement, and the largest frame within its bound (profileDerive.ts). A bad profile is
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
 */
import { SepkaError } from '../errors.ts';
import { safeText } from '../text.ts';
import { agreementTheory, isLwe } from '../separation/index.ts';
import type { Ring } from '../separation/ring.ts';
import { chooseEll } from './theory.ts';
import { FIELDS, type Profile } from './profileFields.ts';
import { largestFrameOf, MAX_PROFILE_FRAME, WIRE_MAX_FRAME } from './profileDerive.ts';

/** Largest profile file, and most characters of keys and strings in a profile value (64 KiB). */
export const PROFILE_MAX_BYTES = 65_536;
/** Deepest nesting in a profile value: the object is level 1, its fields' values level 2. */
export const PROFILE_MAX_DEPTH = 8;
/** Most values (objects, arrays, scalars) in a profile value. */
export const PROFILE_MAX_NODES = 1024;

export const profileError = (where: string, why: string) => new SepkaError('SEPKA_ERR_PROFILE', `${where}: ${why}`);

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
