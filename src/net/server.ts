/**
 * Alice's side of the wire: a WebSocket server that runs up to K sessions at once (one client
 * must not lock Alice out).
 *
 * Each session gets a fresh party from `newParty`, driven by transport.ts (which also applies
 * the per-step timeout and the whole-session deadline). Admission, in order:
 *   1. rate limit: each remote address (an IPv6 client: its /64, addressKey.ts) may open
 *      `connRate` new connections per second (a token bucket holding 2·connRate); past it,
 *      close 4029 "rate limited";
 *   2. per-address cap: each remote address may hold at most `maxPerAddress` connections
 *      running or waiting (default: defaultMaxPerAddress); past it, close 4013;
 *   3. a free session slot (`concurrent`): the session starts at once;
 *   4. otherwise the connection waits in a queue of at most `maxPending` live connections, for
 *      at most one step timeout; a full queue, or a wait that runs out, is close 1013 "busy".
 * A waiting connection is read, so that its leaving is seen at once (a paused socket would not
 * see its peer's FIN or close frame until resumed): it leaves the queue, and its address's
 * count, as soon as its socket closes. What it sends is held, not answered: one frame (the
 * client's hello; a client speaks once, then waits for Alice), given to the session when it
 * starts; a second frame while waiting is a protocol violation (close 1008).
 * So a flood of connections costs a handshake and a closing frame each, holds at most K
 * sessions and `maxPending` sockets (each holding at most one frame), cannot take the slots of
 * sessions in progress, and one address cannot take every slot.
 * After `sessions` sessions (0 = no limit) the server stops listening and `done` resolves.
 *
 * Options follow DESIGN.md §5: binary frames only, maxPayload from the largest legal message,
 * permessage-deflate off (about 20× slower on small frames).
 */
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import { SepkaError } from '../errors.ts';
import { addressKey } from './addressKey.ts';
import { CLOSE_ADDRESS_BUSY, CLOSE_BUSY, CLOSE_GOING_AWAY, CLOSE_POLICY, CLOSE_RATE_LIMITED, truncateUtf8 } from './closeCodes.ts';
import { fmtMs, runSession, type DrivenParty, type SessionOptions, type SessionResult } from './transport.ts';

/** Sessions at once, connections waiting for a slot, new connections per second per address. */
export const DEFAULT_CONCURRENT = 4;
export const DEFAULT_MAX_PENDING = 16;
export const DEFAULT_CONN_RATE = 10;

/**
 * Connections one address may hold running or waiting, by default: min(2, K − 1), at least 1.
 * With two slots or more, one address can never hold them all, so a client elsewhere always
 * finds a slot or a place in the queue; an honest client runs one session at a time, and 2
 * leaves room for a retry beside a session still ending. With K = 1 the one slot must be
 * someone's. Behind a proxy (or Eve) every client has the proxy's address: raise it there.
 */
export const defaultMaxPerAddress = (concurrent: number): number => Math.max(1, Math.min(2, concurrent - 1));

export interface ServerOptions {
  host: string;
  /** 0 asks the OS for a free port. */
  port: number;
  /** Largest frame accepted (bytes); larger frames are refused with close 1009. */
  maxPayload: number;
  /** Sessions to serve before stopping; 0 = serve until closed. */
  sessions: number;
  session: SessionOptions;
  /** Sessions at once (default DEFAULT_CONCURRENT). */
  concurrent?: number;
  /** Connections that may wait for a slot (default DEFAULT_MAX_PENDING; 0: refuse at once). */
  maxPending?: number;
  /** New connections per second per remote address (default DEFAULT_CONN_RATE; 0: no limit). */
  connRate?: number;
  /** Connections running or waiting per remote address (default defaultMaxPerAddress(concurrent)). */
  maxPerAddress?: number;
  /** A fresh party for session `index` (0-based). */
  newParty(index: number): DrivenParty;
  onSessionStart?(index: number, remote: string): void;
  onSessionEnd?(index: number, result: SessionResult): void;
  /** A connection refused (busy, rate limited, per-address limit, shutting down), with the close it got. */
  onRefused?(remote: string, code: number, reason: string): void;
  /** A waiting connection closed before its session started. */
  onLeft?(remote: string): void;
}

