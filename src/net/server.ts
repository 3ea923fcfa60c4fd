/**
 * Alice's side of the wire: a WebSocket server that runs one session at a time (issue #4).
 *
 * Each accepted connection gets a fresh Party from `newParty` and is driven by transport.ts.
 * A connection that arrives while a session runs is refused at once with close 1013 and the
 * reason "busy", so a second client can neither disturb nor queue behind the running session.
 * After `sessions` sessions (0 = no limit) the server stops listening and `done` resolves.
 *
 * Options follow DESIGN.md §5: binary frames only, maxPayload from the largest legal message,
 * permessage-deflate off (about 20× slower on small frames).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Party } from '../protocol/party.ts';
import { SepkaError } from '../errors.ts';
import { CLOSE_BUSY, CLOSE_GOING_AWAY } from './closeCodes.ts';
import { runSession, type SessionOptions, type SessionResult } from './transport.ts';

export interface ServerOptions {
  host: string;
  /** 0 asks the OS for a free port. */
  port: number;
  /** Largest frame accepted (bytes); larger frames are refused with close 1009. */
  maxPayload: number;
  /** Sessions to serve before stopping; 0 = serve until closed. */
  sessions: number;
  session: SessionOptions;
  /** A fresh party for session `index` (0-based). */
  newParty(index: number): Party;
  onSessionStart?(index: number, remote: string): void;
  onSessionEnd?(index: number, result: SessionResult): void;
  /** A connection refused because a session was running. */
  onBusy?(remote: string): void;
}

export interface ServerHandle {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Resolves with every session's result once `sessions` sessions have ended or close() ran. */
  done: Promise<SessionResult[]>;
  /** Stop accepting, drop any running session's socket, and resolve `done`. */
  close(): Promise<void>;
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
  const results: SessionResult[] = [];
  let started = 0;
  let active: WebSocket | undefined;
  let closing = false;
  let resolveDone!: (r: SessionResult[]) => void;
  const done = new Promise<SessionResult[]>((r) => (resolveDone = r));

  const shutdown = async () => {
    if (closing) return;
    closing = true;
    for (const c of wss.clients) c.terminate();
    await new Promise<void>((r) => wss.close(() => r()));
    resolveDone(results);
  };

  wss.on('connection', (ws, req) => {
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    // An 'error' without a listener would crash the process; runSession adds its own.
    ws.on('error', () => {});
    if (closing) {
      ws.terminate();
      return;
    }
    if (active) {
      opts.onBusy?.(remote);
      ws.close(CLOSE_BUSY, 'busy: a session is already running; try again later');
      return;
    }
    if (opts.sessions > 0 && started >= opts.sessions) {
      // The last session is over (its socket still closing): nothing more will be served.
      ws.close(CLOSE_GOING_AWAY, 'no more sessions: alice is shutting down');
      return;
    }
    active = ws;
    const index = started++;
    opts.onSessionStart?.(index, remote);
    const session: SessionOptions = {
      ...opts.session,
      onOutcome: (o) => {
        // The slot frees as soon as the outcome is known, not when the TCP close completes,
        // so a client that reconnects right after our close frame is not refused as busy.
        if (active === ws) active = undefined;
        opts.session.onOutcome?.(o);
      },
    };
    // A session never rejects (transport.ts turns every failure into an outcome).
    void runSession(ws, opts.newParty(index), session).then((res) => {
      if (active === ws) active = undefined;
      results.push(res);
      opts.onSessionEnd?.(index, res);
      if (opts.sessions > 0 && results.length >= opts.sessions) void shutdown();
    });
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
