/**
 * The IPC channel between `sepka demo` and the role processes it spawns (lifecycle.ts).
 * Children report their port, live progress and structured result here rather than on stdout,
 * so each role's stdout keeps the §6 contract (human text, or one JSON object with --json).
 *
 * A role started by hand has no channel and every helper here is a no-op.
 *
 * Messages cross a process boundary, so each side checks what it receives (parseChildMessage,
 * parseParentMessage) and a malformed one is a SepkaError('SEPKA_ERR_IPC'), never a crash
 * further on.
 */
import { decodePartyTruth, type PartyTruth } from '../eve/truth.ts';
import { SepkaError } from '../errors.ts';
import { startHeartbeat } from './heartbeat.ts';
import { STAGES, type WireRow } from '../protocol/wire.ts';

/** What a role reports at the end of a session. */
export interface RoleResult {
  role: 'alice' | 'bob';
  ok: boolean;
  /** Failure: stable code, step, one-line reason. */
  code?: string;
  step?: string;
  reason?: string;
  fingerprint?: string;
  keyBits?: number;
  /** Close code on the wire and who sent it. */
  closeCode: number;
  closeBy: string;
  stats: Record<string, number | string | boolean>;
  /** The frames of the session by type and direction as this party counted them (protocol/wire.ts). */
  wire?: WireRow[];
  /**
   * Ground truth for Eve's scoring (src/eve/truth.ts), sent only over this private channel,
   * never printed; checked once where it arrives (checkResult).
   */
  truth?: PartyTruth;
}

/**
 * Frames of one message type in one direction, as a party saw them (for `demo --web`'s
 * timeline): count, bytes, and when the first and last went by (ms since the party's first frame).
 */
export interface FrameTally {
  type: string;
  dir: 'alice->bob' | 'bob->alice';
  frames: number;
  bytes: number;
  firstMs: number;
  lastMs: number;
}

/** More entries than 2 directions × every message type cannot come from a real party. */
const MAX_TALLIES = 64;

export type ChildMessage =
  | { t: 'listening'; role: string; port: number }
  | { t: 'progress'; role: string; progress: Record<string, number | string>; frames?: FrameTally[] }
  | { t: 'result'; role: string; result: RoleResult }
  | { t: 'eve-report'; report: Record<string, unknown> };

/**
 * truth: Alice's and Bob's results, for Eve to score herself. peer: the address a role started
 * without one connects or forwards to (the demo starts every role at once, and learns Alice's and
 * Eve's ports only when they listen).
 */
export type ParentMessage = { t: 'truth'; alice?: RoleResult; bob?: RoleResult } | { t: 'peer'; url: string };

const ipcError = (msg: string): never => {
  throw new SepkaError('SEPKA_ERR_IPC', msg);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A flat record of numbers and strings (progress; what liveStatus prints). */
const isFlat = (v: unknown): v is Record<string, number | string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'number' || typeof x === 'string');

/** The fields of a RoleResult the demo reads; `truth` and `stats` are passed on as data. */
function checkResult(r: unknown, where: string): RoleResult {
  if (!isObject(r)) return ipcError(`${where}: result is not an object`);
  if (r.role !== 'alice' && r.role !== 'bob') ipcError(`${where}: result.role must be alice or bob`);
  if (typeof r.ok !== 'boolean') ipcError(`${where}: result.ok must be a boolean`);
  if (!Number.isInteger(r.closeCode) || typeof r.closeBy !== 'string') ipcError(`${where}: result.closeCode/closeBy missing`);
  if (!isObject(r.stats)) ipcError(`${where}: result.stats must be an object`);
  for (const k of ['code', 'step', 'reason', 'fingerprint'] as const)
    if (r[k] !== undefined && typeof r[k] !== 'string') ipcError(`${where}: result.${k} must be a string`);
  if (r.keyBits !== undefined && !Number.isInteger(r.keyBits)) ipcError(`${where}: result.keyBits must be an integer`);
  if (r.wire !== undefined) checkWireRows(r.wire, where);
  if (r.truth !== undefined) decodePartyTruth(r.truth, r.role as 'alice' | 'bob', where);
  return r as unknown as RoleResult;
}

