#!/usr/bin/env node
/**
 * The `sepka` command (DESIGN.md §6, the command-line contract): the process entry point. The
 * dispatcher itself is in dispatch.ts; this file runs it on the process arguments and sets the
 * exit code (0 success, 1 protocol failure, 2 bad usage or input).
 *
 * A reader that closes early (`sepka estimate --json | head -c 100`, `sepka --version | true`)
 * turns our next write into EPIPE, which Node emits as an 'error' event on the stream and,
 * unhandled, prints as a stack trace. The reader has taken what it wanted, so the program ends
 * quietly with exit 0, as Unix tools do on SIGPIPE. Handled here once, for every command; a
 * demo's children notice the closed heartbeat pipe and end themselves (demo/heartbeat.ts).
 */
import { main } from './dispatch.ts';

function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e; // anything else stays the unexpected failure it is
  });
}
quietOnBrokenPipe(process.stdout);
quietOnBrokenPipe(process.stderr);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`sepka: internal error: ${String(e?.message ?? e).split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
