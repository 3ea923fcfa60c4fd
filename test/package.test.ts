/**
 * sepka as a user installs it: `npm pack` (which runs `prepare`, the build of dist/), the
 * tarball installed into an empty project, then the `sepka` bin and the library entry from
 * plain Node, with no TypeScript loader anywhere (the project has no tsx, and no sources).
 *
 * What each step proves:
 * - the tarball holds every compiled file of dist/ (bar the build cache) and every profile, and
 *   no source, test or script; its dist/ was built from these sources (its code version is the
 *   one they hash to) by this very `npm pack` (the build stamp is newer than the test);
 * - `sepka --version` and `sepka estimate --json` run from the bin (package.json, profiles);
 * - `sepka demo --json` agrees and confirms a key across three processes and their worker
 *   threads, all started from dist/ (src/runtime.ts): a child or thread that reached for the
 *   sources or a loader would fail here, where neither exists;
 * - a plain `node` script imports 'sepka' and its subpaths and runs one runMeasure session.
 * A file the compiled code needs that `files` leaves out fails one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { treeVersion } from '../src/meta.ts';
import { expectValid } from './helpers/schema.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let tmp: string;
let project: string;
let packed: string[];
const started = Date.now();

/** The environment of a user's shell: no loader options inherited from the test runner. */
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.SEPKA_CODE_VERSION;
  return env;
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): { stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', env: userEnv(), timeout: 120_000, ...opts });
  const out = { stdout: String(r.stdout), stderr: String(r.stderr) };
  expect(r.status, `${cmd} ${args.join(' ')} exited ${r.status}: ${out.stderr.trim().split('\n').at(-1)}`).toBe(0);
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

describe('the npm package', () => {
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'sepka-pack-'));
    project = join(tmp, 'project');
    mkdirSync(project);
    const out = execFileSync(NPM, ['pack', '--json', '--pack-destination', tmp], { cwd: ROOT, encoding: 'utf8', env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
    const info = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    packed = info[0].files.map((f) => f.path);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sepka-user', private: true, type: 'module' }) + '\n');
    run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(tmp, info[0].filename)], { timeout: 180_000 });
  }, 360_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('packs every compiled file and profile, built from these sources by npm pack, and nothing else', () => {
    const dist = walk(join(ROOT, 'dist'))
      .map((f) => relative(ROOT, f).split('\\').join('/'))
      .filter((f) => !f.endsWith('.tsbuildinfo'));
    expect(dist.length).toBeGreaterThan(100);
    const missing = dist.filter((f) => !packed.includes(f));
    expect(missing, 'in dist/ but not in the tarball').toEqual([]);
    for (const f of ['bin/sepka.js', 'package.json', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/web/static/index.html', 'protocols/paper-128.json', 'schemas/demo.schema.json']) {
      expect(packed, f).toContain(f);
    }
    for (const f of readdirSync(join(ROOT, 'protocols'))) expect(packed).toContain(`protocols/${f}`);
    expect(packed.filter((f) => /^(src|test|scripts|examples|docs)\//.test(f) || f.endsWith('.tsbuildinfo'))).toEqual([]);
    // prepare ran: the stamp was written during this test, with the sources' code version.
    const stamp = join(ROOT, 'dist', 'code-version.json');
    expect(statSync(stamp).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
  });

  it('sepka --version runs the compiled bin, with the code version of these sources', () => {
    const { stdout } = run(NPX, ['sepka', '--version']);
    expect(stdout.trim()).toBe(`sepka 0.1.0 (not a git checkout; code ${treeVersion(join(ROOT, 'src'))})`);
  });

  it('sepka estimate --protocol paper-128 --json', () => {
    const rep = JSON.parse(run(NPX, ['sepka', 'estimate', '--protocol', 'paper-128', '--json']).stdout);
    expectValid('estimate', rep);
    expect(rep.protocol).toBe('paper-128');
    expect(rep.params.n).toBe(7168);
    expect(rep.meta.commit).toBeNull(); // an installed package is not a git checkout
  });

  it('sepka demo --protocol toy-insecure --json agrees and confirms a key across three processes', () => {
    const rep = JSON.parse(run(NPX, ['sepka', 'demo', '--protocol', 'toy-insecure', '--seed', '1', '--eve-budget-ms', '200', '--json']).stdout);
    expectValid('demo', rep);
    expect(rep.keyAgreed).toBe(true);
    expect(rep.confirmed).toBe(true);
    expect(rep.keyBits).toBe(128);
    expect(rep.rawBits).toBeGreaterThan(0);
  });

  it('plain node imports sepka and its subpaths and runs one runMeasure session', () => {
    writeFileSync(
      join(project, 'use.mjs'),
      `import { runMeasure, gf2 as g } from 'sepka';
import * as gf2 from 'sepka/gf2';
import * as cost from 'sepka/cost';
import * as separation from 'sepka/separation';
const r = runMeasure({ profile: 'toy-insecure', sessions: 1, seed: 1, eveBudgetMs: 0 });
console.log(JSON.stringify({ sessions: r.sessions, key: r.key, same: g.matZero === gf2.matZero, cost: Object.keys(cost).length, separation: typeof separation.lpnSeparation }));
`,
    );
    const r = JSON.parse(run(process.execPath, ['use.mjs']).stdout);
    expect(r.sessions).toBe(1);
    expect(r.key.agreementRate).toBe(1);
    expect(r.key.confirmedRate).toBe(1);
    expect(r.same).toBe(true); // 'sepka/gf2' is the namespace the entry exports, not a copy
    expect(r.cost).toBeGreaterThan(5);
    expect(r.separation).toBe('function');
  });
});
