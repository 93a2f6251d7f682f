/**
 * Contender: jiaodui's LinkChecker with its default politeness. Pages are fetched 8 at a time
 * and handed to checkPage without waiting for the previous page's links (as a scan does), so
 * that the scheduler sees every host's queue at once.
 */
import { LinkChecker } from '../../src/links/index.js';
import type { FixtureInfo } from './fixture.js';

const info = JSON.parse(process.argv[2]) as FixtureInfo;
const checker = new LinkChecker({ allow: ['127.0.0.0/8'], ports: [info.port], confirmDelayMs: Number(process.env.CONFIRM_DELAY_MS ?? 2000) });
const broken = new Set<string>();
let findings = 0;
const started = performance.now();
let next = 0;
const checks: Array<Promise<void>> = [];
async function lane(): Promise<void> {
  while (next < info.pages.length) {
    const page = info.pages[next++];
    const html = await (await fetch(page)).text();
    checks.push(
      checker.checkPage(html, page).then((pageFindings) => {
        for (const finding of pageFindings) {
          findings++;
          if (finding.code === 'link.broken') broken.add(finding.url);
        }
      }),
    );
  }
}
await Promise.all(Array.from({ length: 8 }, lane));
const pagesReadMs = performance.now() - started;
await Promise.all(checks);
const elapsedMs = performance.now() - started;
await checker.close();
process.send?.({ elapsedMs, pagesReadMs, broken: [...broken].sort(), findings, metrics: checker.metrics.snapshot(), politeness: { perHost: 2, minIntervalMs: 250 } });
