/**
 * A profile written to a temporary file, for process-level tests that pass it to
 * `sepka alice|bob --protocol FILE` (a path: docs/cli.md, "Running sepka").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProfile, type Profile } from '../../src/protocol/profile.ts';

export function profileFile(base: Profile, fields: Partial<Profile>): { path: string; profile: Profile } {
  const profile = validateProfile({ ...base, ...fields }, 'test profile');
  const path = join(mkdtempSync(join(tmpdir(), 'sepka-profile-')), `${profile.name}.json`);
  writeFileSync(path, JSON.stringify(profile));
  return { path, profile };
}
