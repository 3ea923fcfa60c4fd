/**
 * The Eve process (DESIGN.md §4): the forwarding tap (eveTap.ts) on the path from
 * Bob to Alice, with her analysis in a worker thread (eveWorker.ts) so that forwarding never
 * waits for her learners.
 *
 * One session is tapped at a time; a connection that arrives meanwhile is still forwarded
 * (Alice will refuse it as busy) but not analysed. At the end of each tapped session Eve prints
 * her report. When started by `sepka demo` she first receives the ground truth (Alice's and
 * Bob's results, over the private IPC channel) so that her report can score her guesses;
 * standalone, she reports what the transcript alone shows.
 *
 * Exit code: 0 when every tapped session closed normally (1000) on both sides, 1 otherwise.
 */
import type { ParentMessage } from './ipc.ts';
import { fromParent, hasParent, keepParentMessages, throttledProgress, toParent, watchParent } from './ipc.ts';
import { parseWsUrl } from '../net/client.ts';
import { startTap, type SideEnd } from '../net/eveTap.ts';
import { startAnalyst } from './eveWorker.ts';
import { LiveStatus } from './liveStatus.ts';
import { eveTruth, loadKit } from './parties.ts';
import { listenUrl, type RoleOptions, type RoleRun } from './roleAliceBob.ts';
import { closeLabel } from '../net/closeCodes.ts';
import { safeText, safeUrl } from '../text.ts';
import { SessionRecorder, writeEveTruth } from '../net/transcript.ts';
import type { EveReport, StageFigure } from '../eve/report.ts';
import { wrap } from '../term.ts';

export interface EveOptions extends RoleOptions {
  listen: { host: string; port: number };
  /** A promise when `sepka demo` sends it later (cli/roles.ts); she gets ready meanwhile. */
  forward: string | Promise<string>;
  sessions: number;
  budgetMs?: number;
  /** Longest wait for Alice's WebSocket handshake (ms; eveTap.ts default when absent). */
  upstreamTimeoutMs?: number;
  /** Most clients relayed at once (eveTap.ts DEFAULT_MAX_CLIENTS). */
  maxClients?: number;
}

const isTruth = (m: ParentMessage): m is Extract<ParentMessage, { t: 'truth' }> => m.t === 'truth';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const sign = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(4)}`;
const stageLine = (name: string, f: StageFigure) => `    ${name.padEnd(20)} ${pct(f.rate)} [${pct(f.ci[0])}, ${pct(f.ci[1])}] of ${f.total} bits`;

/**
 * Eve's report as readable lines (the full object goes to --json and the demo), within 100
 * columns. It says what she could judge and what she could not: from the transcript alone
 * she knows how far she followed the session, the secrets and challenges her own tests
 * accepted, and whether her guesses pass the public verification tag and Alice's
 * confirmation tag (a key guess that fails the tag is not the key, one that passes is);
 * scoring her bit by bit needs the truth (demo, measure, sweep, eve --replay --truth), and
 * without it those figures are named once as not judged, not printed as rows of n/a.
 */
export function reportLines(r: EveReport): string[] {
  const scored = r.stages.rawVsAlice !== null;
  const out = [
    `  followed the session to step ${r.step}${r.completed ? ', to her own key guess' : ''}; ${r.frames} frames` +
      (r.abort ? `; the session aborted: ${safeText(r.abort)}` : ''),
    `  secrets                ${r.secrets.recovered} of ${r.secrets.L} columns accepted by her own tests` +
      (r.secrets.correct === null ? '' : `, ${r.secrets.correct} correct`),
    `  dual route             ${r.dual.broken} broken of ${r.dual.attempted} attempted (of ${r.dual.needed} challenges behind kept blocks), ${r.dual.trials} trials` +
      (r.dual.correct === null ? '' : `, ${r.dual.correct} correct`),
    `  verification tag       ${r.verifyTagMatched === null ? 'not reached' : r.verifyTagMatched ? 'her reconciled string MATCHES it' : 'her reconciled string does not match it'}`,
    `  whole key              ${keyVerdict(r)}`,
  ];
  if (scored) {
    out.push(`  Pr[her guess is right], 99% intervals (50% = a coin flip):`);
    const st = r.stages;
    for (const [name, f] of [["raw vs Alice's", st.rawVsAlice], ["raw vs Bob's", st.rawVsBob], ['agreed raw bits', st.rawOnAgreed], ['distilled', st.distilled], ['reconciled', st.reconciled], ['key bits', st.key]] as const) {
      if (f) out.push(stageLine(name, f));
    }
    out.push(`  learners (advantage = Pr[right] − 1/2 on the bits each predicts, 99% interval):`);
  } else {
    out.push(
      `  not judged: her bit-by-bit agreement with Alice and Bob at each stage, and each learner's`,
      `  advantage (they need the true bits: demo, measure, sweep and eve --replay --truth score them)`,
      `  learners:`,
    );
  }
  for (const l of r.learners) {
    const score = l.rawAdvantage !== null && l.ci ? `, advantage ${sign(l.rawAdvantage)} [${sign(l.ci[0])}, ${sign(l.ci[1])}]` : '';
    out.push(`    ${safeText(l.name).padEnd(13)} ${l.route.padEnd(6)} ${l.trials} trials, ${l.ms.toFixed(0)} ms, accepted ${l.accepted}${score}`);
  }
  out.push(`  budget                 ${r.budgetMs} ms; analysis took ${r.ms.toFixed(0)} ms`);
  // Within 100 columns: a long figure continues under the figures' column.
  return out.flatMap((l) => wrap(l, ' '.repeat(25)));
}

