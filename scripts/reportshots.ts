/**
 * Screenshots of a sweep report, to look at before committing one:
 *
 *   npx tsx scripts/reportshots.ts [DIR] [OUT]      (default docs/separation, /tmp)
 *
 * writes OUT/report-1280-<k>.png and OUT/report-800-<k>.png (the page in tiles of 1100 px, at
 * a desktop and a narrow viewport) and prints the layout (scripts/reportLayout.ts): the page's
 * scroll width against the viewport and each plot's drawn width against its own.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium } from './chromium.ts';
import { reportLayout } from './reportLayout.ts';

const [dir = 'docs/separation', out = '/tmp'] = process.argv.slice(2);
const url = pathToFileURL(resolve(dir, 'report.html')).href;
const browser = await launchChromium();
try {
  for (const width of [1280, 800]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(url);
    const layout = await reportLayout(page);
    console.log(JSON.stringify(layout));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let y = 0, k = 0; y < height; y += 1100, k++) {
      const file = `${out}/report-${width}-${k}.png`;
      await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width, height: Math.min(1100, height - y) } });
      console.log(file);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
