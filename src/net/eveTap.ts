/**
 * Eve's forwarding tap (DESIGN.md §4, issue #4): a WebSocket server that, for every client
 * (Bob) connection, opens a connection to the forward URL (Alice) and relays frames both ways
 * unchanged, as binary or text exactly as received. A copy of each frame is handed to
 * `onFrame` *after* it has been forwarded, so the analysis never delays the honest parties
 * (the CLI passes the copies on to a worker thread, eveWorker.ts).
 *
 * Closes are mirrored so the tap stays invisible: a close code/reason from one side is sent to
 * the other; a dropped connection (1006) is mirrored by dropping the other socket, so each
 * party sees what it would have seen without Eve. Frames that exceed maxPayload are refused
 * with 1009, as Alice would refuse them.
 */
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { AddressInfo } from 'node:net';
import type { Direction } from '../protocol/party.ts';
import { SepkaError } from '../errors.ts';
import { CLOSE_ABNORMAL, CLOSE_INTERNAL, isSendableCode, truncateUtf8 } from './closeCodes.ts';

export interface TapOptions {
  host: string;
  port: number;
  /** ws:// URL of Alice. */
  forward: string;
  maxPayload: number;
  onConnection?(index: number, remote: string): void;
  /** A copy of one forwarded frame of connection `index`. */
  onFrame?(index: number, dir: Direction, frame: Uint8Array, binary: boolean): void;
  /** Both sockets of connection `index` are closed; the codes each side saw. */
  onConnectionEnd?(index: number, ends: { bob: SideEnd; alice: SideEnd }): void;
}

export interface SideEnd {
  code: number;
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

/** Close `to` the way `from` was closed (see the header). */
function mirrorClose(to: WebSocket, code: number, reason: string): void {
  if (to.readyState === WebSocket.CLOSED || to.readyState === WebSocket.CLOSING) return;
  if (to.readyState === WebSocket.CONNECTING || code === CLOSE_ABNORMAL) to.terminate();
  else if (isSendableCode(code)) to.close(code, truncateUtf8(reason));
  else to.close();
}

export function startTap(opts: TapOptions): Promise<TapHandle> {
  const wss = new WebSocketServer({
    host: opts.host,
    port: opts.port,
    maxPayload: opts.maxPayload,
    perMessageDeflate: false,
  });
  const upstreams = new Set<WebSocket>();
  let next = 0;

  wss.on('connection', (bob, req) => {
    const index = next++;
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    opts.onConnection?.(index, remote);
    const alice = new WebSocket(opts.forward, { maxPayload: opts.maxPayload, perMessageDeflate: false });
    upstreams.add(alice);
    const queue: Array<[RawData, boolean]> = [];
    const ends: { bob?: SideEnd; alice?: SideEnd } = {};
    let aliceError: (Error & { code?: string }) | undefined;
    const ended = () => {
      if (ends.bob && ends.alice) {
        upstreams.delete(alice);
        opts.onConnectionEnd?.(index, { bob: ends.bob, alice: ends.alice });
      }
    };

    bob.on('error', () => {}); // ws closes the socket itself; 'close' follows
    alice.on('error', (e) => {
      aliceError = e;
    });

    bob.on('message', (data, isBinary) => {
      if (alice.readyState === WebSocket.OPEN) alice.send(data, { binary: isBinary });
      else if (alice.readyState === WebSocket.CONNECTING) queue.push([data, isBinary]);
      opts.onFrame?.(index, 'bob->alice', copyOf(data), isBinary);
    });
    let aliceOpened = false;
    alice.on('open', () => {
      aliceOpened = true;
      for (const [data, isBinary] of queue) alice.send(data, { binary: isBinary });
      queue.length = 0;
    });
    alice.on('message', (data, isBinary) => {
      if (bob.readyState === WebSocket.OPEN) bob.send(data, { binary: isBinary });
      opts.onFrame?.(index, 'alice->bob', copyOf(data), isBinary);
    });

    bob.on('close', (code, reason) => {
      ends.bob = { code, reason: reason.toString() };
      mirrorClose(alice, code, ends.bob.reason);
      ended();
    });
    alice.on('close', (code, reason) => {
      ends.alice = { code, reason: reason.toString() };
      if (!aliceOpened && bob.readyState === WebSocket.OPEN) {
        // Alice was never reached: tell Bob why rather than just dropping him.
        bob.close(CLOSE_INTERNAL, truncateUtf8(`eve: cannot reach alice: ${aliceError?.code ?? aliceError?.message ?? `closed with ${code}`}`));
      } else mirrorClose(bob, code, ends.alice.reason);
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
