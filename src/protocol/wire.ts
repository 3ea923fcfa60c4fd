/**
 * Bytes on the wire: every frame counted from its header alone (frame.ts: the type byte, and
 * the frame's length), per message type, direction and protocol stage. Reading nothing past
 * the header keeps the count the same for every separation and every driver (the in-memory
 * channel, the WebSocket transport, a worker-hosted party): it is what crossed the wire.
 *
 * Each message type belongs to one stage (STAGE_OF, one entry per type of the message table,
 * messages/types.ts for the flow):
 *   task            hello, task (the labels z_j = A s_j ⊕ e_j: m·L bits)
 *   challenges      challenges (x* = rᵀA: n bits each)
 *   distillation    estimate, distill, pairs, survivors, kept
 *   reconciliation  recon-query, recon-reply, syndrome, reveal-query, reveal, verify
 *   confirmation    amplify (the Toeplitz seed of privacy amplification), confirm
 *   abort           abort (a failed session's last frame)
 * A type byte the table does not know is counted under `other`: the receiver rejects that
 * frame, but it did cross the wire.
 */
import { TABLE, type MessageType } from './messages/index.ts';
import type { Direction, Party, PartyOutput } from './party.ts';
import { wrap } from '../term.ts';

export const STAGES = ['task', 'challenges', 'distillation', 'reconciliation', 'confirmation', 'abort', 'other'] as const;
export type Stage = (typeof STAGES)[number];

/** The stage of each message type (module header). */
export const STAGE_OF: { readonly [T in MessageType]: Stage } = {
  hello: 'task',
  task: 'task',
  challenges: 'challenges',
  estimate: 'distillation',
  distill: 'distillation',
  pairs: 'distillation',
  survivors: 'distillation',
  kept: 'distillation',
  'recon-query': 'reconciliation',
  'recon-reply': 'reconciliation',
  syndrome: 'reconciliation',
  'reveal-query': 'reconciliation',
  reveal: 'reconciliation',
  verify: 'reconciliation',
  amplify: 'confirmation',
  confirm: 'confirmation',
  abort: 'abort',
};

const NAMES = new Map<number, MessageType>(Object.entries(TABLE).map(([name, l]) => [l.byte, name as MessageType]));

/** The message type a frame's header names ('short frame', or 'type 0x..' for a byte the table does not know). */
export const typeName = (frame: Uint8Array): string => {
  if (frame.length < 3) return 'short frame';
  return NAMES.get(frame[2]) ?? `type 0x${frame[2].toString(16).padStart(2, '0')}`;
};

/** The stage of a type name as typeName gives it. */
export const stageOf = (type: string): Stage => STAGE_OF[type as MessageType] ?? 'other';

export interface Flow {
  frames: number;
  bytes: number;
}
/** Frames of one type in one direction. */
export interface WireRow extends Flow {
  type: string;
  stage: Stage;
  dir: Direction;
}
/** Bytes each way. */
export interface TwoWay {
  aliceToBob: number;
  bobToAlice: number;
}

/** What a session (or several, summed) sent: each way, per stage, per type, per key bit. */
export interface WireSummary {
  aliceToBob: Flow;
  bobToAlice: Flow;
  total: Flow;
  /** Bytes each way per stage; every stage present (zero when it sent nothing). */
  byStage: Record<Stage, TwoWay>;
  /** In order of first appearance (the protocol's order of flights). */
  byType: WireRow[];
  /** Key bits the bytes bought (summed over the sessions counted), and total bytes per key bit (null: no key). */
  keyBits: number;
  bytesPerKeyBit: number | null;
}

/** Counts frames as they cross; sessions may share one tally (the figures are then sums). */
export class WireTally {
  private readonly rows = new Map<string, WireRow>();

  /** Count one frame; returns its row. */
  add(dir: Direction, frame: Uint8Array): WireRow {
    const type = typeName(frame);
    const key = `${type}|${dir}`;
    let row = this.rows.get(key);
    if (!row) this.rows.set(key, (row = { type, stage: stageOf(type), dir, frames: 0, bytes: 0 }));
    row.frames++;
    row.bytes += frame.byteLength;
    return row;
  }

  /** Add another tally's row (sessions summed into one). */
  addRow(r: WireRow): void {
    const key = `${r.type}|${r.dir}`;
    const row = this.rows.get(key);
    if (row) {
      row.frames += r.frames;
      row.bytes += r.bytes;
    } else this.rows.set(key, { ...r });
  }

  /** Copies, in order of first appearance. */
  list(): WireRow[] {
    return [...this.rows.values()].map((r) => ({ ...r }));
  }

  summary(keyBits = 0): WireSummary {
    return summarise(this.list(), keyBits);
  }
}

