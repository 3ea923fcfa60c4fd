/**
 * The committed sweep report (docs/separation/report.html) in a real browser:
 * Debian's chromium, headless (scripts/chromium.ts), lays the page out at 1280 px and at 800 px.
 *
 * - At 1280 px the column is REPORT_COLUMN_PX wide, the page does not scroll sideways (wide
 *   tables scroll inside their own box), and every plot is drawn at its own width — none is
 *   scaled down to fit, so none is wider than the column.
 * - At 800 px the page still does not scroll sideways: the plots shrink with the column.
 *
 * Without chromium the tests skip, unless SEPKA_REQUIRE_CHROMIUM=1 (.ci/run), where they fail.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { chromiumRequired, haveChromium, launchChromium } from '../scripts/chromium.ts';
import { reportLayout } from '../scripts/reportLayout.ts';
import { REPORT_COLUMN_PX } from '../src/measure/report.ts';

const REPORT = pathToFileURL(fileURLToPath(new URL('../docs/separation/report.html', import.meta.url))).href;

it.runIf(!haveChromium() && chromiumRequired())('chromium is installed (SEPKA_REQUIRE_CHROMIUM=1)', () => {
  expect(haveChromium()).toBe(true);
});

describe.skipIf(!haveChromium())('docs/separation/report.html in headless chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const layoutAt = async (width: number) => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      await page.goto(REPORT);
      return await reportLayout(page);
    } finally {
      await page.close();
    }
  };

  it('at 1280 px: a 960 px column, no sideways scroll, every plot drawn at its own width', async () => {
    const l = await layoutAt(1280);
    expect(l.column).toBe(REPORT_COLUMN_PX);
    expect(l.scrollWidth).toBe(l.viewport);
    expect(l.plots.map((p) => p.id)).toEqual(['separation', 'eve-success']);
    for (const p of l.plots) {
      expect(p.width, p.id).toBeLessThanOrEqual(REPORT_COLUMN_PX);
      expect(Math.abs(p.drawn - p.width), `${p.id} scaled from ${p.width} to ${p.drawn} px`).toBeLessThan(1);
      expect(p.caption, p.id).toBe(true);
    }
  }, 60_000);

  it('at 800 px: no sideways scroll, the plots shrink with the column', async () => {
    const l = await layoutAt(800);
    expect(l.scrollWidth).toBe(l.viewport);
    for (const p of l.plots) expect(p.drawn, p.id).toBeLessThanOrEqual(l.column + 0.5);
  }, 60_000);
});
