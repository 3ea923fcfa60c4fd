/**
 * The code version a distributed job carries (issue #10, DESIGN.md §7): a hash of package.json's
 * version and every source file under src/, so two machines agree exactly when they run the
 * same code (a record depends on the code, not only on the spec). SEPKA_CODE_VERSION overrides
 * it (tests use it to start a worker "of another version").
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

function walk(dir: string, out: string[]): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js|wasm)$/.test(e.name)) out.push(p);
  }
}

export function codeVersion(): string {
  if (process.env.SEPKA_CODE_VERSION) return process.env.SEPKA_CODE_VERSION;
  if (cached) return cached;
  const src = fileURLToPath(new URL('..', import.meta.url));
  const files: string[] = [];
  walk(src, files);
  files.sort();
  const h = createHash('sha256');
  const pkg = JSON.parse(readFileSync(join(src, '..', 'package.json'), 'utf8')) as { version?: string };
  h.update(`sepka ${pkg.version ?? '?'}\n`);
  for (const f of files) {
    h.update(relative(src, f) + '\n');
    h.update(readFileSync(f));
  }
  cached = `${pkg.version ?? '0'}+${h.digest('hex').slice(0, 12)}`;
  return cached;
}
