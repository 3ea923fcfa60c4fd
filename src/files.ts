/**
 * Reading files a user names (profiles, transcripts, truth files) without trusting what the
 * path points at. Only a regular file is read, and never more than a stated number of bytes:
 *
 * - The file is opened with O_NONBLOCK, so that opening a FIFO returns at once instead of
 *   waiting for a writer (a plain open(2) of a FIFO blocks forever), and the type is checked
 *   with fstat on the descriptor that was opened (a stat of the path first would race with the
 *   path being swapped). A FIFO, a character device (/dev/zero, /dev/stdin, a terminal), a
 *   socket or a directory is refused with one line naming what it is.
 * - The size fstat reports is checked against the bound before anything is read, and the read
 *   stops at bound + 1 bytes whatever fstat said (a file that grows meanwhile is refused too).
 * - Large files are read in chunks and handed on line by line (`readLinesBounded`), so memory
 *   follows the longest line and what the caller keeps, not the file's size.
 *
 * Writing (`writeRegular`) has the same guard: the file is opened with O_NONBLOCK (a FIFO with no
 * reader fails at once with ENXIO instead of blocking) and written only if fstat says it is a
 * regular file.
 *
 * Every failure is a SepkaError of the caller's code, one line (exit 2 at the CLI).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, ftruncateSync, openSync, readSync, renameSync, unlinkSync, writeSync, type Stats } from 'node:fs';
import { SepkaError, type SepkaErrorCode } from './errors.ts';
import { safeText } from './text.ts';

/** Bytes as a reason states them: 65536 bytes, 64 MiB, 1 GiB. */
export function byteText(n: number): string {
  if (n >= 2 ** 30 && n % 2 ** 30 === 0) return `${n / 2 ** 30} GiB`;
  if (n >= 2 ** 20 && n % 2 ** 20 === 0) return `${n / 2 ** 20} MiB`;
  return `${n} bytes`;
}

/** What a non-regular file is, for the reason. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

export interface BoundedFile {
  /** The SepkaError code of every failure. */
  code: SepkaErrorCode;
  /** Leads every failure's reason (e.g. "transcript t.jsonl"); already safe to print. */
  what: string;
  /** Leads the reason when the path cannot be opened at all (default: `what`). */
  whatMissing?: string;
  /** Largest size read, in bytes. */
  maxBytes: number;
  /** Appended to the too-large reason (e.g. "a profile is about 1.5 KB"). */
  hint?: string;
}

const fail = (f: BoundedFile, why: string) => new SepkaError(f.code, `${f.what}: ${why}`);

