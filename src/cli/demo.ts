/**
 * `sepka demo` (DESIGN.md §6): Alice, Eve and Bob as three OS processes on
 * 127.0.0.1 (src/demo/run.ts), live progress on stderr, then one summary. Exit 0 only when
 * both parties confirmed the same key.
 *
 * --json prints the §6 object: keyAgreed, confirmed, keyBits, rawBits,
 * eve: {rawAdvantage, keyBitAgreement} (null without Eve), ms; and protocol, seed, rawAgreement
 * (with its theory value) and meta (schemas/demo.schema.json).
 */
import { Command, intOpt, printJson, seedOpt, warnIfSeeded } from './args.ts';
import { DEFAULT_PROFILE, derive, loadProfile, paramsHash } from '../protocol/profile.ts';
import { runMeta } from '../meta.ts';
import { DEFAULT_EVE_BUDGET_MS } from '../eve/state.ts';
import { runDemo, type DemoOutcome } from '../demo/run.ts';
import { ChildGroup } from '../demo/lifecycle.ts';
import { LiveStatus } from '../demo/liveStatus.ts';
import { resolve } from 'node:path';
import { recordPaths, RECORD_OPTIONS, RECORD_USAGE } from './record.ts';
import { wrap } from '../term.ts';
import { demoFigures, progressSummary, type DemoFigures } from '../demo/report.ts';
import { safeText } from '../text.ts';
import { SepkaError } from '../errors.ts';
import { wireLines } from '../protocol/wire.ts';
import { agreementTheory } from '../separation/index.ts';

