/**
 * Bytes on the wire (src/protocol/wire.ts) as `sepka measure --json` reports them, checked
 * against a count made elsewhere: the frames the in-memory channel delivered, as
 * --save-transcript writes them (the channel's own hook, not the parties' counters), each
 * frame's type byte and length read here from its raw bytes. Also the two sizes the wire is
 * dominated by, from the message table's layout: the task frame carries m·L label bits, the
 * challenges n bits each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/dispatch.ts';
import { derive, loadProfile } from '../src/protocol/profile.ts';
import { MSG } from '../src/protocol/messages/index.ts';
import { expectValid } from './helpers/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'sepka-wire-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function measureJson(args: string[]): Promise<Record<string, any>> {
  let out = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    expect(await main(['measure', ...args, '--json'])).toBe(0);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return JSON.parse(out);
}

describe('measure: bytes on the wire', () => {
  it('paper-128, 2 sessions: each way, per stage and per type equal the frames the channel delivered', async () => {
    const transcript = join(dir, 'paper.jsonl');
    const r = await measureJson(['--protocol', 'paper-128', '--sessions', '2', '--eve-budget-ms', '0', '--seed', '1', '--save-transcript', transcript]);
    expectValid('measure', r);
    const w = r.wire;
    expect(w.sessions).toBe(2);

    // The independent count: every frame line of the transcript, header read by hand.
    const count = { 'alice->bob': { frames: 0, bytes: 0 }, 'bob->alice': { frames: 0, bytes: 0 } } as Record<string, { frames: number; bytes: number }>;
    const perType = new Map<string, number>();
    let taskFrame = 0;
    let challengeBytes = 0;
    for (const line of readFileSync(transcript, 'utf8').trim().split('\n')) {
      const l = JSON.parse(line);
      if (l.t !== 'frame') continue;
      const f = Buffer.from(l.b64, 'base64');
      expect(f.readUInt32BE(3) + 7).toBe(f.length);
      count[l.dir].frames++;
      count[l.dir].bytes += f.length;
      perType.set(`${f[2]}|${l.dir}`, (perType.get(`${f[2]}|${l.dir}`) ?? 0) + f.length);
      if (f[2] === MSG.task) taskFrame = f.length;
      if (f[2] === MSG.challenges) challengeBytes += f.length;
    }
    expect(count['alice->bob'].frames).toBeGreaterThan(10);
    expect(w.aliceToBob).toEqual(count['alice->bob']);
    expect(w.bobToAlice).toEqual(count['bob->alice']);
    expect(w.total.bytes).toBe(count['alice->bob'].bytes + count['bob->alice'].bytes);
    const byType = new Map<string, number>((w.byType as any[]).map((x) => [`${MSG[x.type.replace(/-(.)/g, (_: string, c: string) => c.toUpperCase()) as keyof typeof MSG]}|${x.dir}`, x.bytes]));
    expect(byType).toEqual(perType);
    // Stages partition the bytes.
    const stageSum = Object.values(w.byStage as Record<string, { aliceToBob: number; bobToAlice: number }>).reduce((s, x) => s + x.aliceToBob + x.bobToAlice, 0);
    expect(stageSum).toBe(w.total.bytes);
    expect(w.byStage.abort).toEqual({ aliceToBob: 0, bobToAlice: 0 });

    // The layout (messages/table.ts): task = header 7 + seedA 32 + m u32 + L u16 + m·L bits.
    const P = loadProfile('paper-128');
    expect(taskFrame).toBe(7 + 32 + 4 + 2 + (P.m * P.L) / 8);
    // Alice's task stage per session: her hello (7 + role 1 + name length 1 + name + paramsHash 32) and the task.
    expect(w.byStage.task.aliceToBob).toBe(2 * (taskFrame + 7 + 1 + 1 + P.name.length + 32));
    // Challenges: n bits each, plus a few bytes per batch frame.
    const d = derive(P);
    const payload = 2 * d.challenges * (P.n / 8);
    expect(challengeBytes).toBe(w.byStage.challenges.bobToAlice);
    expect(challengeBytes).toBeGreaterThanOrEqual(payload);
    expect(challengeBytes - payload).toBeLessThan(2 * Math.ceil(d.challenges / P.batchSize) * 32);
    // Bytes per key bit: both sessions agreed a key.
    expect(w.keyBits).toBe(2 * r.key.bits);
    expect(w.bytesPerKeyBit).toBeCloseTo(w.total.bytes / w.keyBits, 9);
  }, 120_000);
});
