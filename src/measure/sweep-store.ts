/**
 * results.jsonl, the sweep's durable state (issue #5): one SweepRecord per line, appended as
 * each point finishes, so a sweep killed at any moment loses at most the points in flight.
 *
 * A kill can also cut the last line short. Loading therefore keeps only complete, parsable
 * lines, and `openForResume` rewrites the file without a torn tail before appending, so the
 * next record never lands glued to a fragment.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SweepRecord } from './sweep-record.ts';

export interface Loaded {
  records: SweepRecord[];
  /** Lines that could not be parsed (a torn last line after a kill). */
  dropped: number;
}

export function loadResults(path: string): Loaded {
  if (!existsSync(path)) return { records: [], dropped: 0 };
  const text = readFileSync(path, 'utf8');
  const records: SweepRecord[] = [];
  let dropped = 0;
  const lines = text.split('\n');
  // The part after the last '\n' was never terminated: a torn write unless it is empty.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const complete = i < lines.length - 1;
    let rec: SweepRecord | undefined;
    if (complete) {
      try {
        rec = JSON.parse(line) as SweepRecord;
      } catch {
        rec = undefined;
      }
    }
    if (rec && typeof rec.id === 'string') records.push(rec);
    else dropped++;
  }
  return { records, dropped };
}

/** Start a fresh results file. */
export function openFresh(path: string): void {
  writeFileSync(path, '');
}

/** Keep the complete records of an existing file (dropping a torn tail) and return them. */
export function openForResume(path: string): Loaded {
  const loaded = loadResults(path);
  if (loaded.dropped > 0 || !existsSync(path)) {
    writeFileSync(path, loaded.records.map((r) => JSON.stringify(r) + '\n').join(''));
  }
  return loaded;
}

/** Append one record as one line, in a single write. */
export function appendRecord(path: string, rec: SweepRecord): void {
  appendFileSync(path, JSON.stringify(rec) + '\n');
}