export interface ServerHandle {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Resolves with every session's result once `sessions` sessions have ended or close() ran. */
  done: Promise<SessionResult[]>;
  /** Stop accepting, drop any running session's socket, and resolve `done`. */
  close(): Promise<void>;
}

/**
 * A token bucket per address: `rate` tokens a second, at most 2·rate held. Buckets that have
 * refilled are forgotten when there are many, so a scan of addresses cannot grow it forever.
 */
export function rateLimiter(rate: number, now: () => number = Date.now): (addr: string) => boolean {
  if (rate <= 0) return () => true;
  const cap = 2 * rate;
  const buckets = new Map<string, { tokens: number; t: number }>();
  return (addr) => {
    const t = now();
    if (buckets.size > 4096) {
      for (const [k, b] of buckets) if (b.tokens + ((t - b.t) / 1000) * rate >= cap) buckets.delete(k);
    }
    const b = buckets.get(addr) ?? { tokens: cap, t };
    b.tokens = Math.min(cap, b.tokens + ((t - b.t) / 1000) * rate);
    b.t = t;
    buckets.set(addr, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
}

interface Waiting {
  ws: WebSocket;
  addr: string;
  remote: string;
  timer: NodeJS.Timeout;
  /** What it sent while waiting: at most one frame (see the header). */
  held: Array<{ data: RawData; isBinary: boolean }>;
  onMessage(data: RawData, isBinary: boolean): void;
}

/** Start listening; rejects with SepkaError('SEPKA_ERR_USAGE') when the address cannot be bound. */
export function serve(opts: ServerOptions): Promise<ServerHandle> {
  const wss = new WebSocketServer({
    host: opts.host,
    port: opts.port,
    maxPayload: opts.maxPayload,
    perMessageDeflate: false,
    clientTracking: true,
  });
  const K = opts.concurrent ?? DEFAULT_CONCURRENT;
  const maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
  const rate = opts.connRate ?? DEFAULT_CONN_RATE;
  const perAddress = opts.maxPerAddress ?? defaultMaxPerAddress(K);
  const admit = rateLimiter(rate);
  const waitMs = opts.session.stepTimeoutMs;
  const results: SessionResult[] = [];
  /** Running sessions, with their remote address. */
  const active = new Map<WebSocket, string>();
  const queue: Waiting[] = [];
  /** Connections running or waiting, per remote address (absent = 0). */
  const held = new Map<string, number>();
  const take = (addr: string) => held.set(addr, (held.get(addr) ?? 0) + 1);
  const release = (addr: string) => {
    const k = (held.get(addr) ?? 1) - 1;
    if (k > 0) held.set(addr, k);
    else held.delete(addr);
  };
  let started = 0;
  let closing = false;
  let resolveDone!: (r: SessionResult[]) => void;
  const done = new Promise<SessionResult[]>((r) => (resolveDone = r));
  const noMore = () => opts.sessions > 0 && started >= opts.sessions;

  const shutdown = async () => {
    if (closing) return;
    closing = true;
    for (const w of queue.splice(0)) clearTimeout(w.timer);
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    resolveDone(results);
  };

  const refuse = (ws: WebSocket, remote: string, code: number, reason: string) => {
    opts.onRefused?.(remote, code, reason);
    ws.close(code, truncateUtf8(reason));
    // ws would wait 30 s for the client's close frame; a refused client gets 2 s.
    setTimeout(() => ws.terminate(), 2000).unref();
  };

  /** Take `w` out of the queue (it left, timed out, or starts now); false if it was not there. */
  const unqueue = (w: Waiting): boolean => {
    const i = queue.indexOf(w);
    if (i < 0) return false;
    queue.splice(i, 1);
    clearTimeout(w.timer);
    w.ws.off('message', w.onMessage);
    release(w.addr);
    return true;
  };

  /** Waiting connections still open (one that left is dropped here too, if its 'close' is still to come). */
  const liveWaiting = (): number => {
    for (const w of [...queue]) if (w.ws.readyState !== WebSocket.OPEN && unqueue(w)) opts.onLeft?.(w.remote);
    return queue.length;
  };

  const begin = (ws: WebSocket, addr: string, remote: string, early: Waiting['held'] = []) => {
    active.set(ws, addr);
    const index = started++;
    opts.onSessionStart?.(index, remote);
    const session: SessionOptions = {
      ...opts.session,
      early,
      onOutcome: (o) => {
        // The slot frees as soon as the outcome is known, not when the TCP close completes,
        // so a client that reconnects right after our close frame finds it free.
        opts.session.onOutcome?.(o);
        free(ws);
      },
    };
    // A session never rejects (transport.ts turns every failure into an outcome).
    void runSession(ws, opts.newParty(index), session).then((res) => {
      free(ws);
      results.push(res);
      opts.onSessionEnd?.(index, res);
      if (opts.sessions > 0 && results.length >= opts.sessions) void shutdown();
    });
  };

  /** A slot is free: start the longest-waiting connection that is still there. */
  const free = (ws: WebSocket) => {
    const addr = active.get(ws);
    if (addr === undefined) return;
    active.delete(ws);
    release(addr);
    while (!closing && active.size < K && queue.length > 0) {
      const w = queue[0];
      unqueue(w);
      if (w.ws.readyState !== WebSocket.OPEN) {
        w.ws.terminate();
        opts.onLeft?.(w.remote);
      } else if (noMore()) refuse(w.ws, w.remote, CLOSE_GOING_AWAY, 'no more sessions: alice is shutting down');
      else {
        take(w.addr);
        begin(w.ws, w.addr, w.remote, w.held);
      }
    }
  };

  wss.on('connection', (ws, req) => {
    const ip = req.socket.remoteAddress ?? 'unknown';
    // The limits count an IPv6 client by its /64 (addressKey.ts): one host holds a whole /64.
    const addr = addressKey(ip);
    const remote = `${ip}:${req.socket.remotePort}`;
    // An 'error' without a listener would crash the process; runSession adds its own.
    ws.on('error', () => {});
    if (closing) {
      ws.terminate();
      return;
    }
    if (!admit(addr)) {
      refuse(ws, remote, CLOSE_RATE_LIMITED, `rate limited: over ${rate} new connections a second from ${addr}; try again later`);
      return;
    }
    const waiting = liveWaiting();
    const mine = held.get(addr) ?? 0;
    if (mine >= perAddress) {
      refuse(ws, remote, CLOSE_ADDRESS_BUSY, `per-address limit: ${mine} running or waiting from ${addr}, at most ${perAddress}; try again later`);
      return;
    }
    if (active.size < K) {
      // A free slot but the last session has started: nothing more will be served.
      if (noMore()) refuse(ws, remote, CLOSE_GOING_AWAY, 'no more sessions: alice is shutting down');
      else {
        take(addr);
        begin(ws, addr, remote);
      }
      return;
    }
    if (waiting >= maxPending || noMore()) {
      const n = active.size;
      refuse(ws, remote, CLOSE_BUSY, `busy: ${n} session${n === 1 ? '' : 's'} running and ${waiting} waiting; try again later`);
      return;
    }
    // Wait for a slot, reading (see the header): its first frame is held for the session.
    const w: Waiting = {
      ws,
      addr,
      remote,
      held: [],
      onMessage: (data, isBinary) => {
        if (w.held.length === 0) {
          w.held.push({ data, isBinary });
          return;
        }
        unqueue(w);
        refuse(ws, remote, CLOSE_POLICY, 'hello: a second frame while waiting for a session slot (send one, then wait for alice)');
      },
      timer: setTimeout(() => {
        unqueue(w);
        refuse(ws, remote, CLOSE_BUSY, `busy: no session slot freed within ${fmtMs(waitMs)}; try again later`);
      }, waitMs),
    };
    ws.on('message', w.onMessage);
    ws.once('close', () => {
      if (unqueue(w)) opts.onLeft?.(remote);
    });
    take(addr);
    queue.push(w);
  });

  return new Promise((resolve, reject) => {
    wss.once('error', (e: Error & { code?: string }) => {
      reject(new SepkaError('SEPKA_ERR_USAGE', `cannot listen on ${opts.host}:${opts.port}: ${e.code ?? e.message}`));
    });
    wss.once('listening', () => {
      const port = (wss.address() as AddressInfo).port;
      // After listening, a server error (rare: e.g. EMFILE) ends the server rather than the process.
      wss.on('error', () => void shutdown());
      resolve({ port, done, close: shutdown });
    });
  });
}
