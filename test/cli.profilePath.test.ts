/**
 * `--protocol FILE`: every command that takes --protocol
 * also takes a profile file's path (a value with '/' or ending in .json, resolved against the
 * cwd), through real processes; a bad path is one line, SEPKA_ERR_PROFILE, exit 2. And one
 * malformed file among the profiles breaks only the commands that name it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliArgs } from '../src/runtime.ts';
import { listProfiles, loadAllProfiles, loadProfile } from '../src/protocol/profile.ts';
import { insecureProfile } from '../src/measure/sweep/controls.ts';
import { expectValid } from './helpers/schema.ts';

let dir = '';
let file = '';

/** `sepka …` as a real process, run from `cwd` (the loader and the CLI by absolute path, so any cwd works). */
const sepka = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, cliArgs(...args), { encoding: 'utf8', timeout: 120_000, cwd });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sepka-profile-path-'));
  // A profile of one's own: the toy profile under another name, in a file outside protocols/.
  const toy = JSON.parse(readFileSync(new URL('../protocols/toy-insecure.json', import.meta.url), 'utf8'));
  file = join(dir, 'my-profile.json');
  writeFileSync(file, JSON.stringify({ ...toy, name: 'my-profile' }));
  writeFileSync(join(dir, 'broken.json'), '{ "name": "broken", ');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--protocol takes a file path', () => {
  it('measure --protocol /tmp/…json --sessions 1 --json runs that profile', () => {
    const r = sepka(['measure', '--protocol', file, '--sessions', '1', '--eve-budget-ms', '200', '--seed', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout);
    expectValid('measure', rep);
    expect(rep.protocol).toBe('my-profile');
    expect(rep.sessions).toBe(1);
    expect(rep.params.n).toBe(48);
  });

  it('estimate --protocol <relative path> --json, resolved against the cwd', () => {
    const r = sepka(['estimate', '--protocol', './my-profile.json', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const est = JSON.parse(r.stdout);
    expectValid('estimate', est);
    expect(est.protocol).toBe('my-profile');
  });

  it('demo --protocol <relative path> from another cwd: its children get the file too', () => {
    const r = sepka(['demo', '--protocol', './my-profile.json', '--no-eve', '--seed', '1', '--json'], dir);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expectValid('demo', j);
    expect(j.keyAgreed && j.confirmed).toBe(true);
  });

  it('a missing or malformed file: one line, SEPKA_ERR_PROFILE, exit 2', () => {
    for (const [args, why] of [
      [['measure', '--protocol', join(dir, 'nope.json')], /cannot read .*nope\.json \(ENOENT\)/],
      [['estimate', '--protocol', join(dir, 'broken.json')], /broken\.json: not valid JSON/],
      [['alice', '--listen', '127.0.0.1:0', '--protocol', './broken.json'], /broken\.json: not valid JSON/],
    ] as const) {
      const r = sepka([...args], dir);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toContain('[SEPKA_ERR_PROFILE]');
    }
  });
});

describe('one malformed profile breaks only the commands that name it', () => {
  it('loadAllProfiles skips it with its reason; the others load; and nothing is thrown', () => {
    const url = pathToFileURL(dir + '/');
    expect(listProfiles(url)).toEqual(['broken', 'my-profile']);
    const { profiles, skipped } = loadAllProfiles(url);
    expect(profiles.map((p) => p.name)).toEqual(['my-profile']);
    expect(skipped.map((s) => s.name)).toEqual(['broken']);
    expect(skipped[0].reason).toMatch(/^protocols\/broken\.json: not valid JSON/);
  });

  it('a temp copy of protocols/ with a malformed file: every good profile loads, the toy one is still the control', () => {
    const copy = mkdtempSync(join(tmpdir(), 'sepka-protocols-'));
    try {
      const shipped = listProfiles();
      for (const name of shipped) writeFileSync(join(copy, `${name}.json`), JSON.stringify(loadProfile(name)));
      writeFileSync(join(copy, 'aaa-broken.json'), '{ "name": ');
      const url = pathToFileURL(copy + '/');
      const { profiles, skipped } = loadAllProfiles(url);
      expect(profiles.map((p) => p.name)).toEqual(shipped);
      expect(skipped).toHaveLength(1);
      expect(skipped[0].name).toBe('aaa-broken');
      expect(insecureProfile(url)).toBe('toy-insecure');
      expect(() => loadProfile('aaa-broken', url)).toThrow(/not valid JSON/);
      expect(loadProfile('demo-256', url).name).toBe('demo-256');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
