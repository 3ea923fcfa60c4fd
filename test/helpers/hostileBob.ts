/**
 * A stand-in for `sepka bob` that the demo starts over the same channels (spawnRole's `main`),
 * used by test/demo.faults.test.ts: it relays a hostile reason to the demo — on stderr, in a
 * progress record and in its result over IPC — then exits without ever connecting.
 *
 * The reason carries what a terminal acts on: an OSC title sequence ended by BEL, a CSI erase
 * (ESC [), an 8-bit CSI (U+009B) and a bidi override (U+202E).
 */
export const HOSTILE = 'evil \x1b]0;owned\x07 \x1b[2J \u009b31m \u202edesrever';

if (process.env.SEPKA_CHILD === '1' && process.send) {
  process.stderr.write(`bob: failed at step hello: ${HOSTILE} [SEPKA_ERR_PEER_ABORT]\n`);
  process.send({ t: 'progress', role: 'bob', progress: { step: HOSTILE, rawBits: 0 } });
  const result = { role: 'bob', ok: false, code: 'SEPKA_ERR_PEER_ABORT', step: 'hello', reason: HOSTILE, closeCode: 1008, closeBy: 'us', stats: {} };
  process.send({ t: 'result', role: 'bob', result }, undefined, {}, () => process.exit(1));
}
