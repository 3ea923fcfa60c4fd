/**
 * The thin driver between one WebSocket and one `Party` (src/protocol/party.ts, DESIGN.md §5):
 * it feeds every inbound binary frame to `party.receive`, sends the frames the party returns,
 * and closes the socket with a code and a one-line reason once the party reports an outcome.
 * It knows nothing of protocol semantics.
 *
 * Liveness: a per-step deadline bounds the wait for the peer's next frame, and a
 * ping/pong keep-alive tells a stalled peer (still answering pings) from a vanished one. The
 * deadline is re-armed only after our own processing of a frame, so our computation never
 * counts against the peer.
 *
 * A whole-session deadline runs beside it from the first frame on, and counts
 * everything, our own computation included.
 *
 * A party may compute elsewhere (a worker thread, src/demo/aliceHost.ts): `start` and `receive`
 * may return a promise. Frames that arrive meanwhile wait in order, and the step deadline is
 * off while we compute, so that one session's work never counts against its peer.
 *
 * The last frame. A party whose success comes with frames to send (Bob, whose
 * success sends his confirmation) has spoken last: its peer has not yet seen that frame. Its
 * success counts only once the peer closes with 1000, which Alice sends only after checking the
 * frame; any other close, a lost connection or a deadline makes it a failure with no key. So a
 * key held by Bob implies one held by Alice; the converse can fail only when her 1000 close is
 * lost (docs/security.md, "The last message").
 *
 * Close codes: see closeCodes.ts. Oversized frames are refused by ws itself (maxPayload) with
 * 1009; a text frame is refused with 1008 because sepka frames are binary.
 */
import { WebSocket, type RawData } from 'ws';
import type { Party, PartyOutput, SessionOutcome } from '../protocol/party.ts';
import {
  CLOSE_ABNORMAL,
  CLOSE_NORMAL,
  CLOSE_TOO_BIG,
  closeCodeFor,
  closeForWsError,
  closeLabel,
  closeName,
  errorForPeerClose,
  truncateUtf8,
} from './closeCodes.ts';
import { safeText } from '../text.ts';

export interface SessionOptions {
  /** Longest wait for the peer's next frame, per step (ms). */
  stepTimeoutMs: number;
  /** Whole-session deadline (ms), on top of the per-step timeout; absent = none. */
  sessionTimeoutMs?: number;
  /** Keep-alive ping period (ms); default min(5000, stepTimeoutMs / 3). */
  pingIntervalMs?: number;
  /** How long to wait for the peer to acknowledge our close before dropping the socket (ms). */
  closeGraceMs?: number;
  /** Called once, as soon as the outcome is known (before the close handshake completes). */
  onOutcome?(outcome: SessionOutcome): void;
  /** Called after each frame in or out, with the party's progress, for live display. */
  onProgress?(progress: Record<string, number | string>): void;
  /** Frames that arrived before the session started (server.ts holds a waiting client's hello). */
  early?: ReadonlyArray<{ data: RawData; isBinary: boolean }>;
}

export interface CloseInfo {
  code: number;
  reason: string;
  /** Who sent the close frame first: us, the peer, or nobody (the connection dropped). */
  by: 'us' | 'peer' | 'none';
}

export interface SessionResult {
  outcome: SessionOutcome;
  close: CloseInfo;
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
}

export const DEFAULT_STEP_TIMEOUT_MS = 30_000;

/**
 * What the transport drives: a Party (src/protocol/party.ts) whose `start` and `receive` may
 * also answer later, from a worker thread. `abort` and `progress` stay synchronous.
 */
export type DrivenParty = Omit<Party, 'start' | 'receive'> & {
  start(): PartyOutput | Promise<PartyOutput>;
  receive(frame: Uint8Array): PartyOutput | Promise<PartyOutput>;
};

/** "1.5 s" or "300 ms", for timeout reasons. */
export const fmtMs = (ms: number): string => (ms < 1000 ? `${ms} ms` : `${+(ms / 1000).toFixed(1)} s`);

