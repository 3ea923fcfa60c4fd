/**
 * Eve's forwarding tap (DESIGN.md §4): a WebSocket server that, for every client
 * (Bob) connection, opens a connection to the forward URL (Alice) and relays frames both ways
 * unchanged, as binary or text exactly as received. A copy of each frame is handed to
 * `onFrame` *after* it has been forwarded, so the analysis never delays the honest parties
 * (the CLI passes the copies on to a worker thread, eveWorker.ts).
 *
 * Transparency: each party must see what it would see without Eve, so the
 * tap judges nothing it can pass on.
 * - Text frames and close reasons are forwarded as bytes, valid UTF-8 or not
 *   (skipUTF8Validation): a text frame Alice rejects with 1007 reaches her and is rejected by
 *   her, not by Eve.
 * - Closes are mirrored: a close code and its reason bytes from one side are sent to the
 *   other; a dropped connection (1006) is mirrored by dropping the other socket.
 * - Pings and pongs are relayed, not answered by Eve (autoPong off), so each side's liveness
 *   check measures the other party, not the tap.
 * - What frames arrive before Alice's socket is open (frames, pings, a close) is queued and
 *   replayed in order once it opens.
 * - A frame ws itself must refuse before it can be relayed (larger than maxPayload, a
 *   malformed WebSocket frame) is refused by Eve's ws with the code Alice's ws would have used
 *   (1009, 1002, …: the same library, limit and options), and that code is sent on to the
 *   other side at once, so both parties' close codes are the ones they would have had.
 *
 * Bounds: at most `maxClients` clients are relayed at once; one more is closed with 1013
 * "try again later" and never reaches Alice. The queue is the one place Eve holds bytes she has not passed on, so it is bounded
 * both ways. Alice must complete the WebSocket handshake within `handshakeTimeoutMs` (a stopped
 * Alice or a black hole accepts TCP and never answers); past it Bob is closed with 1011 and the
 * reason says so (1011 too when she cannot be reached at all). And Bob may queue at most
 * `maxQueuedBytes` (payload bytes of frames, pings and pongs) meanwhile; past it Bob is closed
 * with 1013 "try again later". Every way Alice's pending socket is dropped, the queue released,
 * and nothing more of Bob's is read (a Bob who ignores the close only fills the kernels'
 * buffers) until his socket is dropped 2 s later. An honest Bob queues only his hello (he
 * waits for Alice's answer), so the default bound, one largest legal message, never bites him.
 * A Bob who leaves while Alice's socket opens has his frames and his close replayed when it
 * opens, or dropped when the handshake times out: nothing outlives the timeout.
 *
 * Once both are open, a side that reads slower than the other writes (an Alice or a Bob who
 * stops reading) would make Eve hold the difference; instead, while
 * more than `maxQueuedBytes` wait unsent on one socket, Eve stops reading the other, so TCP
 * pushes back on the writer as it would without her.
 *
 * The ends reported to `onConnectionEnd` carry reasons escaped with text.ts `safeText` (they
 * are peer text); the bytes relayed are untouched.
 */
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Direction } from '../protocol/party.ts';
import { SepkaError } from '../errors.ts';
import { safeText } from '../text.ts';
import { CLOSE_ABNORMAL, CLOSE_BUSY, CLOSE_INTERNAL, closeForWsError, closeLabel, isSendableCode, truncateUtf8 } from './closeCodes.ts';
import { fmtMs } from './transport.ts';

/** How long Alice has to complete the WebSocket handshake, by default (ms). */
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * How many clients Eve relays at once, by default. Each holds two sockets and up to two bounded
 * queues; Alice serves a handful of sessions at a time (her --concurrent, --max-pending), so a
 * tap needs no more than she admits, and a flood of WebSocket clients cannot make her open a
 * connection to Alice (two descriptors and two queues) for each. A refused client still holds
 * its own descriptor for the 2 s until it is dropped, and TCP connections that never send the
 * upgrade are the HTTP server's to time out (Node's requestTimeout, headersTimeout).
 */
export const DEFAULT_MAX_CLIENTS = 64;

export interface TapOptions {
  host: string;
  port: number;
  /** ws:// URL of Alice. */
  forward: string;
  maxPayload: number;
  /** Longest wait for Alice's WebSocket handshake (default DEFAULT_UPSTREAM_TIMEOUT_MS). */
  handshakeTimeoutMs?: number;
  /** Most payload bytes queued per client before Alice's socket opens (default maxPayload). */
  maxQueuedBytes?: number;
  /** Most clients relayed at once (default DEFAULT_MAX_CLIENTS); one more is closed with 1013. */
  maxClients?: number;
  onConnection?(index: number, remote: string): void;
  /** A copy of one forwarded frame of connection `index`. */
  onFrame?(index: number, dir: Direction, frame: Uint8Array, binary: boolean): void;
  /** Both sockets of connection `index` are closed; the codes each side saw. */
  onConnectionEnd?(index: number, ends: { bob: SideEnd; alice: SideEnd }): void;
}

