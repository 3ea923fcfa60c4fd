/**
 * `npm run bench`: runs the benchmark sections (scripts/bench/<name>.ts) and prints a
 * human-readable report, or with `--json` exactly one JSON object on stdout whose keys are the
 * section names (e.g. {"gf2": [...]}) and `meta`, the machine and code the timings come from
 * (src/meta.ts, as in every sepka --json object). `--only <name>[,<name>…]` runs a subset. Progress lines
 * go to stderr so that stdout stays clean.
 *
 * To add a section: write scripts/bench/<name>.ts default-exporting a BenchSection and add it
 * to SECTIONS below.
 */
import type { BenchSection } from './bench/section.ts';
import { runMeta } from '../src/meta.ts';
import gf2 from './bench/gf2.ts';
import protocol from './bench/protocol.ts';
import attacks from './bench/attacks.ts';
import reconcile from './bench/reconcile.ts';
import amplify from './bench/amplify.ts';
import kem from './bench/kem.ts';
import stages from './bench/stages.ts';
import floor from './bench/floor.ts';
import startup from './bench/startup.ts';
import smallbeta from './bench/smallbeta.ts';

const SECTIONS: readonly BenchSection[] = [gf2 as BenchSection, protocol as BenchSection, attacks as BenchSection, reconcile as BenchSection, amplify as BenchSection, startup as BenchSection, kem as BenchSection, stages as BenchSection, floor as BenchSection, smallbeta as BenchSection];

const USAGE = `usage: npm run bench -- [--json] [--only <section>[,<section>…]] [--quiet]
sections: ${SECTIONS.map((s) => s.name).join(', ')}`;

function parse(argv: string[]): { json: boolean; quiet: boolean; only: Set<string> | null } {
  let json = false;
  let quiet = false;
  let only: Set<string> | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--quiet') quiet = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? argv[++i] : a.slice('--only='.length);
      if (!v) usage('--only needs a section name');
      only = new Set(v.split(','));
      for (const name of only) if (!SECTIONS.some((s) => s.name === name)) usage(`unknown section '${name}'`);
    } else usage(`unknown option '${a}'`);
  }
  return { json, quiet, only };
}

function usage(msg: string): never {
  console.error(`bench: ${msg}\n${USAGE}`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { json, quiet, only } = parse(process.argv.slice(2));
  const startedAt = new Date();
  const progress = quiet || !process.stderr.isTTY ? () => {} : (line: string) => process.stderr.write(`${line}\n`);
  const result: Record<string, unknown[]> = {};
  const reports: string[] = [];
  for (const s of SECTIONS) {
    if (only && !only.has(s.name)) continue;
    const records = await s.run(progress);
    result[s.name] = records;
    reports.push(s.format(records));
  }
  // Timings depend on the machine: meta names it. Every section draws from seededRng('bench', …).
  if (json) process.stdout.write(`${JSON.stringify({ ...result, meta: runMeta({ startedAt, seed: 'bench' }) })}\n`);
  else {
    const head = `sepka bench — node ${process.version}, ${process.platform}/${process.arch}`;
    process.stdout.write(`${[head, ...reports].join('\n\n')}\n`);
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
