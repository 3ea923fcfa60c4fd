/**
 * results.jsonl, the sweep's durable state: one SweepRecord per line, appended as
 * each point finishes, so a sweep killed at any moment loses at most the points in flight.
 *
 * A kill can also cut the last line short. Loading therefore drops an unterminated last line,
 * and `openForResume` rewrites the file without that torn tail before appending, so the next
 * record never lands glued to a fragment. Any other line that is not a record of this version
 * is an error (exit 2) rather than silently dropped: resuming would otherwise rewrite the file
 * without it, destroying data the user may want (a hand-edited file, another version's sweep).
 *
 * The file is read only if it is a regular file within RESULTS_MAX_BYTES, a line at a time
 * (files.ts), so a FIFO or a huge file in its place is refused with one line.
 *
 * File-system failures on the output directory (not creatable, not a directory, not writable)
 * are usage errors with one line naming the path, not internal errors.
 */
import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SepkaError } from '../../errors.ts';
import { readLinesBounded, replaceRegular, writeRegular } from '../../files.ts';
import { safeText } from '../../text.ts';
import { RECORD_VERSION, type SweepRecord } from './record.ts';

export interface Loaded {
  records: SweepRecord[];
  /** Lines dropped: at most one, a torn (unterminated) last line after a kill. */
  dropped: number;
}

const fsError = (what: string, path: string, e: unknown): SepkaError =>
  new SepkaError('SEPKA_ERR_USAGE', `${what} ${path}: ${(e as { code?: string }).code ?? (e as Error).message}`);

/** Why a parsed line is not a sweep record of this version, or null when it is one. */
function notARecord(x: unknown): string | null {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return 'not a JSON object';
  const r = x as Partial<SweepRecord>;
  if (r.v !== RECORD_VERSION) return `record version ${JSON.stringify(r.v)}, this sepka writes ${RECORD_VERSION}`;
  if (typeof r.id !== 'string' || typeof r.spec !== 'object' || r.spec === null || typeof r.params !== 'object' || r.params === null) {
    return 'missing id, spec or params';
  }
  return null;
}

/**
 * Bounds on a results file: a record is a few kilobytes, so these leave room for sweeps of
 * tens of thousands of points while a wrong or hostile path cannot exhaust memory.
 */
export const RESULTS_MAX_BYTES = 2 ** 28;
export const RECORD_MAX_BYTES = 2 ** 22;

export function loadResults(path: string): Loaded {
  if (!existsSync(path)) return { records: [], dropped: 0 };
  const records: SweepRecord[] = [];
  let dropped = 0;
  const file = { code: 'SEPKA_ERR_USAGE' as const, what: `results file ${safeText(path)}`, maxBytes: RESULTS_MAX_BYTES, maxLine: RECORD_MAX_BYTES };
  readLinesBounded(path, file, (line, i, terminated) => {
    if (line.trim() === '') return;
    // A line never terminated is a torn write (a kill mid-append): dropped.
    if (!terminated) {
      dropped++;
      return;
    }
    let why: string | null;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
      why = notARecord(rec);
    } catch {
      why = 'not JSON';
    }
    if (why) {
      throw new SepkaError('SEPKA_ERR_USAGE', `${safeText(path)}:${i} is not a sweep record (${why}); fix or delete that line, or pass --force to start over`);
    }
    records.push(rec as SweepRecord);
  });
  return { records, dropped };
}

/**
 * Create `dir` and its parents. Hand-rolled rather than mkdirSync({recursive: true}), which
 * loops forever under a read-only pseudo file system such as /proc (Node 20).
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT' && dirname(dir) !== dir) {
      ensureDir(dirname(dir));
      try {
        mkdirSync(dir);
      } catch (e2) {
        if ((e2 as { code?: string }).code !== 'EEXIST') throw fsError('cannot create', dir, e2);
      }
    } else if (code !== 'EEXIST') throw fsError('cannot create', dir, e);
  }
  if (!statSync(dir).isDirectory()) throw new SepkaError('SEPKA_ERR_USAGE', `cannot create ${dir}: a file of that name exists`);
}

/** Start a fresh results file. */
export function openFresh(path: string): void {
  writeRegular(path, '', { code: 'SEPKA_ERR_USAGE', what: `results file ${safeText(path)}` });
}

/** Keep the records of an existing file (dropping a torn tail) and return them. */
export function openForResume(path: string): Loaded {
  const loaded = loadResults(path);
  if (loaded.dropped > 0 || !existsSync(path)) {
    replaceRegular(path, loaded.records.map((r) => JSON.stringify(r) + '\n').join(''), { code: 'SEPKA_ERR_USAGE', what: `results file ${safeText(path)}` });
  }
  return loaded;
}

/** Append one record as one line, in a single write. */
export function appendRecord(path: string, rec: SweepRecord): void {
  appendFileSync(path, JSON.stringify(rec) + '\n');
}