const isCount = (x: unknown): boolean => Number.isSafeInteger(x) && (x as number) >= 0;

function checkTallies(v: unknown, where: string): void {
  if (!Array.isArray(v) || v.length > MAX_TALLIES) ipcError(`${where}: frames must be an array of at most ${MAX_TALLIES} tallies`);
  for (const t of v as unknown[]) {
    const ok =
      isObject(t) &&
      typeof t.type === 'string' &&
      t.type.length <= 32 &&
      (t.dir === 'alice->bob' || t.dir === 'bob->alice') &&
      isCount(t.frames) &&
      isCount(t.bytes) &&
      [t.firstMs, t.lastMs].every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0);
    if (!ok) ipcError(`${where}: a frame tally needs type, dir, frames, bytes, firstMs, lastMs`);
  }
}

function checkWireRows(v: unknown, where: string): void {
  if (!Array.isArray(v) || v.length > MAX_TALLIES) ipcError(`${where}: result.wire must be an array of at most ${MAX_TALLIES} rows`);
  for (const t of v as unknown[]) {
    const ok =
      isObject(t) &&
      typeof t.type === 'string' &&
      t.type.length <= 32 &&
      (STAGES as readonly unknown[]).includes(t.stage) &&
      (t.dir === 'alice->bob' || t.dir === 'bob->alice') &&
      isCount(t.frames) &&
      isCount(t.bytes);
    if (!ok) ipcError(`${where}: a wire row needs type, stage, dir, frames, bytes`);
  }
}

/** Check a message a role process sent to the demo; SEPKA_ERR_IPC with a one-line reason if malformed. */
export function parseChildMessage(m: unknown): ChildMessage {
  if (!isObject(m)) return ipcError('message from a role is not an object');
  const where = `'${String(m.t)}' message`;
  switch (m.t) {
    case 'listening':
      if (typeof m.role !== 'string' || !(Number.isInteger(m.port) && (m.port as number) >= 1 && (m.port as number) <= 65535))
        ipcError(`${where}: needs a role and a port in [1, 65535]`);
      break;
    case 'progress':
      if (typeof m.role !== 'string' || !isFlat(m.progress)) ipcError(`${where}: needs a role and a flat progress record`);
      if (m.frames !== undefined) checkTallies(m.frames, where);
      break;
    case 'result':
      if (typeof m.role !== 'string') ipcError(`${where}: needs a role`);
      checkResult(m.result, where);
      break;
    case 'eve-report':
      if (!isObject(m.report)) ipcError(`${where}: report must be an object`);
      break;
    default:
      ipcError(`unknown message type ${JSON.stringify(m.t)} from a role`);
  }
  return m as unknown as ChildMessage;
}

/** Check a message the demo sent to a role; SEPKA_ERR_IPC if malformed. */
export function parseParentMessage(m: unknown): ParentMessage {
  if (isObject(m) && m.t === 'peer') {
    if (typeof m.url !== 'string' || m.url.length > 2048) ipcError("'peer' message: url must be a string of at most 2048 characters");
    return m as unknown as ParentMessage;
  }
  if (!isObject(m) || m.t !== 'truth') return ipcError('message from the demo is not a truth or peer message');
  if (m.alice !== undefined) checkResult(m.alice, "'truth' message (alice)");
  if (m.bob !== undefined) checkResult(m.bob, "'truth' message (bob)");
  return m as unknown as ParentMessage;
}

/**
 * True when this process was started by `sepka demo` (spawnRole sets SEPKA_CHILD=1) with an IPC
 * channel. The variable matters: a role run in-process under another Node parent that happens
 * to have a channel (a test runner's worker, a user's fork()) must not send it our messages or
 * exit when it disconnects.
 */
