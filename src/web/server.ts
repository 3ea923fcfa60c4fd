/**
 * The HTTP and WebSocket server of `sepka demo --web`, on 127.0.0.1 only.
 *
 * It serves a fixed set of files — the page, its script and style (src/web/static/), and the
 * browser builds of vega and vega-lite from node_modules — and nothing else: the page loads
 * nothing from the network. `/live` is a WebSocket (ws) on which the server pushes the page's
 * state; the only message it takes from a page is `{"t":"run"}` ("run again").
 *
 * Being reachable only on loopback is not enough: a web page elsewhere can make the browser
 * talk to 127.0.0.1, and DNS rebinding can give it our origin. So a request whose Host is not
 * 127.0.0.1:PORT or localhost:PORT is refused (403), a WebSocket whose Origin is not this server
 * is refused, and every response carries a Content-Security-Policy that allows only our own
 * scripts ('unsafe-eval' is needed by vega, which compiles its expressions with Function).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, WebSocket } from 'ws';
import { SepkaError } from '../errors.ts';

export interface LiveServerOptions {
  port: number;
  /** The page asked for a new run. */
  onRunRequest(): void;
  /** The latest state message, sent to a page as soon as it connects. */
  snapshot(): string | undefined;
}

export interface LiveServer {
  url: string;
  port: number;
  broadcast(data: string): void;
  close(): Promise<void>;
}

const STATIC = fileURLToPath(new URL('./static/', import.meta.url));

/** The browser build of a package's main module, found next to the file Node resolves for it. */
function browserBuild(pkg: string, file: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(pkg)), file);
}

const CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

interface Asset {
  type: string;
  body: Buffer;
}

function assets(): Map<string, Asset> {
  const js = 'text/javascript; charset=utf-8';
  return new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: readFileSync(join(STATIC, 'index.html')) }],
    ['/app.js', { type: js, body: readFileSync(join(STATIC, 'app.js')) }],
    ['/style.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(STATIC, 'style.css')) }],
    ['/vendor/vega.min.js', { type: js, body: readFileSync(browserBuild('vega', 'vega.min.js')) }],
    ['/vendor/vega-lite.min.js', { type: js, body: readFileSync(browserBuild('vega-lite', 'vega-lite.min.js')) }],
  ]);
}

export async function startLiveServer(o: LiveServerOptions): Promise<LiveServer> {
  const files = assets();
  let port = o.port;
  const hostOk = (host: string | undefined) => host === `127.0.0.1:${port}` || host === `localhost:${port}`;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (status: number, type: string, body: Buffer | string) => {
      res.writeHead(status, {
        'Content-Type': type,
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (!hostOk(req.headers.host)) return send(403, 'text/plain', 'forbidden host\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/favicon.ico') return send(204, 'image/x-icon', '');
    const a = files.get(path);
    if (!a) return send(404, 'text/plain', 'not found\n');
    send(200, a.type, a.body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  server.on('upgrade', (req, socket, head) => {
    const origin = req.headers.origin;
    if (!hostOk(req.headers.host) || req.url !== '/live' || (origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (ws: WebSocket) => {
    const snap = o.snapshot();
    if (snap) ws.send(snap);
    ws.on('message', (data, binary) => {
      if (binary) return;
      try {
        const m = JSON.parse(data.toString()) as unknown;
        if (typeof m === 'object' && m !== null && (m as { t?: unknown }).t === 'run') o.onRunRequest();
      } catch {
        // Not ours: ignored.
      }
    });
    ws.on('error', () => {});
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(new SepkaError('SEPKA_ERR_USAGE', `--port ${o.port}: cannot listen on 127.0.0.1 (${e.code ?? e.message})`)),
    );
    server.listen(o.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    broadcast(data) {
      for (const c of wss.clients) if (c.readyState === WebSocket.OPEN) c.send(data);
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
