/**
 * A stand-in role whose main event loop never comes back (test/demo.heartbeat.test.ts): it
 * starts the demo's watch (IPC disconnect handler and heartbeat thread), says it is ready over
 * IPC, then spins. Only its heartbeat thread can still act.
 */
import { toParent, watchParent } from '../../src/demo/ipc.ts';

if (process.env.SEPKA_CHILD === '1') {
  watchParent();
  void toParent({ t: 'listening', role: 'busy', port: 1 }).then(() => {
    const until = Date.now() + 120_000; // bounded, should every other guard fail
    while (Date.now() < until);
  });
}