/** Whether she holds the key, from the truth when there is one, else from Alice's tag alone. */
function keyVerdict(r: EveReport): string {
  const tag = r.keyConfirmedByTag;
  if (r.keyRecovered !== null) return `${r.keyRecovered ? 'RECOVERED' : 'not recovered'} (by the true key${tag === null ? '' : `; her guess ${tag ? 'passes' : 'fails'} Alice's confirmation tag`})`;
  if (tag === true) return "RECOVERED: her key guess passes Alice's confirmation tag";
  if (tag === false) return "not recovered: her key guess fails Alice's confirmation tag";
  return r.completed ? "not judged: Alice sent no confirmation tag to check her guess against" : 'not recovered: she did not follow the session to a key guess';
}

/** Short display names of her progress fields, so that the line stays within 100 columns. */
const SHORT: Record<string, string> = { rawBits: 'raw', challengesBroken: 'x* broken', advantage: 'belief' };

function progressLine(p: Record<string, number | string>): string {
  const { budgetMs, spentMs, ...rest } = p;
  const parts = Object.entries(rest).map(([k, v]) => `${SHORT[k] ?? k} ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : v}`);
  if (spentMs !== undefined) parts.push(`${spentMs}/${budgetMs ?? '?'} ms`);
  // belief: her believed advantage (she cannot score herself before the truth arrives).
  return `eve: ${parts.join(', ')}`;
}

export async function runEve(o: EveOptions): Promise<RoleRun> {
  if (typeof o.forward === 'string') parseWsUrl(o.forward, 'forward');
  const kit = loadKit(o.protocol);
  watchParent();
  keepParentMessages();
  const t0 = Date.now();
  const status = new LiveStatus();
  const prog = throttledProgress('eve');
  const analyst = startAnalyst({
    protocol: o.protocol,
    budgetMs: o.budgetMs,
    seed: o.seed,
    onProgress: (p) => {
      prog.push(p);
      status.update(progressLine(p), String(p.step ?? ''));
    },
  });
  const say = (s: string) => (o.json ? process.stderr : process.stdout).write(s + '\n');
  const reports: Record<string, unknown>[] = [];
  let tapped: number | undefined;
  let rec: SessionRecorder | undefined;
  let count = 0;
  let allNormal = true;
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));

  const endSession = async (index: number, ends: { bob: SideEnd; alice: SideEnd }) => {
    const normal = ends.bob.code === 1000 && ends.alice.code === 1000;
    if (!normal) {
      allNormal = false;
      const side = ends.alice.code !== 1000 ? ends.alice : ends.bob;
      status.log(`eve: session ${count + 1} ended abnormally: ${side === ends.alice ? 'alice' : 'bob'} side closed ${closeLabel(side.code)}${side.reason ? `: ${side.reason}` : ''}`);
    }
    rec?.end();
    rec = undefined;
    const truth = hasParent() ? await fromParent(isTruth, 30_000) : undefined;
    const joined = eveTruth(truth);
    if (o.record?.truth && joined) writeEveTruth(o.record.truth, count, kit.profile, joined);
    const report = await analyst.end(joined);
    prog.flush();
    status.clear();
    reports.push({ session: index + 1, closedNormally: normal, ...report });
    say(`eve: report for session ${count + 1}${truth ? ' (scored against the truth from the demo)' : ' (transcript only)'}:`);
    if (typeof report.error === 'string') say(`  analysis failed: ${report.error}`);
    else for (const l of reportLines(report as unknown as EveReport)) say(l);
    await toParent({ t: 'eve-report', report });
    count++;
    if (o.sessions > 0 && count >= o.sessions) finish();
  };

  // The analysis thread already runs; if the address cannot be bound (or none comes from the
  // demo) it must be stopped, or it would keep the process alive after the one-line error.
  const forward = await Promise.resolve(o.forward).catch(async (e: unknown) => {
    await analyst.close();
    throw e;
  });
  parseWsUrl(forward, 'forward');
  const tap = await startTap({
    host: o.listen.host,
    port: o.listen.port,
    forward,
    maxPayload: kit.maxPayload,
    handshakeTimeoutMs: o.upstreamTimeoutMs,
    maxClients: o.maxClients,
    onConnection: (i, remote) => {
      if (tapped === undefined) {
        tapped = i;
        analyst.begin(i);
        if (o.record?.transcript) rec = new SessionRecorder(o.record.transcript, count, kit.profile, 'eve', 'eve');
        status.log(`eve: tapping session ${count + 1}: ${remote} -> ${safeUrl(forward)}`);
      } else status.log(`eve: forwarding ${remote} untapped (a session is already tapped)`);
    },
    onFrame: (i, dir, frame, binary) => {
      if (i === tapped && binary) {
        rec?.frame(dir, frame); // first: observe() hands the buffer to the analysis thread
        analyst.observe(dir, frame);
      }
    },
    onConnectionEnd: (i, ends) => {
      if (i !== tapped) return;
      tapped = -1; // reporting: the next connection waits its turn to be tapped
      void endSession(i, ends).finally(() => (tapped = undefined));
    },
  }).catch(async (e: unknown) => {
    await analyst.close();
    throw e;
  });
  process.stderr.write(`eve: listening on ${listenUrl(o.listen.host, tap.port)}, forwarding to ${safeUrl(forward)} (protocol ${safeText(o.protocol)})\n`);
  await toParent({ t: 'listening', role: 'eve', port: tap.port });
  await finished;
  await tap.close();
  await analyst.close();
  return { exitCode: allNormal ? 0 : 1, json: { role: 'eve', protocol: o.protocol, sessions: reports, ms: Date.now() - t0 } };
}
