/**
 * `sepka demo --web` (issue #13): the page server (server.ts) and the runs it follows. Each
 * run is the terminal demo's own `runDemo` (src/demo/run.ts); its events — children spawned
 * and exiting, progress, results, Eve's report, the outcome — feed a LiveView (view.ts), whose
 * state goes to every open page over the WebSocket at most every `pushEveryMs`, and at once
 * when a run fails or ends. One run at a time; "run again" on the page starts the next.
 *
 * A child that exits before it has delivered what the session needs from it (Alice's or
 * Bob's result, Eve's report) died: the exit event itself marks the failure, naming the
 * child, and is pushed at once, without waiting for the demo to wind the session down.
 */
import { ChildGroup, type Child } from '../demo/lifecycle.ts';
import { isLastReport } from '../demo/supervise.ts';
import { runDemo, type DemoOptions, type DemoOutcome } from '../demo/run.ts';
import { demoFigures, type DemoFigures } from '../demo/report.ts';
import { derive, loadProfile } from '../protocol/profile.ts';
import { LiveView, type ViewState } from './view.ts';
import { chartSpecs } from './specs.ts';
import { startLiveServer, type LiveServer } from './server.ts';

export interface WebDemoOptions extends Pick<DemoOptions, 'protocol' | 'seed' | 'noEve' | 'timeoutMs' | 'eveBudgetMs' | 'deadlineMs'> {
  port: number;
  pushEveryMs?: number;
  /** The server is up. */
  onListening?(url: string): void;
  /** A run ended: the demo's figures (what the terminal demo prints), and its children. */
  onRunEnd?(fig: DemoFigures, out: DemoOutcome, children: readonly Child[]): void;
  /** Stop after this many runs (tests); default: serve until stopped. */
  maxRuns?: number;
}

/** A ChildGroup that reports each child as it is added, and knows when it is being stopped. */
class WatchedGroup extends ChildGroup {
  stopping = false;
  constructor(private readonly onAdd: (c: Child) => void) {
    super();
  }
  override add(c: Child): Child {
    super.add(c);
    this.onAdd(c);
    return c;
  }
  override async killAll(graceMs?: number, killNow?: string[]): Promise<void> {
    this.stopping = true;
    await super.killAll(graceMs, killNow);
  }
}

export interface WebDemo {
  server: LiveServer;
  /** Resolves when `maxRuns` runs are done, or after stop(). */
  done: Promise<void>;
  /** Latest state (tests). */
  state(): ViewState | undefined;
  /** Kill the current run's children and close the server. */
  stop(): Promise<void>;
}

export async function startWebDemo(o: WebDemoOptions): Promise<WebDemo> {
  const profile = loadProfile(o.protocol);
  const d = derive(profile);
  const params = { n: profile.n, m: profile.m, L: profile.L, w: profile.w, theta: profile.theta, pTheory: d.pTheory };
  const pushEveryMs = o.pushEveryMs ?? 200;
  let view: LiveView | undefined;
  let snapshot: string | undefined;
  let group: WatchedGroup | undefined;
  let running = false;
  let stopped = false;
  let runs = 0;
  let timer: NodeJS.Timeout | undefined;
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));

  const push = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!view) return;
    view.tick();
    snapshot = JSON.stringify({ t: 'state', state: view.state, charts: chartSpecs(view.state) });
    server.broadcast(snapshot);
  };
  const later = () => {
    timer ??= setTimeout(push, pushEveryMs);
  };

  const runOnce = async () => {
    running = true;
    runs++;
    const v = (view = new LiveView({ run: runs, protocol: o.protocol, seed: o.seed, noEve: o.noEve, params }));
    const delivered = new Set<string>();
    const g = (group = new WatchedGroup((c) => {
      v.spawned(c.role, c.pid);
      void c.exited.then(({ code, signal }) => {
        v.exited(c.role, code, signal, g.stopping || delivered.has(c.role));
        push();
      });
      later();
    }));
    push();
    // Heartbeat: elapsed time moves even while no child reports.
    const beat = setInterval(later, 500);
    try {
      const out = await runDemo(
        {
          protocol: o.protocol,
          seed: o.seed,
          noEve: o.noEve,
          timeoutMs: o.timeoutMs,
          eveBudgetMs: o.eveBudgetMs,
          deadlineMs: o.deadlineMs,
          onChildMessage: (role, m) => {
            if (isLastReport(role, m.t)) delivered.add(role);
            v.message(role, m);
            if (m.t === 'result' && !m.result.ok) push();
            else later();
          },
          onChildLine: (role, line) => {
            v.line(role, line);
            later();
          },
          // A child that stalled (no exit to see): the demo's own verdict names it at once.
          onFault: (f) => {
            if (f.kind !== 'exited') v.fault(f.child, f.reason);
            push();
          },
        },
        g,
      );
      const fig = demoFigures(out, o.noEve, d.pTheory);
      v.end(fig, out.error);
      push();
      if (!stopped) o.onRunEnd?.(fig, out, g.children);
    } finally {
      clearInterval(beat);
      running = false;
      if (o.maxRuns !== undefined && runs >= o.maxRuns) finish();
    }
  };
  const start = () => {
    if (running || stopped || (o.maxRuns !== undefined && runs >= o.maxRuns)) return;
    void runOnce();
  };

  const server = await startLiveServer({ port: o.port, onRunRequest: start, snapshot: () => snapshot });
  o.onListening?.(server.url);
  start();
  return {
    server,
    done,
    state: () => view?.state,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await group?.killAll(500);
      await server.close();
      finish();
    },
  };
}
