/**
 * A hostile Bob for the tap's bound tests: a raw TCP client that performs the WebSocket
 * upgrade (RFC 6455 §4.1) and then streams binary frames regardless of what it is told: it
 * ignores the close frame it receives and keeps writing. It stops at `total` bytes, when its
 * socket is closed, or when a write has not drained for `stallMs` (the peer stopped reading and
 * both kernels' buffers are full). It reports the bytes the kernel took and the close code it
 * was sent (0 if none) with its reason.
 */
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface HostileEnd {
  /** Frame bytes handed to the kernel (header included). */
  sent: number;
  /** The close code in the first close frame received, 0 if none came. */
  closeCode: number;
  /** Its reason ('' if none). */
  reason: string;
}

/** One masked binary frame (mask key 0: the payload is sent as it is) of `len` ≤ 65535 bytes. */
function frame(len: number): Buffer {
  const head = len < 126 ? Buffer.from([0x82, 0x80 | len, 0, 0, 0, 0]) : Buffer.from([0x82, 0x80 | 126, len >> 8, len & 0xff, 0, 0, 0, 0]);
  return Buffer.concat([head, Buffer.alloc(len)]);
}

export function streamingBob(port: number, opts: { frameBytes: number; total: number; stallMs?: number }): Promise<HostileEnd> {
  const stallMs = opts.stallMs ?? 1000;
  const chunk = Buffer.concat(Array.from({ length: Math.max(1, Math.floor((64 * 1024) / (opts.frameBytes + 8))) }, () => frame(opts.frameBytes)));
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let closed = false;
    let closeCode = 0;
    let reason = '';
    let head = Buffer.alloc(0);
    let upgraded = false;
    sock.on('error', () => {});
    sock.on('close', () => (closed = true));
    sock.on('connect', () => {
      sock.write(
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    sock.on('data', (d: Buffer) => {
      head = Buffer.concat([head, d]);
      if (!upgraded) {
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        head = head.subarray(end + 4);
        void stream();
      }
      // Server frames are unmasked; only the first close frame matters (opcode 8, code in 2 bytes).
      const len = head.length >= 2 ? head[1] & 0x7f : 0;
      if (closeCode === 0 && head.length >= 2 + len && len >= 2 && (head[0] & 0x0f) === 8) {
        closeCode = head.readUInt16BE(2);
        reason = head.subarray(4, 2 + len).toString();
      }
    });
    const stream = async () => {
      let sent = 0;
      while (!closed && sent < opts.total) {
        const flushed = sock.write(chunk);
        sent += chunk.length;
        if (!flushed) {
          const drained = await new Promise<boolean>((r) => {
            const t = setTimeout(() => r(false), stallMs);
            sock.once('drain', () => (clearTimeout(t), r(true)));
            sock.once('close', () => (clearTimeout(t), r(false)));
          });
          if (!drained) {
            sent -= sock.writableLength; // what the kernel never took
            break;
          }
        }
      }
      sock.destroy();
      resolve({ sent, closeCode, reason });
    };
  });
}
