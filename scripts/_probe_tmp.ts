import fc from 'fast-check';
import { main } from '/work/wt/relfiles/src/cli/dispatch.ts';
const point = fc
  .record({ logN: fc.double({ min: 3, max: 13, noNaN: true }), logTheta: fc.double({ min: -6, max: Math.log10(0.4999999), noNaN: true }), mFrac: fc.double({ min: 0, max: 1, noNaN: true }), wFrac: fc.option(fc.double({ min: 0, max: 1, noNaN: true })), L: fc.option(fc.integer({ min: 1, max: 1024 })) })
  .map(({ logN, logTheta, mFrac, wFrac, L }) => {
    const n = Math.round(2 ** logN);
    const m = Math.min(65536, n + 1 + Math.floor(mFrac ** 3 * (65536 - n - 1)));
    const theta = Math.min(0.4999999, 10 ** logTheta);
    const w = wFrac === null ? null : 1 + Math.floor(wFrac ** 2 * (n - 1));
    return { n, theta, m, w, L };
  });
const pts = fc.sample(point, { seed: Number(process.argv[2]), numRuns: Number(process.argv[3]) });
let out = '';
const ow = process.stdout.write.bind(process.stdout);
(process.stdout as any).write = (s: string) => ((out += s), true);
(process.stderr as any).write = (s: string) => ((out += s), true);
for (const { n, theta, m, w, L } of pts) {
  const args = ['--n', String(n), '--theta', String(theta), '--m', String(m), ...(w === null ? [] : ['--w', String(w)]), ...(L === null ? [] : ['--L', String(L)])];
  out = '';
  const code = await main(['estimate', ...args, '--json']);
  let bad = code === 1 ? 'INTERNAL' : '';
  if (code === 0) { const s = out.slice(0, out.lastIndexOf('}') + 1); const j = JSON.parse(s); const walk = (o: any, p: string) => { if (o === null && !p.endsWith('/seed') && !p.includes('primalAllColumns') && !p.includes('quantum')) bad += ' null@' + p; else if (o && typeof o === 'object') for (const k in o) walk(o[k], p + '/' + k); }; walk(j, ''); }
  if (code === 2 && !/positive key yield|challenges/.test(out)) bad += ' USER:' + out.trim();
  if (bad) ow(`${args.join(' ')} -> ${code} ${bad.slice(0, 300)}\n`);
}
ow('done\n');
