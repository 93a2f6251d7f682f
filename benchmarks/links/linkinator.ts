/** Contender: linkinator 7 on the same pages (no recursion: the links of each page are checked). */
import { LinkChecker } from 'linkinator';
import type { FixtureInfo } from './fixture.js';

const info = JSON.parse(process.argv[2]) as FixtureInfo;
const started = performance.now();
// Retries on, as jiaodui confirms before "broken": a loaded machine makes loopback sockets fail now and then.
const result = await new LinkChecker().check({ path: info.pages, recurse: false, timeout: 15_000, retry: true, retryErrors: true, retryErrorsCount: 2, retryErrorsJitter: 500 });
const elapsedMs = performance.now() - started;
const broken = new Set<string>();
const reasons = new Map<string, number>();
for (const link of result.links) {
  if (link.state === 'BROKEN' && !link.url.startsWith(info.pagesOrigin)) {
    broken.add(link.url);
    const reason = `status ${link.status ?? '-'}`;
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
}
process.send?.({ elapsedMs, broken: [...broken].sort(), findings: result.links.length, reasons: Object.fromEntries(reasons) });
