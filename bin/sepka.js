#!/usr/bin/env node
// The `sepka` bin: the compiled CLI (dist/, built by `npm run build`, which `npm ci` runs).
const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (e) {
  // A missing build is explained; any other failure happened while loading the CLI (which
  // reports its own errors once loaded).
  const unbuilt = e?.code === 'ERR_MODULE_NOT_FOUND' && e.url === main.href;
  const why = unbuilt ? 'not built (dist/ is missing): run npm run build' : `internal error: ${String(e?.message ?? e).split('\n')[0]}`;
  process.stderr.write(`sepka: ${why}\n`);
  process.exitCode = 1;
}
