// The live page of `sepka demo --web`. It follows the demo over the WebSocket at
// /live: each message is the whole state (src/web/view.ts) and the Vega-Lite specs of its charts
// (src/web/specs.ts), compiled here with vega-lite and rendered with vega (both served from
// node_modules by the demo itself; nothing comes from the network).
//
// Every piece of data is written with textContent (or an attribute), never as HTML: the
// server has already escaped outside text with safeText, and the page never parses it.
'use strict';

const $ = (id) => document.getElementById(id);
const setText = (id, v) => {
  const el = typeof id === 'string' ? $(id) : id;
  if (el) el.textContent = v === null || v === undefined ? '–' : String(v);
};
const fixed = (x, d) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const signed = (x, d) => (typeof x === 'number' && Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(d) : 'n/a');
const yesNo = (b) => (b === true ? 'yes' : b === false ? 'NO' : '–');
const int = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : '–');

/** Replace a tbody's rows: one array of cell strings per row. */
function rows(tbody, data) {
  const frag = document.createDocumentFragment();
  for (const cells of data) {
    const tr = document.createElement('tr');
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = String(c);
      tr.appendChild(td);
    }
    frag.appendChild(tr);
  }
  tbody.replaceChildren(frag);
}

/** Replace a list's items: strings, or [text, data-at] pairs. */
function list(ul, items) {
  ul.replaceChildren(
    ...items.map((t) => {
      const li = document.createElement('li');
      li.textContent = Array.isArray(t) ? t[0] : t;
      if (Array.isArray(t)) li.dataset.at = String(t[1]);
      return li;
    }),
  );
}

// ---- charts: re-rendered only when their spec changes --------------------------------------
const charts = {};
const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom' },
};
// A loader that refuses every URL: the specs carry their data inline.
const loader = vega.loader();
loader.load = async (uri) => {
  throw new Error('refusing to load ' + uri);
};

async function chart(id, spec) {
  const el = $(id);
  if (!el) return;
  const key = JSON.stringify(spec);
  const old = charts[id];
  if (old && old.key === key) return;
  charts[id] = { key, view: undefined };
  try {
    const vg = vegaLite.compile({ ...spec, config: CONFIG }).spec;
    const view = new vega.View(vega.parse(vg), { renderer: 'svg', loader, hover: true, logLevel: vega.Warn });
    await view.initialize(el).runAsync();
    if (charts[id].key !== key) return view.finalize(); // a newer spec arrived meanwhile
    if (old && old.view) old.view.finalize();
    charts[id].view = view;
    el.dataset.rendered = String(Number(el.dataset.rendered || 0) + 1);
  } catch (e) {
    el.textContent = 'chart failed: ' + (e && e.message ? e.message : String(e));
  }
}

// ---- state ----------------------------------------------------------------------------------
let last;