/** The summary of a list of rows (a tally's, or rows received from another process). */
export function summarise(rows: readonly WireRow[], keyBits = 0): WireSummary {
  const flow = (dir?: Direction): Flow => {
    const rs = rows.filter((r) => dir === undefined || r.dir === dir);
    return { frames: rs.reduce((s, r) => s + r.frames, 0), bytes: rs.reduce((s, r) => s + r.bytes, 0) };
  };
  const byStage = Object.fromEntries(STAGES.map((s) => [s, { aliceToBob: 0, bobToAlice: 0 }])) as Record<Stage, TwoWay>;
  for (const r of rows) byStage[r.stage][r.dir === 'alice->bob' ? 'aliceToBob' : 'bobToAlice'] += r.bytes;
  const total = flow();
  return {
    aliceToBob: flow('alice->bob'),
    bobToAlice: flow('bob->alice'),
    total,
    byStage,
    byType: rows.map((r) => ({ ...r })),
    keyBits,
    bytesPerKeyBit: keyBits > 0 ? total.bytes / keyBits : null,
  };
}

/** The party, with every frame it sends counted into `tally` (in its own direction). */
export function countingSends<P extends Party>(party: P, tally: WireTally): P {
  const dir: Direction = party.role === 'alice' ? 'alice->bob' : 'bob->alice';
  const count = (o: PartyOutput): PartyOutput => {
    for (const f of o.frames) tally.add(dir, f);
    return o;
  };
  return new Proxy(party, {
    get(target, key) {
      if (key === 'start') return () => count(target.start());
      if (key === 'receive') return (f: Uint8Array) => count(target.receive(f));
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const share = (x: number, of: number): string => (of > 0 ? `${((100 * x) / of).toFixed(1)}%` : '-');

/**
 * The human lines (≤ 100 columns): bytes each way per stage and, under a stage of several
 * types, per type; per session when `sessions` > 1 (means), with bytes per key bit.
 */
export function wireLines(w: WireSummary, sessions = 1): string[] {
  const per = (x: number) => x / sessions;
  const frames = (x: number) => (Number.isInteger(per(x)) ? String(per(x)) : per(x).toFixed(1));
  const head = sessions > 1 ? `per session (mean of ${sessions})` : 'this session';
  const perBit = w.bytesPerKeyBit === null ? 'no key' : `${w.bytesPerKeyBit.toFixed(1)} B per key bit`;
  const L = [
    `bytes on the wire  ${head}: ${int(per(w.total.bytes))} B in ${frames(w.total.frames)} frames; ${perBit}`,
    `  Alice→Bob ${int(per(w.aliceToBob.bytes))} B, Bob→Alice ${int(per(w.bobToAlice.bytes))} B`,
    `  stage / message       Alice→Bob    Bob→Alice     frames   share`,
  ];
  const row = (label: string, a: number, b: number, f: number) =>
    `  ${label.padEnd(20)} ${int(per(a)).padStart(10)}   ${int(per(b)).padStart(10)} ${frames(f).padStart(10)}  ${share(a + b, w.total.bytes).padStart(6)}`;
  for (const s of STAGES) {
    const types = w.byType.filter((r) => r.stage === s);
    if (!types.length) continue;
    const st = w.byStage[s];
    L.push(row(s, st.aliceToBob, st.bobToAlice, types.reduce((x, r) => x + r.frames, 0)));
    const names = [...new Set(types.map((r) => r.type))];
    if (names.length < 2) continue;
    for (const t of names) {
      const rs = types.filter((r) => r.type === t);
      const by = (d: Direction) => rs.filter((r) => r.dir === d).reduce((x, r) => x + r.bytes, 0);
      L.push(row(`  ${t}`, by('alice->bob'), by('bob->alice'), rs.reduce((x, r) => x + r.frames, 0)));
    }
  }
  return L;
}

/** A few lines (within 100 columns) for a role's session report: bytes each way and per key bit, then per stage. */
export function wireBrief(w: WireSummary, prefix: string): string[] {
  const perBit = w.bytesPerKeyBit === null ? '' : `; ${w.bytesPerKeyBit.toFixed(1)} B per key bit`;
  const stages = STAGES.filter((s) => w.byStage[s].aliceToBob + w.byStage[s].bobToAlice > 0).map((s) => `${s} ${int(w.byStage[s].aliceToBob + w.byStage[s].bobToAlice)}`);
  return [
    ...wrap(`${prefix}wire ${int(w.total.bytes)} B in ${w.total.frames} frames (Alice→Bob ${int(w.aliceToBob.bytes)}, Bob→Alice ${int(w.bobToAlice.bytes)})${perBit}`, `${prefix}    `),
    ...wrap(`${prefix}  by stage (B): ${stages.join(' · ')}`, `${prefix}    `),
  ];
}
