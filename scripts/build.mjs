/**
 * `npm run build`, also run by `prepare` (so `npm ci` and `npm pack` build too): compiles src/
 * with tsc (tsconfig.build.json) into dist/, ES modules with .d.ts and source maps; copies
 * beside them the files the compiled code reads from its own directory (src/web/static/);
 * deletes what no source produces any more (tsc builds incrementally and never deletes); and
 * records the sources' code version (src/meta.ts) in dist/code-version.json.
 *
 * Plain Node, no TypeScript loader: it runs on a fresh install before anything is compiled.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** Copied as they are: read at run time from beside the compiled module (src/web/server.ts). */
const ASSETS = ['web/static'];

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compile = () => {
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    process.stderr.write('sepka build: tsc failed (its errors are above)\n');
    process.exit(1);
  }
};

/** Sources (relative to src/) whose compiled .js is not in dist/. */
function unbuilt(dir = SRC, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) unbuilt(p, out);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !existsSync(join(DIST, relative(SRC, p).replace(/\.ts$/, '.js')))) out.push(relative(SRC, p));
  }
  return out;
}

compile();
// An incremental build re-emits only what changed since its last run: a compiled file deleted
// since then stays missing, so then the cache goes and everything is compiled again.
if (unbuilt().length > 0) {
  rmSync(join(DIST, '.tsbuildinfo'), { force: true });
  compile();
}

/** The source a compiled file comes from: x.js, x.d.ts, x.js.map → x.ts. */
const sourceOf = (rel) => rel.replace(/(\.d\.ts|\.js\.map|\.js)$/, '.ts');

function prune(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const rel = relative(DIST, p);
    if (ASSETS.includes(rel)) continue; // replaced whole below
    if (e.isDirectory()) {
      prune(p);
      if (readdirSync(p).length === 0) rmSync(p, { recursive: true });
    } else if (/\.(d\.ts|js\.map|js)$/.test(e.name) && !existsSync(join(SRC, sourceOf(rel)))) {
      rmSync(p);
    }
  }
}
prune(DIST);

// Each asset directory and the stamp are replaced by a rename, so a process reading dist/ while
// a build runs (a test packing the package beside others) sees the old files or the new, never
// a directory half copied or a stamp half written.
for (const a of ASSETS) {
  const next = join(DIST, `${a}.${process.pid}.new`);
  const old = join(DIST, `${a}.${process.pid}.old`);
  cpSync(join(SRC, a), next, { recursive: true });
  if (existsSync(join(DIST, a))) renameSync(join(DIST, a), old);
  renameSync(next, join(DIST, a));
  rmSync(old, { recursive: true, force: true });
}

const { CODE_VERSION_FILE, treeVersion } = await import(pathToFileURL(join(DIST, 'meta.js')).href);
const stamp = join(DIST, `${CODE_VERSION_FILE}.${process.pid}.tmp`);
writeFileSync(stamp, JSON.stringify({ codeVersion: treeVersion(SRC) }) + '\n');
renameSync(stamp, join(DIST, CODE_VERSION_FILE));