const cmd: Command = {
  summary: 'run alice, eve and bob as three processes and summarise the session',
  usage: `usage: sepka demo [--protocol NAME] [--seed S] [--no-eve] [--json] [--eve-budget-ms B] [--timeout-ms T]
                  [--save-transcript FILE] [--save-truth FILE]
       sepka demo --web [--port P] [--protocol NAME] [--seed S] [--no-eve] [--json] [--eve-budget-ms B] [--timeout-ms T]

Starts alice, eve and bob as three OS processes on 127.0.0.1 (ports picked by the OS), shows
live progress on stderr (step, raw bits, Eve's running advantage), then prints one summary.
If a child exits early or stops responding (no heartbeat for 3 s), the demo stops the others
and exits 1 naming it. Every child process is stopped at the end, on failure and on Ctrl-C.

  --protocol NAME     profile name in protocols/, or a profile file's path (default: ${DEFAULT_PROFILE})
  --seed S            reproducible simulation (NOT secure); each role derives its own stream
  --no-eve            connect Bob to Alice directly
  --eve-budget-ms B   Eve's attack budget for the whole session, ms (default ${DEFAULT_EVE_BUDGET_MS})
  --timeout-ms T      per-step timeout of each party (default: the profile's)
  --json              print one JSON object: keyAgreed, confirmed, keyBits, rawBits,
                      eve {rawAdvantage, keyBitAgreement}, failure, ms, protocol, seed,
                      rawAgreement, meta (schemas/demo.schema.json)
${RECORD_USAGE}
  --web               serve a live view of the session on http://127.0.0.1:P/ (URL printed; with
                      --json on stderr): protocol timeline, raw agreement, amplification funnel,
                      Eve's advantage per stage, the key fingerprints; "run again" on the page
                      starts a new session. Runs until Ctrl-C. After each session the summary
                      (with --json: one JSON object per line) goes to stdout, and Alice's and
                      Bob's own result lines to stderr
  --port P            port of --web (default 0: one the OS picks)

exit codes: 0 both keys confirmed, 1 the session failed or a child ended early, 2 bad usage
  (--web: 130 after Ctrl-C, 143 after SIGTERM)`,
  options: {
    protocol: { type: 'string' },
    seed: { type: 'string' },
    'no-eve': { type: 'boolean' },
    json: { type: 'boolean' },
    'eve-budget-ms': { type: 'string' },
    'timeout-ms': { type: 'string' },
    web: { type: 'boolean' },
    port: { type: 'string' },
    ...RECORD_OPTIONS,
  },
  async run(values, _pos, run) {
    const protocol = values.protocol === undefined ? DEFAULT_PROFILE : String(values.protocol);
    const profile = loadProfile(protocol); // a bad name is a usage error before anything is spawned
    const seed = seedOpt(values.seed);
    const eveBudgetMs = values['eve-budget-ms'] === undefined ? undefined : intOpt(values['eve-budget-ms'], 'eve-budget-ms', 0, 1, 3_600_000);
    const timeoutMs = values['timeout-ms'] === undefined ? undefined : intOpt(values['timeout-ms'], 'timeout-ms', 0, 50, 3_600_000);
    const record = recordPaths(values);
    const web = Boolean(values.web);
    if (values.port !== undefined && !web) throw new SepkaError('SEPKA_ERR_USAGE', '--port needs --web');
    if (web && (record.transcript || record.truth)) throw new SepkaError('SEPKA_ERR_USAGE', '--save-transcript/--save-truth do not combine with --web');
    const port = intOpt(values.port, 'port', 0, 0, 65535);
    warnIfSeeded(seed); // after every check: a usage error stays one line
    const noEve = Boolean(values['no-eve']);
    if (web) return runWeb({ protocol, seed, noEve, eveBudgetMs, timeoutMs, port, json: Boolean(values.json) });

    const status = new LiveStatus();
    const latest: Record<string, Record<string, number | string>> = {};
    const group = new ChildGroup();
    const unhook = group.killOnSignals((sig) => {
      status.clear();
      process.stderr.write(`sepka demo: ${sig}: stopping alice, eve and bob\n`);
    });
    process.stderr.write(`sepka demo: protocol ${safeText(protocol)}, alice ${noEve ? '' : '+ eve '}+ bob as separate processes on 127.0.0.1\n`);
    let out: DemoOutcome;
    try {
      out = await runDemo(
        {
          protocol,
          seed,
          noEve,
          eveBudgetMs,
          timeoutMs,
          saveTranscript: record.transcript && resolve(record.transcript),
          onProgress: (role, p) => {
            latest[role] = p;
            const { line, key } = progressSummary(latest);
            status.update(line, key);
          },
        },
        group,
      );
    } finally {
      unhook();
      status.clear();
    }
    if (record.truth) {
      const a = out.alice?.truth;
      const b = out.bob?.truth;
      const { writeTruth } = await import('../net/transcript.ts');
      writeTruth(record.truth, 0, profile, {
        alice: a?.role === 'alice' ? { raw: a.raw, kept: a.keptString, secrets: a.secrets, key: a.key } : undefined,
        bob: b?.role === 'bob' ? { raw: b.raw, rs: b.rs } : undefined,
      });
    }
    const fig = demoFigures(out, noEve, derive(loadProfile(protocol)).pTheory);
    if (values.json) printDemoJson(fig, protocol, seed, run.startedAt);
    else process.stdout.write(humanSummary(fig, out, protocol, noEve));
    if (fig.json.failure) {
      // Each child's last word (its lines already start with its role), relayed escaped.
      for (const line of Object.values(out.lastLines)) process.stderr.write(`  ${safeText(line)}\n`);
      if (out.error) process.stderr.write(`sepka demo: ${out.error}\n`);
    }
    return fig.json.failure ? 1 : 0;
  },
};
export default cmd;

/**
 * `demo --web`: serve the live page and run sessions until a signal. After each session, the
 * summary the terminal demo prints (or its --json object, one per line) and each party's own
 * result line, as the processes printed it.
 */
