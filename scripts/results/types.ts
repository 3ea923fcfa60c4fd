/**
 * The shapes shared by the results registry (registry.ts), its renderers (blocks.ts, price.ts)
 * and the re-runner: a recorded run, what loading it gives, and a generated block.
 */
import type { RunMeta } from '../../src/meta.ts';

/** One recorded run: the command, where its output lives, and the profile docs say it is about. */
export interface Run {
  name: string;
  /** The profile (by its current name) the figures are about; null when the run spans several. */
  profile: string | null;
  /** sepka's arguments (run as `npx tsx src/cli/main.ts …`). */
  argv: string[];
  /** 'json': stdout is the command's --json object. 'text': stdout is human output, stored with
   * a meta the recorder builds. 'sweep': argv writes a sweep directory (`file` is that directory).
   * 'bench': argv are `npm run bench`'s (scripts/bench.ts), stdout its --json object; it times
   * the compiled code, which the recorder builds first. */
  kind: 'json' | 'text' | 'sweep' | 'bench';
  file: string;
  /** Re-run only when named explicitly (`--rerun NAME`): minutes, not seconds. */
  long?: boolean;
}

/** What the recorder saw around one run (docs/results/runs.json). */
export interface RunNote {
  command: string;
  wallMs: number;
  /** 1-minute load average when the run started and when it ended. */
  loadAvg: [number, number];
}

export interface Recorded {
  run: Run;
  meta: RunMeta;
  /** The --json object (kind json), the text and meta wrapper (kind text). */
  data: Record<string, unknown>;
  /** A sweep's records (kind sweep). */
  records?: Record<string, unknown>[];
  note?: RunNote;
}

export interface Block {
  name: string;
  runs: string[];
  render(): string;
}
