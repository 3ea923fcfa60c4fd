/**
 * The registry of recorded runs (scripts/results.ts): which commands are recorded (RUNS), where
 * their output lives under docs/results/, what the recorder saw (docs/results/runs.json), and
 * whether a recording still describes the profile it is quoted for (staleness).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveProfile } from '../../src/measure/sweep/job.ts';
import type { PointSpec } from '../../src/measure/sweep/grid.ts';
import type { RunMeta } from '../../src/meta.ts';
import { loadProfile, paramsHash } from '../../src/protocol/profile.ts';
import { PRICE_RUNS } from './price.ts';
import type { Recorded, Run, RunNote } from './types.ts';

export type { Recorded, Run, RunNote } from './types.ts';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const RESULTS_DIR = 'docs/results';
export const MANIFEST = `${RESULTS_DIR}/runs.json`;


const estimateRun = (profile: string): Run => ({
  name: `estimate-${profile}`,
  profile,
  argv: ['estimate', '--protocol', profile, '--json'],
  kind: 'json',
  file: `${RESULTS_DIR}/estimate-${profile}.json`,
});

/** The profiles README's table lists, in its order, with what each is for. */
export const PROFILES: { name: string; use: string }[] = [
  { name: 'paper-128', use: 'the default: the paper\'s line at 128-bit security, bit pairs + LDPC' },
  { name: 'paper-1024', use: 'the paper\'s line at n = 1024: asymptotic separation, not 128-bit' },
  { name: 'demo-256', use: 'fast demonstration (n = 256); Eve\'s attacks break targets now and then' },
  { name: 'demo-256-blocks', use: 'demo-256 with repetition blocks + Cascade, for comparison' },
  { name: 'demo-256-pairs', use: 'demo-256 with bit pairs + Cascade, for comparison' },
  { name: 'toy-insecure', use: 'broken on purpose: the control where Eve must win' },
];

/** Profiles of the other instances, after the LPN ones in README's table (their levels are priced differently). */
export const OTHER_PROFILES: { name: string; use: string }[] = [
  { name: 'lwe-128', use: 'LWE at FrodoKEM-640\'s n, q, σ; the lattice estimator\'s default model (MATZOV)' },
  { name: 'lwe-demo-256', use: 'LWE demonstration (n = 256), not 128-bit' },
  { name: 'lwe-toy', use: 'LWE broken on purpose: Eve\'s lattice reduction reads the key' },
  { name: 'gaussian-regression', use: 'the natural control: no hardness, least squares reads the key' },
];