async function runWeb(o: { protocol: string; seed?: string; noEve: boolean; eveBudgetMs?: number; timeoutMs?: number; port: number; json: boolean }): Promise<number> {
  const info = (s: string) => (o.json ? process.stderr : process.stdout).write(s + '\n');
  let last = 0;
  const { startWebDemo } = await import('../web/live.ts');
  const demo = await startWebDemo({
    ...o,
    onListening: (url) => info(`sepka demo: live view at ${url} (protocol ${o.protocol}; Ctrl-C to stop)`),
    onRunEnd: (fig, out, children) => {
      for (const c of children.filter((c) => c.role !== 'eve'))
        for (const l of c.stdout) if (l.trim() !== '') process.stderr.write(`${safeText(l)}\n`);
      if (o.json) printDemoJson(fig, o.protocol, o.seed, new Date(Date.now() - fig.json.ms));
      else process.stdout.write(humanSummary(fig, out, o.protocol, o.noEve));
      if (fig.failure) process.stderr.write(`sepka demo: ${safeText(fig.failure)}\n`);
      last = fig.json.failure ? 1 : 0;
    },
  });
  const nums: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 };
  let signalled: number | undefined;
  const handler = (sig: NodeJS.Signals) => {
    signalled = 128 + nums[sig];
    process.stderr.write(`sepka demo: ${sig}: stopping the live view and its processes\n`);
    void demo.stop();
  };
  for (const sig of Object.keys(nums)) process.once(sig, handler);
  await demo.done;
  return signalled ?? last;
}

/**
 * The --json object of one demo run (schemas/demo.schema.json): the §6 fields, then what
 * reproduces the run (protocol, seed), the raw agreement measured and its theory, and meta.
 */
function printDemoJson(fig: DemoFigures, protocol: string, seed: string | undefined, startedAt: Date): void {
  const profile = loadProfile(protocol);
  const json = { ...fig.json, protocol: profile.name, seed: seed ?? null, rawAgreement: fig.rawAgreement ?? null, rawAgreementTheory: fig.rawAgreementTheory ?? null };
  printJson(json, runMeta({ startedAt, seed, paramsHash: paramsHash(profile) }));
}

const yesNo = (b: boolean) => (b ? 'yes' : 'NO');
const num = (x: number | null | undefined, d = 3) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));

function humanSummary(f: DemoFigures, out: DemoOutcome, protocol: string, noEve: boolean): string {
  const j = f.json;
  const rows = [
    `sepka demo (${safeText(protocol)}): ${!j.failure ? 'shared key established' : j.confirmed && j.keyAgreed ? `FAILED: ${out.fault?.child ?? 'the demo'} did not finish` : 'FAILED: no key'}`,
    `  key agreed        ${yesNo(j.keyAgreed)}${f.fingerprints ? `  (alice ${f.fingerprints.alice}, bob ${f.fingerprints.bob})` : ''}`,
    `  confirmed         ${yesNo(j.confirmed)}${f.failure ? `  (${f.failure})` : '  (HMAC-SHA256 key confirmation, both sides)'}`,
    `  key bits          ${j.keyBits}`,
    `  raw bits          ${j.rawBits}`,
    `  raw agreement     ${num(f.rawAgreement, 4)}  (${[f.rawAgreementSource, f.rawAgreementTheory !== undefined ? `theory ${agreementTheory(loadProfile(protocol)).formula} = ${num(f.rawAgreementTheory, 4)}` : undefined].filter(Boolean).join('; ')})`,
  ];
  if (noEve) rows.push('  eve               not on the path (--no-eve)');
  else {
    const ci = (c?: [number, number]) => (c ? `, 99% CI [${num(c[0])}, ${num(c[1])}]` : '');
    rows.push(`  eve raw advantage ${num(j.eve.rawAdvantage, 4)}  (Pr[her guess = Alice's raw bit] − 1/2${ci(f.eveRawCi)})`);
    rows.push(`  eve key bits      ${num(j.eve.keyBitAgreement)} agreement  (0.5 = coin flip${ci(f.eveKeyCi)}); key recovered: ${f.eveKeyRecovered === true ? 'YES' : f.eveKeyRecovered === false ? 'no' : 'n/a'}`);
    if (f.eveNote) {
      // Within 100 columns: a long note continues under the value column (20).
      const [first, ...rest] = wrap(' '.repeat(20) + f.eveNote, ' '.repeat(20));
      rows.push(`  eve${first.slice(5)}`, ...rest);
    }
  }
  if (j.wire) rows.push(...wireLines(j.wire).map((l) => `  ${l}`));
  rows.push(`  time              ${(j.ms / 1000).toFixed(1)} s, ${out.pids.length} processes (pids ${out.pids.join(', ')}), all stopped`);
  return rows.join('\n') + '\n';
}
