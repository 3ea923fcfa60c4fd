/**
 * Provenance of a run: which code, which machine, when, which randomness
 * and which parameters produced a figure. Every `--json` object of every command and every
 * sweep record (results.jsonl) carries one `meta` object, built here and nowhere else; its
 * schema is schemas/common.schema.json#/$defs/meta.
 *
 * The code is named three ways, because each answers a different question:
 *   sepka        package.json's version;
 *   commit       the checkout's HEAD, read from .git without spawning git (a worktree's .git
 *                file, loose refs, packed-refs); null when sepka is not a git checkout (a
 *                tarball, a copy). `git rev-parse HEAD` is the fallback only where .git
 *                exists but cannot be read that way (e.g. a reftable repository);
 *   codeVersion  package version + a hash of every source file under src/: it changes with
 *                uncommitted edits, which the commit cannot show, and it is what distributed
 *                jobs carry, so a worker of other code refuses them (DESIGN.md §7). Compiled
 *                code (dist/) carries the value of the sources it was built from, written by
 *                the build (scripts/build.mjs) into dist/code-version.json, so a compiled and a
 *                source run of the same code agree, and a stale build does not.
 * SEPKA_CODE_VERSION overrides codeVersion (tests use it to start a worker "of another version").
 *
 * A ground-layer module: it reads files and the OS, and takes the profile's parameter hash as
 * bytes from the caller (src/protocol/profile.ts `paramsHash`), so it imports nothing of sepka
 * but the ground-layer runtime.ts (which tree it runs from).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED } from './runtime.ts';

/** The file of dist/ that records the code version of the sources it was compiled from. */
export const CODE_VERSION_FILE = 'code-version.json';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const ROOT = resolve(SRC, '..');

export interface RunMeta {
  /** package.json's version. */
  sepka: string;
  /** HEAD of the checkout (hex object id); null when sepka is not a git checkout. */
  commit: string | null;
  /** package version + the first 12 hex digits of SHA-256 over src/ (changes with uncommitted edits). */
  codeVersion: string;
  /** process.version, e.g. "v20.19.0". */
  node: string;
  /** process.platform and process.arch. */
  platform: string;
  arch: string;
  /** The first logical CPU's model name, and the number of logical CPUs. */
  cpu: { model: string; cores: number };
  /** When the command (or the sweep point) started, ISO 8601 in UTC. */
  startedAt: string;
  /** The seed the run used; null for an unseeded run (node:crypto randomness). */
  seed: string | null;
  /** "seeded" (a reproducible simulation, NOT secure), "unseeded" (node:crypto), or "none" (a deterministic command: estimate). */
  rng: 'seeded' | 'unseeded' | 'none';
  /** Hex SHA-256 parameter hash of the profile (the one peers compare at hello); null when the run has no single profile. */
  paramsHash: string | null;
}

let cachedPkg: string | undefined;
let cachedCommit: string | null | undefined;
let cachedCode: string | undefined;

/** package.json's version. */
export function packageVersion(): string {
  cachedPkg ??= (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  return cachedPkg;
}

const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** HEAD's object id from the files under .git, or undefined when they do not say it plainly. */
function readHead(root: string): string | null | undefined {
  const dotGit = join(root, '.git');
  if (!existsSync(dotGit)) return null; // not a git checkout (sepka's own root only: never a parent repository)
  let gitDir = dotGit;
  if (statSync(dotGit).isFile()) {
    // A worktree or submodule: ".git" is a file "gitdir: PATH".
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!m) return undefined;
    gitDir = resolve(root, m[1].trim());
  }
  const commonFile = join(gitDir, 'commondir');
  const common = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
  const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  if (OBJECT_ID.test(head)) return head; // detached HEAD
  const ref = /^ref:\s*(refs\/\S+)$/.exec(head)?.[1];
  if (!ref) return undefined;
  for (const dir of [gitDir, common]) {
    const p = join(dir, ref);
    if (existsSync(p)) {
      const id = readFileSync(p, 'utf8').trim();
      return OBJECT_ID.test(id) ? id : undefined;
    }
  }
  // A fresh clone keeps its refs in packed-refs: "<id> <ref>" lines.
  const packed = join(common, 'packed-refs');
  if (existsSync(packed)) {
    for (const line of readFileSync(packed, 'utf8').split('\n')) {
      const [id, name] = line.trim().split(' ');
      if (name === ref && OBJECT_ID.test(id)) return id;
    }
  }
  return undefined;
}

/** HEAD's commit of the checkout at `root`, or null when `root` is not a git checkout (see the module header). */
export function commitOf(root: string): string | null {
  let id: string | null | undefined;
  try {
    id = readHead(root);
  } catch {
    id = undefined;
  }
  if (id !== undefined) return id;
  try {
    const out = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return OBJECT_ID.test(out) ? out : null;
  } catch {
    return null; // no git, or not a repository after all
  }
}

/** sepka's own commit (cached: HEAD does not move under a running command). */
export function gitCommit(): string | null {
  if (cachedCommit === undefined) cachedCommit = commitOf(ROOT);
  return cachedCommit;
}

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js|wasm)$/.test(e.name)) out.push(p);
  }
}

/** The package version + a hash of the source tree `dir` (paths and contents). */
export function treeVersion(dir: string): string {
  const files: string[] = [];
  walk(dir, files);
  files.sort();
  const h = createHash('sha256');
  h.update(`sepka ${packageVersion()}\n`);
  for (const f of files) {
    h.update(relative(dir, f) + '\n');
    h.update(readFileSync(f));
  }
  return `${packageVersion()}+${h.digest('hex').slice(0, 12)}`;
}

/** The code version the build recorded in dist/, if this is a build that recorded one. */
function builtVersion(): string | undefined {
  if (!COMPILED) return undefined;
  try {
    const v = (JSON.parse(readFileSync(join(SRC, CODE_VERSION_FILE), 'utf8')) as { codeVersion?: unknown }).codeVersion;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined; // compiled without the build script: the compiled tree's own hash below
  }
}

/** The code version distributed jobs carry: the package version + a hash of src/ (paths and contents). */
export function codeVersion(): string {
  if (process.env.SEPKA_CODE_VERSION) return process.env.SEPKA_CODE_VERSION;
  cachedCode ??= builtVersion() ?? treeVersion(SRC);
  return cachedCode;
}

/**
 * The `meta` object of one run. `seed`: the seed the run used, undefined/null when unseeded;
 * `random: false` for a command that draws no randomness at all; `paramsHash`: the profile's
 * parameter hash, absent when the run has no single profile (`learn` takes task parameters, a
 * sweep summary spans many profiles).
 */
export function runMeta(o: { startedAt: Date; seed?: string | null; random?: false; paramsHash?: Uint8Array | null }): RunMeta {
  const cpu = cpus();
  const seed = o.seed ?? null;
  return {
    sepka: packageVersion(),
    commit: gitCommit(),
    codeVersion: codeVersion(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpu: { model: cpu[0]?.model.trim() || 'unknown', cores: cpu.length },
    startedAt: o.startedAt.toISOString(),
    seed,
    rng: o.random === false ? 'none' : seed === null ? 'unseeded' : 'seeded',
    paramsHash: o.paramsHash ? Buffer.from(o.paramsHash).toString('hex') : null,
  };
}
