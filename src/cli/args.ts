/**
 * Argument parsing shared by every subcommand, on node:util parseArgs. Bad usage becomes a
 * SepkaError('SEPKA_ERR_USAGE') that main.ts prints as one line and exits 2 (DESIGN.md §6).
 */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { SepkaError } from '../errors.ts';
import type { RunMeta } from '../meta.ts';
import { didYouMean } from '../suggest.ts';
import { safeJson } from '../text.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface RunContext {
  startedAt: Date;
}

export interface Command {
  /** Its name, as typed after `sepka` (set by the dispatcher). */
  name?: string;
  /** One-line summary for `sepka --help`. */
  summary: string;
  /** Full usage text for `sepka CMD --help`. */
  usage: string;
  options: Options;
  /** Positional arguments the command takes (default none: a stray word is a mistake). */
  positionals?: { min: number; max: number; name: string };
  /** Runs the command; resolves to the process exit code. `run.startedAt`: when the command started (its --json `meta`). */
  run(values: Record<string, string | boolean | undefined>, positionals: string[], run: RunContext): Promise<number>;
}

/** Every option a command takes, as typed: --long (and -s for short forms). */
function optionNames(cmd: Command): string[] {
  const long = [...Object.keys(cmd.options), 'help', 'version'].map((k) => `--${k}`);
  const short = Object.values(cmd.options).flatMap((o) => (o.short ? [`-${o.short}`] : []));
  return [...long, ...short];
}

export function parse(cmd: Command, argv: string[]): { values: Record<string, string | boolean | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      // Only a command that declares positionals takes them: a stray word is a mistake, not ignored.
      allowPositionals: cmd.positionals !== undefined,
      strict: true,
    });
    const pos = cmd.positionals;
    if (pos && !values.help && !values.version && (positionals.length < pos.min || positionals.length > pos.max)) {
      throw new SepkaError('SEPKA_ERR_USAGE', positionals.length < pos.min ? `${pos.name} is required` : `unexpected argument '${positionals[pos.max]}'`);
    }
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (e) {
    if (e instanceof SepkaError) throw e;
    const first = (e as Error).message.split('\n')[0];
    // parseArgs reads `--sessions -1` as a missing value followed by an option.
    let hint = /argument is ambiguous/.test(first) ? ' (a value starting with "-" is written --option=-value)' : '';
    const unknown = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(--?[^'=]+)/.exec(first) : null;
    if (unknown) hint = didYouMean(unknown[1], optionNames(cmd)) || ` (sepka ${cmd.name ?? '<command>'} --help lists the options)`;
    throw new SepkaError('SEPKA_ERR_USAGE', first + hint);
  }
}

function usageError(msg: string): never {
  throw new SepkaError('SEPKA_ERR_USAGE', msg);
}

/** Integer option in [min, max]; `def` when absent. */
export function intOpt(v: unknown, name: string, def: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return def;
  const s = String(v);
  if (!/^-?\d+$/.test(s)) usageError(`--${name} must be an integer, got '${s}'`);
  const x = Number(s);
  if (x < min || x > max) usageError(`--${name} must be in [${min}, ${max}], got ${x}`);
  return x;
}

/** Real option in [min, max]; `def` when absent. */
export function numOpt(v: unknown, name: string, def: number | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (v === undefined) return def;
  const s = String(v);
  const x = Number(s);
  if (s.trim() === '' || !Number.isFinite(x)) usageError(`--${name} must be a number, got '${s}'`);
  if (x < min || x > max) usageError(`--${name} must be in [${min}, ${max}], got ${x}`);
  return x;
}

/** Comma list of integers, e.g. "24,32,48". */
export function intListOpt(v: unknown, name: string): number[] | undefined {
  if (v === undefined) return undefined;
  return String(v)
    .split(',')
    .map((t) => intOpt(t.trim(), name, 0));
}

/** Comma list of names, each checked against `allowed` when given. */
export function listOpt(v: unknown, name: string, allowed?: readonly string[]): string[] | undefined {
  if (v === undefined) return undefined;
  const xs = String(v).split(',').map((t) => t.trim()).filter((t) => t !== '');
  if (xs.length === 0) usageError(`--${name} is empty`);
  if (allowed) for (const x of xs) if (!allowed.includes(x)) usageError(`--${name}: unknown '${x}'${didYouMean(x, allowed)} (known: ${allowed.join(', ')})`);
  return xs;
}

/**
 * Print exactly one JSON object on stdout (the --json contract), with the run's provenance as
 * its `meta` field (src/meta.ts `runMeta`; schemas/<command>.schema.json describe each object).
 */
export function printJson(obj: object, meta: RunMeta): void {
  // The object may quote the user's arguments (a profile path, a seed) and, escaped already, peers.
  process.stdout.write(safeJson({ ...obj, meta }) + '\n');
}

/** --seed S: undefined when absent; an empty seed is a usage error (it would look unseeded). */
export function seedOpt(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (s.trim() === '') usageError('--seed must not be empty');
  return s;
}

/** The simulation warning every seeded run prints (on stderr, so --json stdout stays clean). */
export function warnIfSeeded(seed: unknown): void {
  if (seed !== undefined) process.stderr.write('sepka: seeded run: this is a reproducible simulation, NOT secure.\n');
}
