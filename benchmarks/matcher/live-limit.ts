/**
 * How many WebAssembly matchers one process can hold at once, and their resident memory:
 * `node --import tsx benchmarks/matcher/live-limit.ts`. Each linear memory reserves address
 * space; past the limit a new matcher falls back to the JS loops (src/core/matcher/DESIGN.md,
 * "Engines"), which this counts.
 */
import { MatcherBuilder, type Matcher } from '../../src/core/matcher/index.js';

const live: Matcher[] = [];
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < 20000; i++) {
  const matcher = new MatcherBuilder().build([`赌博${i}`, 'x']);
  if (matcher.engine !== 'wasm') break;
  live.push(matcher);
}
const rssPerMatcher = (process.memoryUsage().rss - rssBefore) / live.length;
console.log(`${live.length} live WebAssembly matchers before the first fallback to js, ${(rssPerMatcher / 1024).toFixed(0)} KiB of RSS each`);
