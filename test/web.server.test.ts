/**
 * The page server of `demo --web` (src/web/server.ts): it serves its fixed files
 * (the page, its script, and vega / vega-lite's browser builds from node_modules) with a
 * Content-Security-Policy, refuses a foreign Host (DNS rebinding) and a foreign Origin on the
 * WebSocket, pushes its snapshot to a page that connects, and takes `{"t":"run"}` and nothing else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { WebSocket } from 'ws';
import { startLiveServer, type LiveServer } from '../src/web/server.ts';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Open /live with the given Origin; resolves with the first message, or the refusal. */
function open(port: number, origin: string): Promise<{ ws?: WebSocket; first?: string; refused?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/live`, { origin });
    ws.once('message', (d) => resolve({ ws, first: d.toString() }));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

describe('live page server', () => {
  it('serves the page and the vega builds with a CSP, and nothing else', async () => {
    let runs = 0;
    server = await startLiveServer({ port: 0, onRunRequest: () => runs++, snapshot: () => undefined });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const page = await get(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'/);
    // Every script and style the page names is one of ours, by path (no host: nothing external).
    const refs = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual(['/app.js', '/style.css', '/vendor/vega-lite.min.js', '/vendor/vega.min.js']);
    for (const r of refs) expect((await get(server.port, r)).status, r).toBe(200);
    const vl = await get(server.port, '/vendor/vega-lite.min.js');
    expect(vl.headers['content-type']).toMatch(/^text\/javascript/);
    expect(vl.body).toContain('vegaLite');
    expect((await get(server.port, '/../package.json')).status).toBe(404);
    expect((await get(server.port, '/src/web/view.ts')).status).toBe(404);
    expect(runs).toBe(0);
  });

  it('refuses a foreign Host and a foreign Origin; takes only {"t":"run"} from a page', async () => {
    let runs = 0;
    server = await startLiveServer({ port: 0, onRunRequest: () => runs++, snapshot: () => '{"t":"state"}' });
    const port = server.port;
    expect((await get(port, '/', 'evil.example:80')).status).toBe(403);
    expect((await get(port, '/', `localhost:${port}`)).status).toBe(200);
    expect((await open(port, 'http://evil.example')).refused).toBe(403);
    const ok = await open(port, `http://127.0.0.1:${port}`);
    expect(ok.first).toBe('{"t":"state"}');
    for (const junk of ['{"t":"stop"}', 'not json', '[1,2]', '{"t":"run"}']) ok.ws!.send(junk);
    // The messages arrive in order on one connection: once the run request is handled, the
    // junk before it has been handled too (and ignored).
    for (let t = 0; t < 200 && runs === 0; t++) await new Promise((r) => setTimeout(r, 25));
    expect(runs).toBe(1);
    const got = new Promise<string>((r) => ok.ws!.once('message', (d) => r(d.toString())));
    server.broadcast('{"t":"state","n":2}');
    expect(await got).toBe('{"t":"state","n":2}');
    ok.ws!.close();
  });
});
