/**
 * Every relative link and anchor in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/**.md
 * resolves: the file or directory exists, and an anchor into a Markdown file names one of its
 * headings (GitHub's slugs) or an explicit `<a id>`. Links inside code are not links.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function markdownFiles(): string[] {
  const out = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'].map((f) => join(ROOT, f));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) out.push(p);
    }
  };
  walk(join(ROOT, 'docs'));
  return out;
}

/** The text outside fenced code blocks and code spans. */
const prose = (md: string): string => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors (github-slugger): lower case, punctuation dropped, spaces to '-'. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of md.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = h[1]
        .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
        .replace(/ /g, '-');
      const k = seen.get(base) ?? 0;
      seen.set(base, k + 1);
      out.add(k ? `${base}-${k}` : base);
    }
    for (const m of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) out.add(m[1]);
  }
  return out;
}

function links(md: string): string[] {
  const out: string[] = [];
  for (const m of prose(md).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1]);
  return out.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** The relative links of `md` (the text of `file`) that do not resolve, one line each. */
function brokenLinks(file: string, md: string): string[] {
  const broken: string[] = [];
  for (const target of links(md)) {
    const [path, anchor] = target.split('#') as [string, string | undefined];
    const dest = path === '' ? null : join(dirname(file), decodeURIComponent(path));
    if (dest !== null && !existsSync(dest)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    const text = dest === null ? md : dest.endsWith('.md') && statSync(dest).isFile() ? readFileSync(dest, 'utf8') : null;
    if (anchor && text !== null && !anchors(text).has(anchor)) broken.push(`${target}: no heading or anchor '${anchor}' in ${relative(ROOT, dest ?? file)}`);
  }
  return broken;
}

describe('documentation links', () => {
  it('the anchor rule follows GitHub on the headings docs use', () => {
    expect([...anchors('## `sepka demo --web`\n## Alice under load: sessions at once, deadlines and limits\n## A\n## A')]).toEqual([
      'sepka-demo---web',
      'alice-under-load-sessions-at-once-deadlines-and-limits',
      'a',
      'a-1',
    ]);
  });
  it('a missing file and a missing anchor are reported; links in code are not links', () => {
    const md = '[a](nope.md) [b](security.md#no-such-heading) [c](security.md#the-last-message) [d](#here)\n## Here\n`[e](nope2.md)`';
    expect(brokenLinks(join(ROOT, 'docs', 'scratch.md'), md)).toEqual([
      'nope.md: no such file',
      "security.md#no-such-heading: no heading or anchor 'no-such-heading' in docs/security.md",
    ]);
  });
  const files = markdownFiles();
  it.each(files.map((f) => relative(ROOT, f)))('%s: every relative link resolves', (rel) => {
    expect(brokenLinks(join(ROOT, rel), readFileSync(join(ROOT, rel), 'utf8'))).toEqual([]);
  });
});
