/**
 * A stale build is named (src/meta.ts staleBuildWarning, printed by src/cli/main.ts): compiled
 * code in a checkout whose src/ changed since `npm run build` warns on stderr, once, and keeps
 * stdout as it is; a build of these very sources, a touched but unchanged source, or a tree
 * with no sources beside it (an installed package) stays silent.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CODE_VERSION_FILE, staleBuildWarning, treeVersion } from '../src/meta.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'sepka-stale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A checkout in miniature: src/ with one module, dist/ stamped with `version`. */
function checkout(name: string, version: (src: string) => string): { dist: string; src: string } {
  const src = join(tmp, name, 'src');
  const dist = join(tmp, name, 'dist');
  mkdirSync(src, { recursive: true });
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(src, 'a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dist, CODE_VERSION_FILE), JSON.stringify({ codeVersion: version(src) }));
  return { dist, src };
}

const later = (file: string) => utimesSync(file, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));

describe('staleBuildWarning', () => {
  it('is silent for a build of these sources, and for a touched source whose content is the same', () => {
    const t = checkout('fresh', treeVersion);
    expect(staleBuildWarning(t.dist, t.src)).toBe(null);
    later(join(t.src, 'a.ts')); // newer than the stamp: hashed, and found the same
    expect(staleBuildWarning(t.dist, t.src)).toBe(null);
  });

  it('warns once a source changed after the build, in one line within 100 columns', () => {
    const t = checkout('edited', treeVersion);
    writeFileSync(join(t.src, 'a.ts'), 'export const a = 2;\n');
    later(join(t.src, 'a.ts'));
    const w = staleBuildWarning(t.dist, t.src);
    expect(w).toMatch(/^sepka: warning: .*npm run build$/);
    expect(w!.length).toBeLessThanOrEqual(100);
  });

  it('is silent with no sources beside the build (an installed package) or no stamp', () => {
    const t = checkout('installed', () => 'other');
    rmSync(t.src, { recursive: true });
    expect(staleBuildWarning(t.dist, t.src)).toBe(null);
    const u = checkout('unstamped', () => 'other');
    rmSync(join(u.dist, CODE_VERSION_FILE));
    expect(staleBuildWarning(u.dist, u.src)).toBe(null);
  });
});

describe.skipIf(!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))('the compiled CLI', () => {
  it('prints the warning on stderr beside sources that differ, and --json stdout stays one object', () => {
    // This checkout's dist/ beside a src/ of other content: a stale build by construction.
    const root = join(tmp, 'compiled');
    mkdirSync(root);
    cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(root, 'package.json'));
    cpSync(join(ROOT, 'protocols'), join(root, 'protocols'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 3;\n');
    later(join(root, 'src', 'a.ts'));
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    delete env.SEPKA_CHILD;
    const run = () => spawnSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'estimate', '--protocol', 'toy-insecure', '--json'], { encoding: 'utf8', env });
    const stale = run();
    expect(stale.status, stale.stderr).toBe(0);
    expect(stale.stderr).toMatch(/^sepka: warning: .*npm run build\n$/);
    expect(JSON.parse(stale.stdout)).toHaveProperty('meta');
    // Rebuilt in effect: the stamp now names these sources, and nothing is said.
    writeFileSync(join(root, 'dist', CODE_VERSION_FILE), JSON.stringify({ codeVersion: treeVersion(join(root, 'src')) }));
    const fresh = run();
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stderr).toBe('');
  });
});
