/**
 * The small seeded sweep grids (and record comparison) the sweep tests share (test/measure.sweep.test.ts,
 * test/distributed.test.ts): trial budgets rather than wall-clock ones, so that the records do
 * not depend on the machine and a local and a distributed run can be compared exactly.
 */
import { join } from 'node:path';
import { DEFAULT_GRID, type Grid } from '../../src/measure/sweep/grid.ts';
import { stripTiming, type SweepRecord } from '../../src/measure/sweep/record.ts';
import { loadResults } from '../../src/measure/sweep/store.ts';
import { expectValid } from './schema.ts';

export const GRID: Grid = {
  ...DEFAULT_GRID,
  protocol: 'toy-insecure',
  n: [12, 16, 20],
  w: ['balanced'],
  eveBudgetMs: [60_000],
  eveBudgetTrials: 4000,
  sessions: [1],
  seed: ['7'],
  learnReps: 2,
  test: 500,
  learners: ['majority', 'pooled-gauss', 'bkw'],
  parts: ['learn', 'estimate'],
};

/** In-process sessions on the toy profile; Eve's budget 0 keeps her figures machine-independent. */
export const MEASURE_GRID: Grid = { ...GRID, n: [40, 48], eveBudgetMs: [0], eveBudgetTrials: null, sessions: [1], parts: ['measure'] };

/** Records sorted by id, timings stripped: comparable across worker counts and backends. */
export const byId = (recs: SweepRecord[]) => [...recs].sort((a, b) => a.id.localeCompare(b.id)).map(stripTiming);
/** The records of DIR/results.jsonl, each checked against schemas/results-record.schema.json, sorted, timings stripped. */
export const fileRecords = (dir: string) => {
  const recs = loadResults(join(dir, 'results.jsonl')).records;
  for (const r of recs) expectValid('results-record', r);
  return byId(recs);
};