function render(s, specs) {
  last = s;
  document.body.dataset.status = s.status;
  document.body.dataset.run = String(s.run);
  const badge = $('status');
  badge.className = 'badge ' + s.status;
  setText(badge, s.status === 'running' ? 'running' : s.status === 'done' ? 'shared key established' : 'FAILED: no key');
  setText('run', s.run);
  setText('protocol', s.protocol);
  setText('seed', s.seed === null ? 'none (node:crypto)' : s.seed + ' (reproducible, NOT secure)');
  setText('p-n', s.params.n);
  setText('p-m', s.params.m);
  setText('p-L', s.params.L);
  setText('p-w', s.params.w);
  setText('p-theta', fixed(s.params.theta, 4));
  setText('elapsed', (s.elapsedMs / 1000).toFixed(1) + ' s');
  $('run-again').disabled = s.status === 'running';

  for (const role of ['alice', 'eve', 'bob']) {
    const p = s.parties[role];
    const card = $('party-' + role);
    setText(card.querySelector('.pid'), p.pid);
    setText(card.querySelector('.step'), role === 'eve' && s.noEve ? 'not on the path (--no-eve)' : p.step);
    setText(card.querySelector('.exit'), p.fault ? p.fault : p.exit ? 'process ' + p.exit : '');
    card.classList.toggle('dead', p.fault !== null);
  }

  // Until the first raw bits the charts are empty: say what is under way instead, from the
  // demo's events (view.ts phases); the last line is the current one.
  const phases = s.phases || [];
  $('phases-box').hidden = s.flowing || s.status !== 'running' || phases.length === 0;
  list($('phases'), phases.map((p, i) => [`${(p.atMs / 1000).toFixed(1)} s  ${p.text}${i === phases.length - 1 ? ' …' : ''}`, p.atMs]));

  $('failures-box').hidden = s.failures.length === 0;
  // data-at: when the demo saw it (epoch ms on its clock), for the failure test.
  list($('failures'), s.failures.map((f) => [`${(f.atMs / 1000).toFixed(1)} s  ${f.text}`, s.startedAt + f.atMs]));

  setText('fp-alice', s.key.alice);
  setText('fp-bob', s.key.bob);
  setText('key-agreed', yesNo(s.key.agreed));
  setText('key-confirmed', s.key.confirmed === true ? 'yes (HMAC-SHA256 key confirmation, both sides)' : yesNo(s.key.confirmed));
  setText('key-bits', s.key.bits);

  rows(
    $('timeline-table').tBodies[0],
    s.timeline.map((t) => [t.type, t.dir === 'bob->alice' ? 'Bob → Alice' : 'Alice → Bob', int(t.frames), int(t.bytes), t.firstMs, t.lastMs]),
  );
  const w = s.wire;
  const total = w.aliceToBob + w.bobToAlice;
  const share = (x) => (total > 0 ? `${((100 * x) / total).toFixed(1)}%` : '–');
  rows(
    $('wire-table').tBodies[0],
    [
      ...w.byStage.map((r) => [r.stage, int(r.aliceToBob), int(r.bobToAlice), int(r.aliceToBob + r.bobToAlice), share(r.aliceToBob + r.bobToAlice)]),
      ['total', int(w.aliceToBob), int(w.bobToAlice), int(total), `${int(w.frames)} frames`],
    ],
  );
  const a = s.agreement;
  const formula = s.params.formula ?? '(1 + (1 − 2θ)^w)/2';
  setText(
    'agreement-text',
    a.measured === null
      ? `theory ${formula} = ${fixed(a.theory, 4)}; measured once both parties report their raw bits.`
      : `measured ${fixed(a.measured, 4)} on ${a.source}; theory ${formula} = ${fixed(a.theory, 4)}. Band: 99% Wilson interval over the first k bits.`,
  );
  const f = s.funnel;
  setText(
    'beta',
    f.beta === null
      ? `raw bits ${int(f.rawBits)}, leaked so far ${int(f.leakedBits)}; β = key bits / (raw bits · (1 − h(1 − p))) once the key is out.`
      : `β = ${fixed(f.beta, 3)} on the session key (${fixed(f.betaPa, 3)} on the whole privacy-amplification output): key bits / (raw bits · (1 − h(1 − p))), p measured.`,
  );

  const e = s.eve;
  $('eve-section').hidden = !e;
  if (e) {
    const budget = e.budgetMs === null ? '' : `, budget ${int(e.spentMs)} of ${int(e.budgetMs)} ms spent`;
    setText('eve-live', `step ${e.step}; secrets ${e.secrets || '–'}; challenges broken ${int(e.challengesBroken)}; believed advantage ${signed(e.belief, 3)} (her own estimate, before scoring)${budget}`);
    const raw = $('eve-raw-adv');
    setText(raw, signed(e.rawAdvantage, 4));
    raw.dataset.value = e.rawAdvantage === null ? 'null' : String(e.rawAdvantage);
    const key = $('eve-key-agree');
    setText(key, fixed(e.keyBitAgreement, 4));
    key.dataset.value = e.keyBitAgreement === null ? 'null' : String(e.keyBitAgreement);
    setText('eve-key-recovered', e.keyRecovered === null ? 'n/a' : e.keyRecovered ? 'YES' : 'no');
    setText('eve-note', e.note || '');
    list($('eve-broke'), e.broke);
    rows(
      $('learners-table').tBodies[0],
      e.learners.map((l) => [l.name + (l.note ? ` (${l.note})` : ''), l.route, int(l.trials), fixed(l.ms, 0), l.accepted, l.correct === null ? 'n/a' : l.correct, signed(l.advantage, 4)]),
    );
  }

  setText('failure-line', s.failure || '');
  setText('summary', s.summary ? JSON.stringify(s.summary, null, 2) : 'the run is still going');
  setText('log', s.log.join('\n'));

  for (const [id, spec] of Object.entries(specs)) void chart(id, spec);
}

// ---- the WebSocket, reconnecting --------------------------------------------------------------
let ws;
function connect() {
  ws = new WebSocket(`ws://${location.host}/live`);
  ws.onopen = () => setText('conn', '');
  ws.onmessage = (ev) => {
    let m;
    try {
      m = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (m && m.t === 'state') render(m.state, m.charts || {});
  };
  ws.onclose = () => {
    setText('conn', 'disconnected from the demo; retrying…');
    $('run-again').disabled = true;
    setTimeout(connect, 2000);
  };
}

$('run-again').addEventListener('click', () => {
  if (ws && ws.readyState === WebSocket.OPEN && (!last || last.status !== 'running')) {
    $('run-again').disabled = true;
    ws.send(JSON.stringify({ t: 'run' }));
  }
});

connect();