export interface SideEnd {
  code: number;
  /** The close reason, escaped (safeText). */
  reason: string;
}

export interface TapHandle {
  port: number;
  close(): Promise<void>;
}

function copyOf(data: RawData): Uint8Array {
  const b = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return new Uint8Array(b); // own copy: the worker gets it by transfer
}

/** Socket options of both of Eve's sockets (see the header). */
const socketOptions = (maxPayload: number) => ({ maxPayload, perMessageDeflate: false, skipUTF8Validation: true, autoPong: false });

const byteLength = (d: RawData | Buffer): number => (Array.isArray(d) ? d.reduce((s, b) => s + b.length, 0) : d instanceof ArrayBuffer ? d.byteLength : d.length);

/**
 * Send `data` on `to`; while `to` holds more than `bound` bytes unsent, stop reading `from`
 * (see the header). Each send's callback comes once its bytes are handed to the kernel, so the
 * last one finds the buffer drained and reading resumes.
 */
function relay(to: WebSocket, from: WebSocket, data: RawData, binary: boolean, bound: number, held: Set<WebSocket>): void {
  to.send(data, { binary }, (err) => {
    if (held.has(from) && (err || to.bufferedAmount <= bound)) release(from, held);
  });
  if (to.bufferedAmount > bound && !from.isPaused) {
    held.add(from);
    from.pause();
  }
}

/**
 * Close a client Eve will not relay with `code` and drop his socket 2 s later. Paused
 * (`stopReading`), ws parses no more than what it had buffered, and none of it is relayed or
 * analysed; left reading, his closing handshake is read and he learns why.
 */
function dismiss(bob: WebSocket, code: number, reason: string, stopReading: boolean): void {
  if (bob.readyState === WebSocket.OPEN) bob.close(code, truncateUtf8(reason));
  if (stopReading) bob.pause();
  setTimeout(() => bob.terminate(), 2000).unref();
}

/**
 * Resume `ws` if (and only if) the push-back paused it: a socket Eve paused because she gave
 * up on it stays paused until it is dropped.
 */
function release(ws: WebSocket, held: Set<WebSocket>): void {
  if (held.delete(ws)) ws.resume();
}

/**
 * Close `to` the way `from` was closed (see the header). `reason` is the received close
 * payload's bytes, ≤ 123 by RFC 6455 §5.5, so it fits a close frame as it is.
 */
function mirrorClose(to: WebSocket, code: number, reason: Buffer): void {
  if (to.readyState === WebSocket.CLOSED || to.readyState === WebSocket.CLOSING) return;
  if (code === CLOSE_ABNORMAL) to.terminate();
  else if (isSendableCode(code)) to.close(code, reason);
  else to.close();
}

