#!/usr/bin/env node
/**
 * The `sepka` command (DESIGN.md §6, the command-line contract): the process entry point. The
 * dispatcher itself is in dispatch.ts; this file runs it on the process arguments and sets the
 * exit code (0 success, 1 protocol failure, 2 bad usage or input).
 */
import { main } from './dispatch.ts';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`sepka: internal error: ${String(e?.message ?? e).split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
