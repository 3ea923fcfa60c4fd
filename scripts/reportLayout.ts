/**
 * A sweep report as a browser lays it out, for the layout test
 * (test/report.browser.test.ts) and for screenshots to look at (scripts/reportshots.ts): the
 * page's scroll width against the viewport, and each plot's drawn width against its own width
 * and the report column (report.ts REPORT_COLUMN_PX). A plot drawn narrower than its SVG's
 * width was scaled down by the page — the thing that made the old amplification plot unreadable.
 */
import type { Page } from 'playwright-core';

export interface ReportLayout {
  viewport: number;
  scrollWidth: number;
  /** The body's content width (the report column as laid out). */
  column: number;
  plots: { id: string; width: number; drawn: number; caption: boolean }[];
}

export async function reportLayout(page: Page): Promise<ReportLayout> {
  return page.evaluate(() => {
    const body = document.body;
    const cs = getComputedStyle(body);
    const column = body.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const plots = [...document.querySelectorAll('figure')].map((f) => {
      const svg = f.querySelector('svg')!;
      return { id: f.id, width: Number(svg.getAttribute('width')), drawn: svg.getBoundingClientRect().width, caption: !!f.querySelector('figcaption') };
    });
    return { viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, column, plots };
  });
}
