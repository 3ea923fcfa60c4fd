/**
 * `sepka demo --web`: the page server (server.ts) and the runs it follows. Each
 * run is the terminal demo's own `runDemo` (src/demo/run.ts); its events — children spawned
 * and exiting, progress, results, Eve's report, the outcome — feed a LiveView (view.ts), whose
 * state goes to every open page over the WebSocket at most every `pushEveryMs`, and at once
 * when a run fails or ends. One run at a time; "run again" on the page starts the next.
 *
 * Whether a child failed the run is the demo's own supervisor's verdict (supervise.ts), pushed
 * at once: a child that exited before delivering what the session needs from it (Alice's or
 * Bob's result, Eve's report) died, one that stalled is named unresponsive. Stopping the demo
 * stops the run through runDemo (its `stop` signal), so the exits that follow are no death.
 */
import { ChildGroup, type Child } from '../demo/lifecycle.ts';
import { runDemo, type DemoOptions, type DemoOutcome } from '../demo/run.ts';
import { demoFigures, type DemoFigures } from '../demo/report.ts';
import { derive, loadProfile } from '../protocol/profile.ts';
import { LiveView, type ViewState } from './view.ts';
import { chartSpecs } from './specs.ts';
import { startLiveServer, type LiveServer } from './server.ts';
import { safeText } from '../text.ts';
import { agreementTheory } from '../separation/index.ts';

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

/** A ChildGroup that reports each child as it is added. */
class WatchedGroup extends ChildGroup {
  constructor(private readonly onAdd: (c: Child) => void) {
    super();
  }
  override add(c: Child): Child {
    super.add(c);
    this.onAdd(c);
    return c;
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
  const params = { n: profile.n, m: profile.m, L: profile.L, w: profile.w, theta: profile.theta, pTheory: d.pTheory, formula: agreementTheory(profile).formula };
  const pushEveryMs = o.pushEveryMs ?? 200;
  let view: LiveView | undefined;
  let snapshot: string | undefined;
  /** The run under way: how to stop it, and its end. */
  let current: { halt: AbortController; over: Promise<void> } | undefined;
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

  const runOnce = async (halt: AbortController) => {
    running = true;
    runs++;
    const v = (view = new LiveView({ run: runs, protocol: o.protocol, seed: o.seed, noEve: o.noEve, params }));
    const g = new WatchedGroup((c) => {
      v.spawned(c.role, c.pid);
      void c.exited.then(({ code, signal }) => {
        v.exited(c.role, code, signal);
        push();
      });
      later();
    });
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
          stop: halt.signal,
          onChildMessage: (role, m) => {
            v.message(role, m);
            if (m.t === 'result' && !m.result.ok) push();
            else later();
          },
          onChildLine: (role, line) => {
            v.line(role, line);
            later();
          },
          // The demo's own verdict, at once: a death at the child's exit, or a stall.
          onFault: (f) => {
            if (f.kind === 'exited') v.died(f.child, f.exit);
            else v.fault(f.child, f.reason);
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
    const halt = new AbortController();
    // runOnce shows its own failures on the page; a rejection here is a fault of the driver
    // itself: say it in one line and keep the promise settled, so stop() still closes the server.
    const over = runOnce(halt).catch((e: unknown) => {
      process.stderr.write(`sepka demo --web: run failed: ${safeText(e instanceof Error ? e.message : String(e))}\n`);
    });
    current = { halt, over };
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
      current?.halt.abort();
      await current?.over;
      await server.close();
      finish();
    },
  };
}