/** Open `path` for reading if it is a regular file within the bound; returns its descriptor. */
export function openBounded(path: string, f: BoundedFile): number {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    throw fail({ ...f, what: f.whatMissing ?? f.what }, `cannot read ${safeText(path)} (${(e as { code?: string }).code ?? (e as Error).message.split('\n')[0]})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail(f, `${kindOf(st)}, not a regular file (only regular files are read)`);
    if (st.size > f.maxBytes) throw fail(f, tooLarge(f));
    return fd;
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

const tooLarge = (f: BoundedFile) => `larger than ${byteText(f.maxBytes)}${f.hint ? ` (${f.hint})` : ''}`;

/** A regular file's bytes, at most `maxBytes` of them (otherwise a one-line error). */
export function readBounded(path: string, f: BoundedFile): Buffer {
  const fd = openBounded(path, f);
  try {
    const size = fstatSync(fd).size;
    let buf = Buffer.alloc(Math.min(f.maxBytes, size) + 1);
    let used = 0;
    for (;;) {
      if (used === buf.length) {
        if (used > f.maxBytes) throw fail(f, tooLarge(f));
        const next = Buffer.alloc(Math.min(f.maxBytes + 1, buf.length * 2));
        buf.copy(next, 0, 0, used);
        buf = next;
      }
      const got = readSync(fd, buf, used, buf.length - used, null);
      if (got === 0) break;
      used += got;
    }
    if (used > f.maxBytes) throw fail(f, tooLarge(f));
    return buf.subarray(0, used);
  } finally {
    closeSync(fd);
  }
}

/**
 * A regular file's lines (without their '\n'; a final line without one included), read in
 * chunks of `chunkBytes`. The whole file is bounded by `maxBytes` and each line by `maxLine`
 * bytes; `onLine` gets the text, its 1-based line number, and whether a '\n' ended it (false
 * only for a final line without one: a torn append, for files written a line at a time).
 */
export function readLinesBounded(
  path: string,
  f: BoundedFile & { maxLine: number },
  onLine: (text: string, line: number, terminated: boolean) => void,
  chunkBytes = 1 << 20,
): void {
  const fd = openBounded(path, f);
  try {
    const chunk = Buffer.alloc(chunkBytes);
    let parts: Buffer[] = [];
    let partLen = 0;
    let total = 0;
    let line = 0;
    const emit = (terminated: boolean) => {
      line++;
      const b = parts.length === 1 ? parts[0] : Buffer.concat(parts, partLen);
      parts = [];
      partLen = 0;
      onLine(b.toString('utf8'), line, terminated);
    };
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      total += got;
      if (total > f.maxBytes) throw fail(f, tooLarge(f));
      let start = 0;
      for (let nl = chunk.indexOf(10, 0); nl !== -1 && nl < got; nl = chunk.indexOf(10, start)) {
        if (partLen + nl - start > f.maxLine) throw fail(f, `line ${line + 1} is longer than ${byteText(f.maxLine)}`);
        parts.push(Buffer.from(chunk.subarray(start, nl)));
        partLen += nl - start;
        emit(true);
        start = nl + 1;
      }
      if (start < got) {
        if (partLen + got - start > f.maxLine) throw fail(f, `line ${line + 1} is longer than ${byteText(f.maxLine)}`);
        parts.push(Buffer.from(chunk.subarray(start, got)));
        partLen += got - start;
      }
    }
    if (partLen > 0) emit(false);
  } finally {
    closeSync(fd);
  }
}

/** SHA-256 (hex) of a regular file within the bound, read in chunks. */
export function sha256Bounded(path: string, f: BoundedFile, chunkBytes = 1 << 20): string {
  const fd = openBounded(path, f);
  try {
    const h = createHash('sha256');
    const chunk = Buffer.alloc(chunkBytes);
    let total = 0;
    for (let got = readSync(fd, chunk, 0, chunk.length, null); got > 0; got = readSync(fd, chunk, 0, chunk.length, null)) {
      total += got;
      if (total > f.maxBytes) throw fail(f, tooLarge(f));
      h.update(chunk.subarray(0, got));
    }
    return h.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/**
 * Replace the contents of `path` with `text` (creating it), only if it is, or becomes, a regular
 * file: a FIFO, a device or a directory in its place is refused with one line, never waited on.
 */
export function writeRegular(path: string, text: string, f: Pick<BoundedFile, 'code' | 'what'>): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | (constants.O_NONBLOCK ?? 0), 0o666);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // ENXIO: a FIFO with no reader (O_NONBLOCK); EISDIR: a directory.
    const why = code === 'ENXIO' ? 'a FIFO, not a regular file' : code === 'EISDIR' ? 'a directory, not a regular file' : `cannot write ${safeText(path)} (${code ?? (e as Error).message.split('\n')[0]})`;
    throw fail({ ...f, maxBytes: 0 }, why);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw fail({ ...f, maxBytes: 0 }, `${kindOf(st)}, not a regular file`);
    const b = Buffer.from(text, 'utf8');
    // Truncate only now that it is known to be a regular file (O_TRUNC at open would not ask).
    ftruncateSync(fd, 0);
    for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off, off);
  } finally {
    closeSync(fd);
  }
}

/**
 * Replace a regular file's contents atomically: `text` goes to a fresh file beside it, which is
 * then renamed over it, so a kill meanwhile leaves the old contents whole. `path` must already be
 * a regular file or absent (the caller has read it as one); the fresh file is written by
 * writeRegular.
 */
export function replaceRegular(path: string, text: string, f: Pick<BoundedFile, 'code' | 'what'>): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeRegular(tmp, text, f);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // not created
    }
    if (e instanceof SepkaError) throw e;
    throw fail({ ...f, maxBytes: 0 }, `cannot write ${safeText(path)} (${(e as { code?: string }).code ?? (e as Error).message.split('\n')[0]})`);
  }
}
