/**
 * The `sepka` dispatcher (DESIGN.md §6, the command-line contract): picks the subcommand, parses
 * its options, runs it, and turns every error into one line on stderr and an exit code —
 * 0 success, 1 protocol failure, 2 bad usage or input — never a stack trace. Subcommands live
 * one per file and are loaded lazily, so `sepka learn` does not pay for the WebSocket stack.
 *
 * Kept apart from the entry point (main.ts) so that tests can call `main(argv)` in-process.
 */
import { isSepkaError } from '../errors.ts';
import { safeText } from '../text.ts';
import { Command, parse } from './args.ts';
import { didYouMean } from '../suggest.ts';
import { reflowHelp } from '../term.ts';

const COMMANDS: Record<string, () => Promise<Command>> = {
  demo: async () => (await import('./demo.ts')).default,
  alice: async () => (await import('./roles.ts')).alice,
  bob: async () => (await import('./roles.ts')).bob,
  eve: async () => (await import('./roles.ts')).eve,
  learn: async () => (await import('./learn.ts')).default,
  measure: async () => (await import('./measure.ts')).default,
  sweep: async () => (await import('./sweep.ts')).default,
  report: async () => (await import('./report.ts')).default,
  estimate: async () => (await import('./estimate.ts')).default,
  attack: async () => (await import('./attack.ts')).default,
  worker: async () => (await import('./worker.ts')).default,
};

const SUMMARIES: Record<string, string> = {
  demo: 'run alice, eve and bob as three processes and summarise the session',
  alice: 'run Alice (listens for Bob)',
  bob: 'run Bob (connects to Alice or to Eve)',
  eve: 'run Eve as a forwarding tap between Bob and Alice',
  learn: 'the learning experiment: A_μ against the unimodal learners',
  measure: 'run K in-process sessions and report agreement, key and Eve figures',
  sweep: 'grid over parameters; writes JSON, CSV, SVG plots and an HTML report',
  report: "rebuild a sweep's report from its results.jsonl, without recomputing",
  estimate: 'attack cost estimates for a protocol profile',
  attack: 'offline attack on a recorded transcript (LPN: a campaign cut into jobs)',
  worker: 'run sweep and attack jobs from a BullMQ queue (Redis)',
};

function topUsage(): string {
  const rows = Object.keys(COMMANDS).map((c) => `  ${c.padEnd(9)} ${SUMMARIES[c]}`);
  return [
    'usage: sepka <command> [options]   (sepka help <command> for details; sepka --version)',
    '',
    ...rows,
    '',
    'exit codes: 0 success, 1 protocol failure, 2 bad usage or input',
  ].join('\n');
}

/** A usage error before any command runs: one line, exit 2. */
function unknown(msg: string): number {
  process.stderr.write(`sepka: ${safeText(msg)}\n`); // it quotes the argument
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  const startedAt = new Date();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write((await import('./version.ts')).versionLine() + '\n');
    return 0;
  }
  if (name === 'help' && rest.length > 0 && rest[0] !== 'help') {
    // `sepka help CMD` is `sepka CMD --help`.
    if (rest.length > 1) return unknown(`sepka help takes one command, got ${rest.length}`);
    if (!Object.hasOwn(COMMANDS, rest[0])) return unknown(`unknown command '${rest[0]}'${didYouMean(rest[0], Object.keys(COMMANDS)) || ' (try sepka --help)'}`);
    return main([rest[0], '--help']);
  }
  if (name === undefined) {
    // No command is a usage error: the usage goes where errors go, and the exit is 2.
    process.stderr.write(topUsage() + '\n');
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(topUsage() + '\n'); // asked for: the answer, on stdout
    return 0;
  }
  // An own-property lookup: `sepka constructor` is not a command inherited from Object.
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) return unknown(`unknown command '${name}'${didYouMean(name, [...Object.keys(COMMANDS), 'help']) || ' (try sepka --help)'}`);
  const cmd = { ...(await load()), name };
  try {
    const { values, positionals } = parse(cmd, rest);
    if (values.help) {
      process.stdout.write(reflowHelp(cmd.usage.trimEnd()) + '\n');
      return 0;
    }
    if (values.version) {
      process.stdout.write((await import('./version.ts')).versionLine() + '\n');
      return 0;
    }
    return await cmd.run(values, positionals, { startedAt });
  } catch (e) {
    if (isSepkaError(e)) {
      // Messages quote arguments, files and peers; modules escape what they quote, and this
      // last pass makes sure nothing on the line can act on the terminal.
      process.stderr.write(`sepka ${name}: ${safeText(e.message)} [${e.code}]\n`);
      return e.code === 'SEPKA_ERR_USAGE' || e.code === 'SEPKA_ERR_PROFILE' ? 2 : 1;
    }
    // An unexpected failure is still reported on one line; SEPKA_DEBUG=1 shows the stack.
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sepka ${name}: internal error: ${safeText(msg.split('\n')[0])}\n`);
    if (process.env.SEPKA_DEBUG) console.error(e);
    return 1;
  }
}
