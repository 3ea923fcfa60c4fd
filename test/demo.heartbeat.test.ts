/**
 * The heartbeat thread of a role (src/demo/heartbeat.ts), with a stand-in
 * role whose main loop is stuck in a computation (test/helpers/busyRole.ts): it still beats,
 * since the beats come from their own thread; and when the demo's end of the heartbeat pipe
 * closes (the demo died), the thread ends the process although the main loop never sees its
 * IPC channel close.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Procs } from './helpers/procs.ts';
import { isListening } from '../src/demo/run.ts';
import { spawnRole } from '../src/demo/lifecycle.ts';
import { HEARTBEAT_MS } from '../src/demo/heartbeat.ts';
import type { ChildMessage } from '../src/demo/ipc.ts';

const BUSY = fileURLToPath(new URL('./helpers/busyRole.ts', import.meta.url));
let procs: Procs;

afterEach(async () => {
  const left = await procs.cleanup();
  expect(left, 'processes left running').toEqual([]);
});

describe('role heartbeat', () => {
  it('beats while the main loop is busy, and ends the process when the demo is gone', async () => {
    procs = new Procs();
    let beats = 0;
    const busy = procs.group.add(spawnRole('busy', [], { main: BUSY, onHeartbeat: () => beats++ }));
    await new Promise<void>((resolve) => busy.proc.on('message', (m) => isListening(m as ChildMessage) && resolve()));
    // The main loop now spins. Count beats over 6 periods: the thread keeps beating.
    const before = beats;
    await new Promise((r) => setTimeout(r, 6 * HEARTBEAT_MS));
    expect(beats - before, 'beats while the main loop is busy').toBeGreaterThanOrEqual(2);
    // Close the demo's end of the heartbeat pipe, as the demo's death would: the next beat
    // meets EPIPE and the thread ends the process, whose main loop would spin for 120 s more.
    (busy.proc.stdio[4] as NodeJS.ReadableStream & { destroy(): void }).destroy();
    const { signal } = await busy.exited;
    expect(signal).toBe('SIGTERM');
  });
});
