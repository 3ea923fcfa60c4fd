/**
 * A profile's fields (protocols/<name>.json; loaded and hashed by profile.ts): the Profile type,
 * each field's check and whether it enters paramsHash (FIELDS), and the defaults an absent
 * optional field means.
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
import { SEPARATION_NAMES, type SeparationName } from '../separation/index.ts';
import { isSupportedModulus } from '../separation/zq.ts';
import { chooseRounds, MAX_PAIR_ROUNDS, type Reconciler } from './theory.ts';

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

/**
 * The profile every command runs when --protocol is not given: the 128-bit line of the paper,
 * so that what a first run shows is the protocol at a real security level; the n = 256
 * demonstration profile (demo-256) is one --protocol away.
 */
export const DEFAULT_PROFILE = 'paper-128';

/** Most secret bits a profile may ask a session for (2^24: a 2^20-challenge session's scale). */
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

/** A profile's name: also its file name in protocols/. */
export const NAME_RE = /^[a-z0-9][a-z0-9-]{0,63}$/;

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
