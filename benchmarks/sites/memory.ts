/**
 * Memory of site overlays: RSS of a process with the bundled dictionaries (and the context
 * typo model) and 0, 1 or 50 sites loaded, each configuration in its own process. Each site
 * has its own 200 sensitive terms, 100 whitelist entries, 30 leaders and a site.json, the
 * size of a district portal's lists. Before measuring, every site must find its own term
 * and not another site's (the answers are checked before the memory is).
 *
 *   node --expose-gc --import tsx benchmarks/sites/memory.ts
 *
 * Fails when 50 sites cost more than 1.5x the RSS of one site, i.e. when overlays stop
 * being small layers on the shared base.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZES = [0, 1, 50];
const HAN = '甲乙丙丁戊己庚辛壬癸金木水火土东南西北中山川河湖海江林石田禾';

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function word(random: () => number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += HAN[Math.floor(random() * HAN.length)];
  return text;
}

function writeSites(count: number): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-bench-sites-'));
  for (let site = 0; site < count; site++) {
    const random = rng(site + 1);
    const dir = path.join(root, `site-${site}`);
    for (const kind of ['sensitive', 'whitelist', 'names']) mkdirSync(path.join(dir, kind), { recursive: true });
    const own = [`站点${site}专用词`, ...Array.from({ length: 199 }, () => word(random, 4 + Math.floor(random() * 3)))];
    writeFileSync(path.join(dir, 'sensitive', 'local.txt'), `${[...new Set(own)].join('\n')}\n`);
    writeFileSync(path.join(dir, 'whitelist', 'local.txt'), `${[...new Set(Array.from({ length: 100 }, () => word(random, 5)))].join('\n')}\n`);
    writeFileSync(path.join(dir, 'names', 'leaders.txt'), `${[...new Set(Array.from({ length: 30 }, () => word(random, 3)))].map((name) => `${name}\t区长|副区长`).join('\n')}\n`);
    writeFileSync(path.join(dir, 'site.json'), JSON.stringify({ name: `站点${site}`, profile: 'default', severities: { 'sensitive.profanity': 'warning' }, retiredHosts: [`old${site}.example.gov.cn`] }));
  }
  return root;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function child(count: number): Promise<void> {
  const { createProofreader } = await import('../../src/index.js');
  const { SiteRegistry } = await import('../../src/sites/registry.js');
  const proofreader = await createProofreader();
  proofreader.check('预热：截止目前，全市网站运行平稳。');
  const sitesDir = writeSites(count);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage();
  const started = performance.now();
  const registry = await SiteRegistry.open(sitesDir, { pollMs: 0 });
  const loadMs = performance.now() - started;
  // Answers first: each site finds its own marker term, and the next site's marker is not found.
  for (const site of registry.list()) {
    const index = Number(site.id.slice('site-'.length));
    const text = `会议提到站点${index}专用词和站点${index + 1}专用词。`;
    const found = proofreader.check(text, { checks: ['sensitive'], overlay: site.overlay }).findings.map((finding) => finding.match);
    if (found.length !== 1 || found[0] !== `站点${index}专用词`) throw new Error(`${site.id} found ${JSON.stringify(found)}`);
  }
  gc?.();
  const after = process.memoryUsage();
  registry.close();
  console.log(JSON.stringify({ count, rss: after.rss, heapUsed: after.heapUsed, arrayBuffers: after.arrayBuffers, sitesRss: after.rss - before.rss, loadMs }));
}

async function main(): Promise<void> {
  console.log('site overlays: RSS with the bundled dictionaries, the context typo model and N sites (each in its own process)');
  const results: Array<{ count: number; rss: number; heapUsed: number; sitesRss: number; loadMs: number }> = [];
  for (const count of SIZES) {
    const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(count)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`child with ${count} sites failed:\n${run.stderr}`);
    results.push(JSON.parse(run.stdout.trim().split('\n').pop() as string));
  }
  console.log('| sites | RSS MiB | heap used MiB | RSS added by loading the sites MiB | load ms |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.count} | ${mib(r.rss)} | ${mib(r.heapUsed)} | ${mib(r.sitesRss)} | ${r.loadMs.toFixed(0)} |`);
  const [none, one, fifty] = results;
  const perSite = (fifty.rss - none.rss) / 50;
  console.log(`per site: ${(perSite / 1024).toFixed(0)} KiB of RSS; 50 sites / 1 site = x${(fifty.rss / one.rss).toFixed(3)} RSS`);
  if (fifty.rss > 1.5 * one.rss) {
    console.error('FAIL: 50 sites cost more than 1.5x the RSS of one');
    process.exit(1);
  }
}

if (process.argv[2] === '--child') await child(Number(process.argv[3]));
else await main();