function asBytes(data: RawData): Uint8Array {
  // binaryType is 'nodebuffer' (the default), so a message is one Buffer.
  const b = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Drive `party` over the open socket `ws` until the session ends and the socket is closed.
 * Never rejects: every failure becomes a failure outcome.
 */
export function runSession(ws: WebSocket, party: DrivenParty, opts: SessionOptions): Promise<SessionResult> {
  const stepTimeoutMs = opts.stepTimeoutMs;
  const pingIntervalMs = opts.pingIntervalMs ?? Math.max(50, Math.min(5000, Math.floor(stepTimeoutMs / 3)));
  const closeGraceMs = opts.closeGraceMs ?? 2000;
  const counts = { framesIn: 0, framesOut: 0, bytesIn: 0, bytesOut: 0 };

  return new Promise((resolve) => {
    let outcome: SessionOutcome | undefined;
    let close: CloseInfo | undefined;
    let lastPong = Date.now();
    let deadline: NodeJS.Timeout | undefined;
    let grace: NodeJS.Timeout | undefined;
    /** Our success, sent with our last frame, until the peer's 1000 close acknowledges it. */
    let provisional: SessionOutcome | undefined;
    /** A start/receive computing elsewhere, and the frames that arrived meanwhile. */
    let busy = false;
    const inbox: Uint8Array[] = [];
    const whole =
      opts.sessionTimeoutMs === undefined
        ? undefined
        : setTimeout(() => finish(party.abort('SEPKA_ERR_LIMIT', `session deadline: not finished within ${fmtMs(opts.sessionTimeoutMs!)}`)), opts.sessionTimeoutMs);
    const pinger = setInterval(() => {
      if (ws.readyState === WebSocket.OPEN) ws.ping();
    }, pingIntervalMs);

    const stopTimers = () => {
      clearInterval(pinger);
      if (whole) clearTimeout(whole);
      if (deadline) clearTimeout(deadline);
      deadline = undefined;
    };

    const progress = () => {
      if (!opts.onProgress) return;
      try {
        opts.onProgress(party.progress());
      } catch {
        // Display must never break a session.
      }
    };

    const decided = (o: SessionOutcome) => {
      outcome = o;
      try {
        opts.onOutcome?.(o);
      } catch {
        // a callback must not break the session
      }
    };

    const finish = (o: SessionOutcome) => {
      if (outcome) return;
      decided(o);
      stopTimers();
      progress();
      if (ws.readyState === WebSocket.OPEN) {
        const code = o.ok ? CLOSE_NORMAL : closeCodeFor(o.code);
        const reason = truncateUtf8(o.ok ? 'session complete' : `${o.step}: ${o.reason}`);
        close = { code, reason, by: 'us' };
        ws.close(code, reason);
        // ws would wait 30 s for the peer's close frame; a silent peer is dropped sooner.
        grace = setTimeout(() => ws.terminate(), closeGraceMs);
      }
    };

    const arm = () => {
      if (deadline) clearTimeout(deadline);
      deadline = setTimeout(() => {
        const s = fmtMs(stepTimeoutMs);
        const alive = Date.now() - lastPong < stepTimeoutMs;
        finish(
          provisional
            ? party.abort('SEPKA_ERR_TIMEOUT', `peer did not acknowledge our last frame within ${s}; no key`)
            : alive
            ? party.abort('SEPKA_ERR_TIMEOUT', `peer stalled: no frame for ${s} (it still answers pings)`)
            : party.abort('SEPKA_ERR_TIMEOUT', `peer unresponsive: no frame or pong for ${s}`),
        );
      }, stepTimeoutMs);
    };

    const deliver = (out: PartyOutput) => {
      for (const f of out.frames) {
        if (ws.readyState !== WebSocket.OPEN) break;
        ws.send(f, { binary: true });
        counts.framesOut++;
        counts.bytesOut += f.byteLength;
      }
      if (out.outcome?.ok && out.frames.length > 0) {
        // We spoke last: the success waits for the peer's acknowledgement (see the header).
        provisional = out.outcome;
        progress();
        arm();
      } else if (out.outcome) finish(out.outcome);
      else {
        progress();
        arm();
      }
    };

    const internal = (e: unknown) => {
      // A Party never throws by contract; if one does, it is our bug, not the peer's.
      const msg = e instanceof Error ? e.message : String(e);
      finish(party.abort('SEPKA_ERR_INTERNAL', `internal error: ${msg.split('\n')[0]}`));
    };

    /** Run one party call: now, or (a promise) with the step deadline off until it answers. */
    const call = (fn: () => PartyOutput | Promise<PartyOutput>) => {
      let r: PartyOutput | Promise<PartyOutput>;
      try {
        r = fn();
      } catch (e) {
        internal(e);
        return;
      }
      if (!(r instanceof Promise)) return deliver(r);
      busy = true;
      if (deadline) clearTimeout(deadline);
      deadline = undefined;
      r.then(
        (out) => {
          busy = false;
          if (outcome) return;
          deliver(out);
          pump();
        },
        (e) => {
          busy = false;
          if (!outcome) internal(e);
        },
      );
    };

    const pump = () => {
      while (!busy && !outcome && !provisional && inbox.length > 0) {
        const frame = inbox.shift()!;
        call(() => party.receive(frame));
      }
    };

    const onMessage = (data: RawData, isBinary: boolean) => {
      if (outcome) return;
      lastPong = Date.now();
      const frame = asBytes(data);
      counts.framesIn++;
      counts.bytesIn += frame.byteLength;
      if (!isBinary) {
        finish(party.abort('SEPKA_ERR_FRAME_TYPE', 'text frame received; sepka frames are binary'));
        return;
      }
      // After our last frame nothing is legal but the peer's close (frames are ignored).
      if (provisional) return;
      inbox.push(frame);
      pump();
    };
    ws.on('message', onMessage);
    ws.on('pong', () => {
      lastPong = Date.now();
    });
    ws.on('error', (e: Error & { code?: string }) => {
      // A frame ws could not accept (too big, bad opcode, …): ws has already sent its close
      // and 'close' follows; the session is over now.
      if (outcome) return;
      stopTimers();
      const { code, what } = closeForWsError(e);
      close = { code, reason: what, by: 'us' };
      decided(party.abort(code === CLOSE_TOO_BIG ? 'SEPKA_ERR_FRAME_TOO_LONG' : 'SEPKA_ERR_FRAME_FIELD', what));
      progress();
    });
    ws.on('close', (code, reasonBuf) => {
      stopTimers();
      if (grace) clearTimeout(grace);
      // The peer's reason is outside text: escaped here, so every message and JSON built from
      // it is safe to print.
      const reason = safeText(reasonBuf.toString());
      if (!outcome) {
        close = { code, reason, by: code === CLOSE_ABNORMAL ? 'none' : 'peer' };
        if (provisional && code === CLOSE_NORMAL) decided(provisional);
        else {
          const detail = reason.startsWith(closeName(code)) ? `${code} ${reason}` : `${closeLabel(code)}${reason ? `: ${reason}` : ''}`;
          const last = provisional ? ' before acknowledging our last frame; no key' : '';
          decided(party.abort(errorForPeerClose(code), `peer closed the connection (${detail})${last}`));
        }
        progress();
      }
      resolve({ outcome: outcome!, close: close ?? { code, reason, by: 'peer' }, ...counts });
    });

    if (ws.readyState !== WebSocket.OPEN) {
      // The peer left between the handshake and now; 'close' may already have fired.
      stopTimers();
      decided(party.abort('SEPKA_ERR_DISCONNECTED', 'peer closed the connection before the session started'));
      resolve({ outcome: outcome!, close: { code: CLOSE_ABNORMAL, reason: '', by: 'none' }, ...counts });
      return;
    }
    call(() => party.start());
    for (const m of opts.early ?? []) onMessage(m.data, m.isBinary);
  });
}
