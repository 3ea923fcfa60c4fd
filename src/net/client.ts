/**
 * Bob's side of the wire: connect to Alice (or to Eve, who forwards to Alice) and drive one
 * session with transport.ts. Same socket options as the server (DESIGN.md §5):
 * binary frames, maxPayload from the largest legal message, permessage-deflate off.
 *
 * A connection that never opens (refused, unreachable, handshake timeout, HTTP error) ends the
 * session at its first step with SEPKA_ERR_DISCONNECTED and a one-line reason. URLs echoed in
 * messages go through text.ts `safeUrl` (escaped, credentials dropped).
 */
import { WebSocket } from 'ws';
import { SepkaError } from '../errors.ts';
import { safeText, safeUrl } from '../text.ts';
import { closeLabel } from './closeCodes.ts';
import { runSession, type DrivenParty, type SessionOptions, type SessionResult } from './transport.ts';

export interface ClientOptions {
  url: string;
  maxPayload: number;
  session: SessionOptions;
  /** Longest wait for the TCP + WebSocket handshake (ms). */
  connectTimeoutMs?: number;
}

/** Check a ws:// URL at the boundary; a bad one is a usage error (exit 2). */
export function parseWsUrl(url: string, flag = 'url'): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SepkaError('SEPKA_ERR_USAGE', `--${flag}: not a URL: '${safeUrl(url)}'`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
    throw new SepkaError('SEPKA_ERR_USAGE', `--${flag}: expected ws://HOST:PORT, got '${safeUrl(url)}'`);
  }
  return u;
}

export function connect(party: DrivenParty, opts: ClientOptions): Promise<SessionResult> {
  parseWsUrl(opts.url);
  const ws = new WebSocket(opts.url, {
    maxPayload: opts.maxPayload,
    perMessageDeflate: false,
    handshakeTimeout: opts.connectTimeoutMs ?? 10_000,
  });
  return new Promise((resolve) => {
    let early: (Error & { code?: string }) | undefined;
    const onError = (e: Error) => {
      early = e;
    };
    const onClose = (code: number) => {
      // ws's message can quote the server's reply (an HTTP status line): outside text.
      const why = early ? safeText(early.code ?? early.message.split('\n')[0]) : `closed with ${closeLabel(code)}`;
      const outcome = party.abort('SEPKA_ERR_DISCONNECTED', `cannot connect to ${safeUrl(opts.url)}: ${why}`);
      resolve({ outcome, close: { code, reason: why, by: 'none' }, framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 });
    };
    ws.on('error', onError);
    ws.once('close', onClose);
    ws.once('open', () => {
      ws.off('close', onClose);
      ws.off('error', onError);
      resolve(runSession(ws, party, opts.session));
    });
  });
}
