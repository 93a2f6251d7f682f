/** Contender: linkinator 7 on the same pages (no recursion: the links of each page are checked). */
import { LinkChecker } from 'linkinator';
import type { FixtureInfo } from './fixture.js';

const info = JSON.parse(process.argv[2]) as FixtureInfo;
const started = performance.now();
const result = await new LinkChecker().check({ path: info.pages, recurse: false, timeout: 15_000 });
const elapsedMs = performance.now() - started;
const broken = new Set<string>();
for (const link of result.links) {
  if (link.state === 'BROKEN' && !link.url.startsWith(info.pagesOrigin)) broken.add(link.url);
}
process.send?.({ elapsedMs, broken: [...broken].sort(), findings: result.links.length });
