/**
 * Sweep plots (issue #5): every SVG rendered by vega is well-formed XML and carries exactly one
 * data mark per grid point in each per-point layer. Records come from real point jobs on tiny
 * sizes, run in this thread.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_GRID, expandGrid } from '../src/measure/sweep/grid.ts';
import { countPointMarks, renderSvg } from '../src/measure/plot.ts';
import { plotDefs } from '../src/measure/plotSpecs.ts';
import { runPoint } from '../src/measure/sweep/job.ts';

/**
 * XML 1.0 well-formedness, enough for SVG: one root element, properly nested and matched tags,
 * quoted and unique attributes, no raw '<' or stray '&' in text or attribute values.
 * Returns null when well-formed, else the first problem.
 */
function xmlProblem(xml: string): string | null {
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  const entity = /^&(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);/;
  const text = (s: string, at: number): string | null => {
    for (let k = s.indexOf('&'); k >= 0; k = s.indexOf('&', k + 1)) if (!entity.test(s.slice(k))) return `bad '&' at ${at + k}`;
    return null;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const chunk = xml.slice(i, lt < 0 ? xml.length : lt);
    const bad = text(chunk, i);
    if (bad) return bad;
    if (chunk.trim() && stack.length === 0) return `text outside the root at ${i}`;
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt);
      if (e < 0) return 'unterminated <?';
      i = e + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt);
      if (e < 0) return 'unterminated comment';
      i = e + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt);
      if (e < 0) return 'unterminated CDATA';
      i = e + 3;
    } else if (xml.startsWith('</', lt)) {
      const m = /^<\/([A-Za-z_][\w:.-]*)\s*>/.exec(xml.slice(lt));
      if (!m) return `bad end tag at ${lt}`;
      if (stack.pop() !== m[1]) return `mismatched </${m[1]}> at ${lt}`;
      i = lt + m[0].length;
    } else {
      const m = /^<([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/.exec(xml.slice(lt));
      if (!m) return `bad start tag at ${lt}: ${xml.slice(lt, lt + 60)}`;
      const names = [...m[2].matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*("[^"]*"|'[^']*')/g)];
      const seen = new Set<string>();
      for (const [, name, val] of names) {
        if (seen.has(name)) return `duplicate attribute ${name} at ${lt}`;
        seen.add(name);
        const bad2 = text(val, lt);
        if (bad2) return bad2;
      }
      if (stack.length === 0 && ++roots > 1) return `second root element at ${lt}`;
      if (!m[3]) stack.push(m[1]);
      i = lt + m[0].length;
    }
  }
  if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
  return roots === 1 ? null : 'no root element';
}

describe('xmlProblem (the checker itself)', () => {
  it('accepts well-formed XML and rejects each kind of malformation', () => {
    expect(xmlProblem('<?xml version="1.0"?><svg a="1"><g b=\'x &amp; y\'/><!-- c --><text>a &lt; b</text></svg>')).toBeNull();
    expect(xmlProblem('<svg><g></svg>')).toMatch(/mismatched/);
    expect(xmlProblem('<svg><g>')).toMatch(/unclosed/);
    expect(xmlProblem('<svg a=1></svg>')).toMatch(/bad start tag/);
    expect(xmlProblem('<svg a="1" a="2"></svg>')).toMatch(/duplicate/);
    expect(xmlProblem('<svg>a & b</svg>')).toMatch(/&/);
    expect(xmlProblem('<svg/><svg/>')).toMatch(/second root/);
  });
});

describe('sweep plots', () => {
  it('render to well-formed SVG with one data mark per point', async () => {
    const points = expandGrid({
      ...DEFAULT_GRID,
      protocol: 'toy-insecure',
      n: [12, 16, 24],
      eveBudgetMs: [60_000],
      eveBudgetTrials: 2000,
      learnReps: 1,
      test: 200,
      learners: ['pooled-gauss'],
      parts: ['learn', 'estimate'],
    });
    const sessions = expandGrid({ ...DEFAULT_GRID, protocol: 'toy-insecure', n: [40, 48], eveBudgetMs: [0], sessions: [1], parts: ['measure'] });
    const recs = [];
    for (const p of [...points, ...sessions]) recs.push(await runPoint(p));
    const defs = plotDefs(recs);
    expect(defs.map((d) => d.name).sort()).toEqual(['agreement', 'amplification', 'eve-success', 'separation']);
    for (const def of defs) {
      const svg = await renderSvg(def.spec);
      expect(xmlProblem(svg), def.name).toBeNull();
      expect(svg.startsWith('<svg')).toBe(true);
      const marks = countPointMarks(svg);
      expect(marks, def.name).toEqual(def.points);
      const expected = ['agreement', 'amplification'].includes(def.name) ? sessions.length : points.length;
      for (const k of Object.values(marks)) expect(k, def.name).toBe(expected);
    }
  });
});
