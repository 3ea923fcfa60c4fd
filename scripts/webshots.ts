/**
 * Screenshots of `sepka demo --web`'s finished page for docs/cli.md:
 * docs/demo-web-demo-256.png and docs/demo-web-toy-insecure.png, taken in headless chromium
 * (scripts/chromium.ts) after one seeded session of each profile.
 *
 *   npx tsx scripts/webshots.ts [--seed S] [--eve-budget-ms B] [profile …]
 */
import { fileURLToPath } from 'node:url';
import { startWebDemo } from '../src/web/live.ts';
import { launchChromium } from './chromium.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--seed');
const seed = at >= 0 ? args.splice(at, 2)[1] : '1';
const bt = args.indexOf('--eve-budget-ms');
const eveBudgetMs = bt >= 0 ? Number(args.splice(bt, 2)[1]) : undefined;
const profiles = args.length ? args : ['demo-256', 'toy-insecure'];

const browser = await launchChromium();
try {
  for (const protocol of profiles) {
    const demo = await startWebDemo({ protocol, seed, eveBudgetMs, noEve: false, port: 0, maxRuns: 1 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(demo.server.url);
    await demo.done;
    await page.waitForFunction(() => document.body.dataset.status !== 'running' && [...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg')), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(500); // the last charts' re-render
    const file = fileURLToPath(new URL(`../docs/demo-web-${protocol}.png`, import.meta.url));
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`${file}: ${demo.state()?.status}, ${((demo.state()?.elapsedMs ?? 0) / 1000).toFixed(1)} s\n`);
    await page.close();
    await demo.stop();
  }
} finally {
  await browser.close();
}
