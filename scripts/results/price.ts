/**
 * The recorded runs and generated blocks of docs/price.md (registered in scripts/results/registry.ts and blocks.ts):
 * bytes on the wire of a paper-128 session (`sepka measure --json`, its `wire` figures), and the
 * bench sections kem, floor and stages (`npm run bench -- --only NAME --json`), each rendered by
 * the formatter that prints it, so the page shows what the command printed.
 */
import { formatKem, type KemRecord } from '../bench/kem.ts';
import { formatFloor, type FloorRecord } from '../bench/floor.ts';
import { formatStages, type StagesRecord } from '../bench/stages.ts';
import { wireLines, type WireSummary } from '../../src/protocol/wire.ts';
import type { Block, Recorded, Run } from './types.ts';

const DIR = 'docs/results';

export const PRICE_RUNS: Run[] = [
  {
    name: 'measure-paper-128-wire',
    profile: 'paper-128',
    argv: ['measure', '--protocol', 'paper-128', '--sessions', '2', '--seed', '1', '--eve-budget-ms', '0', '--json'],
    kind: 'json',
    file: `${DIR}/measure-paper-128-wire.json`,
  },
  ...(['kem', 'floor', 'stages'] as const).map((s): Run => ({ name: `bench-${s}`, profile: null, argv: ['--only', s, '--json'], kind: 'bench', file: `${DIR}/bench-${s}.json` })),
];

/** What the blocks need from the registry (passed in: registry.ts and blocks.ts import this module). */
export interface Helpers {
  loadRun(name: string): Recorded;
  machine(rec: Recorded): string;
  fence(text: string): string;
}

export function priceBlocks(h: Helpers): Block[] {
  const recorded = (rec: Recorded) => `(Recorded in ${rec.run.file} on ${h.machine(rec)}.)`;
  const bench = (section: string, format: (rs: never[]) => string): Block => ({
    name: `price-${section}`,
    runs: [`bench-${section}`],
    render() {
      const rec = h.loadRun(`bench-${section}`);
      return [h.fence(`$ npm run bench -- --only ${section}\n${format(rec.data[section] as never[])}`), '', recorded(rec)].join('\n');
    },
  });
  return [
    {
      name: 'price-wire',
      runs: ['measure-paper-128-wire'],
      render() {
        const rec = h.loadRun('measure-paper-128-wire');
        const w = rec.data.wire as WireSummary & { sessions: number };
        return [h.fence(`$ sepka measure --protocol paper-128 --sessions 2 --seed 1 --eve-budget-ms 0\n…\n${wireLines(w, w.sessions).join('\n')}\n…`), '', recorded(rec)].join('\n');
      },
    },
    bench('kem', formatKem as (rs: KemRecord[]) => string),
    bench('floor', formatFloor as (rs: FloorRecord[]) => string),
    bench('stages', formatStages as (rs: StagesRecord[]) => string),
  ];
}