export const RUNS: Run[] = [
  { name: 'demo-paper-128', profile: 'paper-128', argv: ['demo', '--protocol', 'paper-128', '--seed', '1'], kind: 'text', file: `${RESULTS_DIR}/demo-paper-128.json` },
  { name: 'demo-lwe-128', profile: 'lwe-128', argv: ['demo', '--protocol', 'lwe-128', '--seed', '1', '--json'], kind: 'json', file: `${RESULTS_DIR}/demo-lwe-128.json` },
  ...PROFILES.map((p) => estimateRun(p.name)),
  ...OTHER_PROFILES.map((p) => estimateRun(p.name)),
  {
    name: 'measure-demo-256',
    profile: 'demo-256',
    argv: ['measure', '--protocol', 'demo-256', '--sessions', '5', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-demo-256.json`,
  },
  {
    name: 'measure-paper-128',
    profile: 'paper-128',
    argv: ['measure', '--protocol', 'paper-128', '--sessions', '5', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-paper-128.json`,
  },
  // The other instances, measured (docs/separations.md, block instances-measured).
  ...['lwe-toy', 'lwe-demo-256', 'lwe-128', 'gaussian-regression'].map(
    (profile): Run => ({
      name: `measure-${profile}`,
      profile,
      argv: ['measure', '--protocol', profile, '--sessions', '10', '--seed', '1', '--json'],
      kind: 'json',
      file: `${RESULTS_DIR}/measure-${profile}.json`,
    }),
  ),
  {
    name: 'measure-toy-insecure',
    profile: 'toy-insecure',
    argv: ['measure', '--protocol', 'toy-insecure', '--sessions', '4', '--seed', '1', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-toy-insecure.json`,
  },
  {
    name: 'learn-n32',
    profile: null,
    argv: ['learn', '--n', '32', '--seed', '1'],
    kind: 'text',
    file: `${RESULTS_DIR}/learn-n32.json`,
  },
  {
    // Start-up and the demo's wall time against the same session in-process (about a minute).
    name: 'bench-startup',
    profile: null,
    argv: ['--only', 'startup', '--json'],
    kind: 'bench',
    file: `${RESULTS_DIR}/bench-startup.json`,
  },
  {
    // Sessions of 10^6 raw bits (β and f near the limit): a few minutes.
    name: 'measure-long',
    profile: 'examples/demo-256-long.json',
    argv: ['measure', '--protocol', 'examples/demo-256-long.json', '--sessions', '20', '--seed', '1', '--eve-budget-ms', '0', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-long.json`,
    long: true,
  },
  {
    // The frame-error rate on 2,000 sessions: a quarter of an hour on 2 cores.
    name: 'measure-demo-256-fer',
    profile: 'demo-256',
    argv: ['measure', '--protocol', 'demo-256', '--sessions', '2000', '--seed', '7', '--eve-budget-ms', '0', '--json'],
    kind: 'json',
    file: `${RESULTS_DIR}/measure-demo-256-fer.json`,
    long: true,
  },
  {
    // The committed separation report. Recorded when its base profile (then named `default`)
    // amplified with repetition blocks and Cascade, i.e. on demo-256-blocks' parameters; a
    // re-run (`--rerun separation`, a few minutes) records it on the sweep's base profile
    // (with each point's n): then set `profile` here, and the note in docs/separation/README.md,
    // to match.
    name: 'separation',
    profile: 'demo-256-blocks',
    argv: ['sweep', '--preset', 'separation', '--force', '--png', '--out', 'docs/separation'],
    kind: 'sweep',
    file: 'docs/separation',
    long: true,
  },
  {
    // LWE through the same preset (docs/separations.md): lwe-toy's family, n = 8…64. About a
    // minute on one worker of 2 loaded cores (≈ 30 s of CPU): long only so that a plain
    // `npm run results` stays quick.
    name: 'lwe-separation',
    profile: 'lwe-toy',
    argv: ['sweep', '--preset', 'separation', '--protocol', 'lwe-toy', '--seed', '1', '--force', '--png', '--out', 'docs/separation-lwe'],
    kind: 'sweep',
    file: 'docs/separation-lwe',
    long: true,
  },
  ...PRICE_RUNS,
  {
    // Block sizes of progressive BKZ on toy LWE against the small-β prediction (ours and
    // fplll, 8 seeds at 4 sizes): about two minutes on 2 cores.
    name: 'bench-smallbeta',
    profile: null,
    argv: ['--only', 'smallbeta', '--json'],
    kind: 'bench',
    file: `${RESULTS_DIR}/bench-smallbeta.json`,
  },
];



/** A file of the checkout, by its path from the root. */
export const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

export function readManifest(): Record<string, RunNote> {
  return existsSync(join(ROOT, MANIFEST)) ? (JSON.parse(read(MANIFEST)) as Record<string, RunNote>) : {};
}

/** Whether `name` has been recorded (a long run may not be yet). */
export function isRecorded(name: string): boolean {
  const run = RUNS.find((r) => r.name === name);
  return !!run && existsSync(join(ROOT, run.kind === 'sweep' ? `${run.file}/results.jsonl` : run.file));
}

export function loadRun(name: string): Recorded {
  const run = RUNS.find((r) => r.name === name);
  if (!run) throw new Error(`no recorded run named ${name}`);
  const note = readManifest()[name];
  if (run.kind === 'sweep') {
    const records = read(`${run.file}/results.jsonl`).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    return { run, meta: records[0].meta as RunMeta, data: JSON.parse(read(`${run.file}/sweep.json`)) as Record<string, unknown>, records, note };
  }
  const data = JSON.parse(read(run.file)) as Record<string, unknown>;
  return { run, meta: data.meta as RunMeta, data, note };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Why a recorded run no longer describes the profile it is quoted for, or [] when it does:
 * its paramsHash against the profile loaded by name (from `profilesDir`), and its package
 * version against package.json's (a new version may change what a run prints).
 */
export function staleness(rec: Recorded, profilesDir?: URL): string[] {
  const out: string[] = [];
  const pkg = (JSON.parse(read('package.json')) as { version: string }).version;
  const metas = rec.records ? rec.records.map((r) => r.meta as RunMeta) : [rec.meta];
  if (metas.some((m) => m.sepka !== pkg)) out.push(`${rec.run.name}: recorded by sepka ${metas[0].sepka}, this is ${pkg}`);
  if (rec.run.profile === null) return out;
  if (rec.records) {
    for (const r of rec.records) {
      const spec = r.spec as PointSpec;
      // The controls run on their own profile (toy-insecure); the grid's points on the sweep's.
      const protocol = spec.control ? spec.protocol : rec.run.profile;
      const want = hex(paramsHash(resolveProfile({ ...spec, protocol: profilesDir ? fileURLToPath(new URL(`${protocol}.json`, profilesDir)) : protocol })));
      if ((r.meta as RunMeta).paramsHash !== want) out.push(`${rec.run.name}: point ${String(r.id)} (${protocol}, n = ${String(spec.n)}) was recorded with other parameters than ${protocol} has now`);
    }
    return out;
  }
  const want = hex(paramsHash(loadProfile(rec.run.profile, profilesDir)));
  if (rec.meta.paramsHash !== want) out.push(`${rec.run.name}: recorded with paramsHash ${rec.meta.paramsHash?.slice(0, 12)}, profile ${rec.run.profile} now has ${want.slice(0, 12)}`);
  return out;
}

/** The command a reader types, with the profile's current name. */
export const shown = (run: Run): string => (run.kind === 'bench' ? `npm run bench -- ${run.argv.join(' ')}` : `sepka ${run.argv.join(' ')}`);