export const hasParent = (): boolean => process.env.SEPKA_CHILD === '1' && typeof process.send === 'function' && process.connected;

/** Send one message; resolves once it is written (or at once without a parent). */
export function toParent(msg: ChildMessage): Promise<void> {
  if (!hasParent()) return Promise.resolve();
  return new Promise((resolve) => process.send!(msg, undefined, {}, () => resolve()));
}

/**
 * The child's half of supervision. A child must not outlive the demo that
 * started it: when the channel closes (the parent exited or was killed), exit at once. And the
 * demo must see that the child lives: its heartbeat (heartbeat.ts) starts here. Neither the
 * channel nor the heartbeat keeps the process alive.
 */
export function watchParent(): void {
  if (!hasParent()) return;
  process.on('disconnect', () => {
    process.stderr.write('sepka: parent process went away; exiting\n');
    process.exit(1);
  });
  startHeartbeat();
  process.channel?.unref();
}

/**
 * A progress reporter that sends at most one update per `everyMs`; an update that arrives
 * sooner is held and sent when the period ends (so the last state is never lost), or on flush.
 */
export function throttledProgress(
  role: string,
  everyMs = 100,
): { push(p: Record<string, number | string>, frames?: FrameTally[]): void; flush(): void } {
  let last = 0;
  let pending: Record<string, number | string> | undefined;
  let tallies: FrameTally[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  const send = () => {
    timer = undefined;
    if (!pending) return;
    last = Date.now();
    void toParent({ t: 'progress', role, progress: pending, ...(tallies ? { frames: tallies } : {}) });
    pending = undefined;
  };
  return {
    push(p, frames) {
      if (!hasParent()) return;
      pending = p;
      tallies = frames;
      const wait = everyMs - (Date.now() - last);
      if (wait <= 0) send();
      else if (!timer) timer = setTimeout(send, wait).unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      send();
    },
  };
}

const inbox: ParentMessage[] = [];
let listening = false;

/**
 * Start keeping messages from the parent (call at startup: the parent may send before the
 * child is ready to wait for them).
 */
export function keepParentMessages(): void {
  if (!hasParent() || listening) return;
  listening = true;
  process.on('message', (m) => {
    try {
      inbox.push(parseParentMessage(m));
    } catch (e) {
      // Dropped: the role then carries on as if started by hand (e.g. Eve without the truth).
      process.stderr.write(`sepka: ignoring a malformed message from the demo: ${(e as Error).message} [SEPKA_ERR_IPC]\n`);
    }
  });
}

const isPeer = (m: ParentMessage): m is Extract<ParentMessage, { t: 'peer' }> => m.t === 'peer';

/**
 * The address the demo sends a role it started without one (`sepka bob` with no --connect,
 * `sepka eve` with no --forward), once Alice (or Eve) listens; one line if it never comes.
 */
export async function peerFromParent(flag: string, timeoutMs = 300_000): Promise<string> {
  const m = await fromParent(isPeer, timeoutMs);
  if (!m) throw new SepkaError('SEPKA_ERR_DISCONNECTED', `--${flag}: the demo sent no address`);
  return m.url;
}

/** The first kept message matching `pred`, waiting up to `timeoutMs` for it. */
export async function fromParent<T extends ParentMessage>(pred: (m: ParentMessage) => m is T, timeoutMs: number): Promise<T | undefined> {
  if (!hasParent()) return undefined;
  keepParentMessages();
  process.channel?.ref(); // keep the process alive while waiting
  try {
    const t0 = Date.now();
    for (;;) {
      const i = inbox.findIndex(pred);
      if (i >= 0) return inbox.splice(i, 1)[0] as T;
      if (Date.now() - t0 >= timeoutMs || !process.connected) return undefined;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    process.channel?.unref();
  }
}
