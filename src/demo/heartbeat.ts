/**
 * A role's heartbeat to `sepka demo`: one byte every HEARTBEAT_MS on a pipe
 * of its own (fd HEARTBEAT_FD, opened by spawnRole in lifecycle.ts), written by a tiny worker
 * thread. The demo's supervisor (supervise.ts) names a child whose heartbeat stops.
 *
 * Why a thread and not an IPC message from the main event loop: the main loop legitimately
 * blocks for seconds on a large profile (Alice's task publication on paper-128 kept it silent
 * for 2.5 s at a load average of 15 on 2 cores, and a 3 s deadline then failed a healthy
 * demo). The thread has nothing else to do, so it beats on time whatever the main loop does;
 * a SIGSTOP stops every thread of the process, so a stopped child falls silent at once. The
 * same thread ends the child when the demo is gone, even while the main loop is busy.
 */
import { Worker } from 'node:worker_threads';

/** How often a child beats; the demo's liveness deadline is several periods (supervise.ts). */
export const HEARTBEAT_MS = 500;
/** The child's file descriptor of the heartbeat pipe (stdio index in spawnRole). */
export const HEARTBEAT_FD = 4;

// Plain CommonJS, run without the parent's loader if any (execArgv: []) so the thread starts in
// milliseconds. EAGAIN (a full pipe: the demo is not reading) skips a beat. EPIPE means the
// demo is gone (its end of the pipe closed with it): the main thread would see its IPC channel
// close too (ipc.ts watchParent), but only once its loop is free, so the thread ends the process
// itself (SIGTERM, which no role handles). Any other error just ends the thread.
const BEAT = `
const { writeSync } = require('node:fs');
const { workerData: { fd, ms } } = require('node:worker_threads');
const beat = () => {
  try { writeSync(fd, '.'); } catch (e) {
    if (e.code === 'EAGAIN') return;
    clearInterval(t);
    if (e.code === 'EPIPE') process.kill(process.pid, 'SIGTERM');
  }
};
const t = setInterval(beat, ms);
beat();
`;

/** Start beating on HEARTBEAT_FD (call only in a child that spawnRole started). */
export function startHeartbeat(): void {
  const w = new Worker(BEAT, { eval: true, execArgv: [], workerData: { fd: HEARTBEAT_FD, ms: HEARTBEAT_MS } });
  w.on('error', () => {}); // no heartbeat is the demo's problem to report, not a crash here
  w.unref(); // never keeps the role alive
}