export function startTap(opts: TapOptions): Promise<TapHandle> {
  const wss = new WebSocketServer({ host: opts.host, port: opts.port, ...socketOptions(opts.maxPayload) });
  const upstreams = new Set<WebSocket>();
  const handshakeMs = opts.handshakeTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  const maxQueued = opts.maxQueuedBytes ?? opts.maxPayload;
  const maxClients = opts.maxClients ?? DEFAULT_MAX_CLIENTS;
  let next = 0;

  wss.on('connection', (bob, req) => {
    // Every relayed client holds an upstream socket until both its ends have closed.
    if (upstreams.size >= maxClients) {
      bob.on('error', () => {});
      const n = upstreams.size;
      dismiss(bob, CLOSE_BUSY, `eve: ${n} client${n === 1 ? '' : 's'} relayed, at most ${maxClients}; try again later`, true);
      return;
    }
    const index = next++;
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    opts.onConnection?.(index, remote);
    const alice = new WebSocket(opts.forward, { ...socketOptions(opts.maxPayload), handshakeTimeout: handshakeMs });
    upstreams.add(alice);
    let aliceOpened = false;
    let aliceError: (Error & { code?: string }) | undefined;
    /** What Bob did before Alice's socket opened, replayed in order on open, and its payload bytes. */
    let queue: Array<() => void> = [];
    let queued = 0;
    /** Why Eve gave up on Alice's socket before it opened (Bob has been told). */
    let gaveUp: string | undefined;
    /** Why her handshake failed, when it timed out (told to Bob on her 'close'). */
    let timedOut: string | undefined;
    /** The sockets the push-back paused (only these are resumed; see release). */
    const held = new Set<WebSocket>();
    const toAlice = (act: () => void, bytes = 0) => {
      if (alice.readyState === WebSocket.OPEN) act();
      else if (alice.readyState === WebSocket.CONNECTING && !gaveUp) {
        queued += bytes;
        if (queued > maxQueued) {
          giveUp(CLOSE_BUSY, `eve: alice's socket is not open yet and bob queued over ${maxQueued} bytes; try again later`, true);
          return;
        }
        queue.push(act);
      }
    };
    /** Stop waiting for Alice: close Bob (if still there) with `code`, drop her socket and the queue. */
    const giveUp = (code: number, reason: string, stopReading: boolean) => {
      if (gaveUp) return;
      gaveUp = reason;
      held.delete(bob);
      queue = [];
      queued = 0;
      // A client over his queue bound is read no more (what he sent meanwhile would only be
      // parsed and dropped). When Alice is unreachable Bob is honest as far as Eve knows, so his
      // closing handshake is read.
      dismiss(bob, code, reason, stopReading);
      alice.terminate();
    };
    const toBob = (act: () => void) => {
      if (bob.readyState === WebSocket.OPEN) act();
    };
    const ends: { bob?: SideEnd; alice?: SideEnd } = {};
    /** The code Eve's own ws sent on a side when it refused a frame there (see the header). */
    const refused: { bob?: SideEnd; alice?: SideEnd } = {};
    const ended = () => {
      if (ends.bob && ends.alice) {
        upstreams.delete(alice);
        opts.onConnectionEnd?.(index, { bob: ends.bob, alice: ends.alice });
      }
    };

    bob.on('message', (data, isBinary) => {
      toAlice(() => relay(alice, bob, data, isBinary, maxQueued, held), byteLength(data));
      if (!gaveUp) opts.onFrame?.(index, 'bob->alice', copyOf(data), isBinary);
    });
    bob.on('ping', (d) => toAlice(() => alice.ping(d), d.length));
    bob.on('pong', (d) => toAlice(() => alice.pong(d), d.length));
    bob.on('error', (e: Error & { code?: string }) => {
      // ws refused a frame from Bob and sent him its close; Alice gets the same code now.
      const { code, what } = closeForWsError(e);
      refused.bob = { code, reason: what };
      toAlice(() => mirrorClose(alice, code, Buffer.alloc(0)));
    });
    bob.on('close', (code, reason) => {
      release(alice, held); // her close frame must be read
      ends.bob = refused.bob ?? { code, reason: safeText(reason.toString()) };
      toAlice(() => mirrorClose(alice, code, reason));
      ended();
    });

    alice.on('open', () => {
      aliceOpened = true;
      const acts = queue;
      queue = [];
      queued = 0;
      for (const act of acts) act();
    });
    alice.on('message', (data, isBinary) => {
      toBob(() => relay(bob, alice, data, isBinary, maxQueued, held));
      opts.onFrame?.(index, 'alice->bob', copyOf(data), isBinary);
    });
    alice.on('ping', (d) => toBob(() => bob.ping(d)));
    alice.on('pong', (d) => toBob(() => bob.pong(d)));
    alice.on('error', (e: Error & { code?: string }) => {
      if (!aliceOpened) {
        aliceError = e; // not reached: 'close' tells Bob why
        if (/handshake has timed out/i.test(e.message)) timedOut = `eve: cannot reach alice: no WebSocket handshake within ${fmtMs(handshakeMs)}`;
        return;
      }
      const { code, what } = closeForWsError(e);
      refused.alice = { code, reason: what };
      toBob(() => mirrorClose(bob, code, Buffer.alloc(0)));
    });
    alice.on('close', (code, reason) => {
      release(bob, held); // his close frame must be read (never after a busy give-up: he stays paused)
      ends.alice = refused.alice ?? { code, reason: safeText(reason.toString()) };
      if (!aliceOpened) {
        // Alice was never reached: tell Bob why rather than just dropping him (his queue
        // dropped, his closing handshake read, his socket dropped after 2 s).
        const why = safeText(aliceError?.code ?? aliceError?.message.split('\n')[0] ?? `closed with ${closeLabel(code)}`);
        giveUp(CLOSE_INTERNAL, timedOut ?? `eve: cannot reach alice: ${why}`, false);
      } else toBob(() => mirrorClose(bob, code, reason));
      ended();
    });
  });

  return new Promise((resolve, reject) => {
    wss.once('error', (e: Error & { code?: string }) => {
      reject(new SepkaError('SEPKA_ERR_USAGE', `cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}`));
    });
    wss.once('listening', () => {
      wss.on('error', () => {});
      resolve({
        port: (wss.address() as AddressInfo).port,
        close: async () => {
          for (const c of wss.clients) c.terminate();
          for (const a of upstreams) a.terminate();
          await new Promise<void>((r) => wss.close(() => r()));
        },
      });
    });
  });
}
