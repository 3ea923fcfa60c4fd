/**
 * A profile written to a temporary file, for process-level tests that pass it to
 * `sepka alice|bob --protocol FILE` (a path: docs/cli.md, "Running sepka"); and, for the tests
 * of refused profile files, the commands that take --protocol FILE, a directory of such files,
 * and the one line every command must end with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { isSafeText } from '../../src/text.ts';
import { validateProfile, type Profile } from '../../src/protocol/profile.ts';

export function profileFile(base: Profile, fields: Partial<Profile>): { path: string; profile: Profile } {
  const profile = validateProfile({ ...base, ...fields }, 'test profile');
  const path = join(mkdtempSync(join(tmpdir(), 'sepka-profile-')), `${profile.name}.json`);
  writeFileSync(path, JSON.stringify(profile));
  return { path, profile };
}

/** Every command that takes --protocol FILE, with the other arguments it needs to start. */
export const PROFILE_COMMANDS: string[][] = [
  ['estimate'],
  ['measure', '--sessions', '1'],
  ['demo', '--seed', '1'],
  ['alice', '--listen', '127.0.0.1:0'],
  ['bob', '--connect', 'ws://127.0.0.1:1'],
  ['eve', '--listen', '127.0.0.1:0', '--forward', 'ws://127.0.0.1:1'],
  ['sweep', '--out', '/tmp/sepka-never-written', '--parts', 'estimate', '--no-controls'],
];

/**
 * A temporary directory holding these [file name, text] files, written before the file's tests
 * and removed after them; the path is `dir()` once they run.
 */
export function profileFilesDir(prefix: string, files: () => Array<[string, string]>): () => string {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    for (const [name, text] of files()) writeFileSync(join(dir, name), text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** A refused profile: exit 2, nothing on stdout, one safe line on stderr saying `why`. */
export function expectOneProfileLine(r: { code: number; out: string; err: string }, why: RegExp, what: string, maxChars: number): void {
  expect([r.code, r.out], `${what}: ${r.err}`).toEqual([2, '']);
  const lines = r.err.trimEnd().split('\n');
  expect(lines, what).toHaveLength(1);
  expect(lines[0], what).toMatch(why);
  expect(lines[0], what).toMatch(/ \[SEPKA_ERR_PROFILE\]$/);
  expect(isSafeText(lines[0]), what).toBe(true);
  expect(lines[0].length, what).toBeLessThan(maxChars);
}
