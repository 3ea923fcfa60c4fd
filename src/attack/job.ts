/**
 * One attack job: a pure unit of an offline campaign on a recorded transcript — a
 * range of iterations of one attack on one target, with its own derived seed, so the job's work
 * is reproducible wherever it runs (a piscina thread or a `sepka worker` on another machine).
 *
 *   route 'dual'   target c: dual Stern ISD (src/learners/dualStern.ts) against Bob's challenge
 *                  x*_c = r_cᵀA; a find is r_c (weight w), which gives Bob's L raw bits ⟨r_c, z_j⟩.
 *   route 'primal' target j: pooled Gauss (src/eve/primal.ts) on label column j alone; a find
 *                  is s_j, accepted by the strict test only (a wrong s passes with prob. ≤ 2^-40),
 *                  which gives Alice's raw bits ⟨x*_c, s_j⟩ for every challenge.
 * The spec carries everything public it needs (profile, the task frame, the challenge), so a
 * worker needs no file. Its result (AttackJobResult) is one line of the campaign's attack.jsonl.
 */
import { DualStern } from '../learners/dualStern.ts';
import { MultiPooledGauss } from '../eve/primal.ts';
import { matZero, row, type Mat } from '../gf2/mat.ts';
import { weight } from '../gf2/vec.ts';
import { decodeMessage, limitsOf } from '../protocol/messages/index.ts';
import { validateProfile, type Profile } from '../protocol/profile.ts';
import { seededRng } from '../rng.ts';
import { lpnSeparationOf } from '../separation/index.ts';
import { SepkaError } from '../errors.ts';
import { dualSternPlan } from '../cost/index.ts';

export const ATTACK_RESULT_VERSION = 1;

export type Route = 'dual' | 'primal';

export interface AttackJobSpec {
  /** The campaign's identity (hash of transcript, session and campaign seed). */
  campaign: string;
  route: Route;
  /** Challenge index (dual) or label column (primal). */
  target: number;
  /** Which range of iterations: [chunk·iterations, (chunk+1)·iterations). */
  chunk: number;
  iterations: number;
  /** The job's own seed, derived from the campaign seed, route, target and chunk. */
  seed: string;
  profile: Profile;
  /** The task frame (base64), from which A and Z are opened. */
  task: string;
  /** Dual: the challenge x* as hex of its little-endian 32-bit words. */
  x?: string;
}

export interface AttackJobResult {
  v: number;
  id: string;
  route: Route;
  target: number;
  chunk: number;
  /** Iterations run (fewer than planned when the target broke early). */
  iterations: number;
  /** r (dual) or s (primal) as hex words, or null. */
  found: string | null;
  ms: number;
}

export const attackJobId = (s: Pick<AttackJobSpec, 'route' | 'target' | 'chunk'>): string => `${s.route}-${s.target}-${s.chunk}`;

export const wordsToHex = (w: Uint32Array): string => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex');
export function hexToWords(h: string): Uint32Array {
  const b = Buffer.from(h, 'hex');
  const out = new Uint32Array(b.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32LE(4 * i);
  return out;
}

/** A and Z from the task frame, cached per task (a worker thread runs many jobs of one campaign). */
let cache: { key: string; A: Mat; Z: Mat } | undefined;
export function openTask(profile: Profile, taskB64: string): { A: Mat; Z: Mat } {
  if (cache?.key === taskB64) return cache;
  const msg = decodeMessage(new Uint8Array(Buffer.from(taskB64, 'base64')), limitsOf(profile));
  if (msg.type !== 'task') throw new SepkaError('SEPKA_ERR_USAGE', `attack job: the task frame decodes as ${msg.type}`);
  const { A, Z } = lpnSeparationOf(profile, 'an attack job').openPublic({ seedA: msg.seedA, labels: msg.labels });
  cache = { key: taskB64, A, Z };
  return cache;
}

function column(Z: Mat, j: number): Mat {
  const out = matZero(Z.rows, 1);
  for (let i = 0; i < Z.rows; i++) out.data[i * out.stride] = (row(Z, i)[j >>> 5] >>> (j & 31)) & 1;
  return out;
}

export function runAttackJob(spec: AttackJobSpec): AttackJobResult {
  const t0 = performance.now();
  const profile = validateProfile(spec.profile, 'attack job profile');
  const { A, Z } = openTask(profile, spec.task);
  const rng = seededRng(spec.seed, 'attack/job');
  let found: Uint32Array | null = null;
  let iterations = 0;
  if (spec.route === 'dual') {
    if (!spec.x) throw new SepkaError('SEPKA_ERR_USAGE', 'attack job: a dual job needs its challenge x');
    const ds = new DualStern(A);
    const res = ds.attack(hexToWords(spec.x), profile.w, { trials: spec.iterations }, rng, dualSternPlan(profile.m, profile.n, profile.w));
    iterations = res.trials;
    found = res.r && weight(res.r) === profile.w ? res.r : null;
  } else {
    const pg = new MultiPooledGauss(A, column(Z, spec.target), profile.theta);
    while (iterations < spec.iterations && pg.acceptedBy[0] !== 'strict' && pg.finished === 0) {
      pg.trial(rng);
      iterations++;
    }
    found = pg.acceptedBy[0] === 'strict' ? pg.secrets[0] : null;
  }
  return { v: ATTACK_RESULT_VERSION, id: attackJobId(spec), route: spec.route, target: spec.target, chunk: spec.chunk, iterations, found: found && wordsToHex(found), ms: performance.now() - t0 };
}

/** The task handler of `sepka attack`'s piscina threads (run.ts; src/runtime.ts threadEntry). */
export default runAttackJob;
