/**
 * The provenance object every --json output and sweep record carries (src/meta.ts): its fields say the truth about this process, and the commit is read from .git the
 * way git itself resolves it (a plain repository with loose refs, a fresh clone with
 * packed-refs, a worktree, a detached HEAD), and is null outside a checkout.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitOf, gitCommit, runMeta } from '../src/meta.ts';
import { loadProfile, paramsHash } from '../src/protocol/profile.ts';
import { tmpDirs } from './helpers/tmp.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();

describe('runMeta', () => {
  it('names the package, the Node version, the platform, the CPU, the start time, the seed and the profile hash', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const t = new Date('2026-01-02T03:04:05.678Z');
    const profile = loadProfile('demo-256');
    const m = runMeta({ startedAt: t, seed: '42', paramsHash: paramsHash(profile) });
    expect(m.sepka).toBe(version);
    expect(m.codeVersion.startsWith(`${version}+`) || m.codeVersion === process.env.SEPKA_CODE_VERSION).toBe(true);
    expect(m.node).toBe(process.version);
    expect([m.platform, m.arch]).toEqual([process.platform, process.arch]);
    expect(m.cpu.cores).toBe(cpus().length);
    expect(m.cpu.model).toBe(cpus()[0].model.trim());
    expect(m.startedAt).toBe('2026-01-02T03:04:05.678Z');
    expect([m.seed, m.rng]).toEqual(['42', 'seeded']);
    expect(m.paramsHash).toBe(Buffer.from(paramsHash(profile)).toString('hex'));
    expect(m.paramsHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('says "unseeded" with a null seed, "none" for a deterministic command, null without a profile', () => {
    const t = new Date();
    expect(runMeta({ startedAt: t })).toMatchObject({ seed: null, rng: 'unseeded', paramsHash: null });
    expect(runMeta({ startedAt: t, seed: null })).toMatchObject({ seed: null, rng: 'unseeded' });
    expect(runMeta({ startedAt: t, random: false })).toMatchObject({ seed: null, rng: 'none' });
  });
});

describe('the git commit', () => {
  const tmp = tmpDirs('sepka-meta-');

  it("is this checkout's HEAD", () => {
    expect(gitCommit()).toBe(git(ROOT, 'rev-parse', 'HEAD'));
  });

  it('is read from loose refs, packed-refs (a fresh clone), a worktree and a detached HEAD; null outside git', () => {
    const repo = tmp();
    git(repo, 'init', '-q');
    writeFileSync(join(repo, 'a.txt'), 'one\n');
    git(repo, 'add', 'a.txt');
    git(repo, 'commit', '-q', '-m', 'one');
    writeFileSync(join(repo, 'a.txt'), 'two\n');
    git(repo, 'commit', '-q', '-am', 'two');
    const head = git(repo, 'rev-parse', 'HEAD');
    expect(commitOf(repo)).toBe(head);

    const clone = join(tmp(), 'clone');
    git(repo, 'clone', '-q', repo, clone);
    expect(commitOf(clone)).toBe(head);
    git(clone, 'pack-refs', '--all'); // what `git gc` does: the branch then lives only in packed-refs
    expect(existsSync(join(clone, '.git', 'refs', 'heads', 'main'))).toBe(false);
    expect(commitOf(clone)).toBe(head);

    const wt = join(tmp(), 'wt');
    git(repo, 'worktree', 'add', '-q', '-b', 'side', wt, 'HEAD~1');
    expect(readFileSync(join(wt, '.git'), 'utf8')).toMatch(/^gitdir: /); // .git is a file here
    expect(commitOf(wt)).toBe(git(repo, 'rev-parse', 'HEAD~1'));

    git(clone, 'checkout', '-q', '--detach', 'HEAD~1');
    expect(commitOf(clone)).toBe(git(repo, 'rev-parse', 'HEAD~1'));

    expect(commitOf(tmp())).toBeNull();
    // A .git that says nothing usable: the git fallback, which also finds no repository.
    const broken = tmp();
    writeFileSync(join(broken, '.git'), 'not a gitdir line\n');
    expect(commitOf(broken)).toBeNull();
  });
});
