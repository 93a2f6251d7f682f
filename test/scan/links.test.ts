import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { CheckType } from '../../src/core/types.js';
import { LinkChecker } from '../../src/links/checker.js';
import { InProcessBackend } from '../../src/scan/backend.js';
import { JobStore } from '../../src/scan/job-store.js';
import { runScan } from '../../src/scan/pipeline.js';

const CHECKS: CheckType[] = ['typo'];
const backend = await InProcessBackend.open({ checks: CHECKS });

// A loopback site: /ok answers, /gone is a 404; `broken` can be flipped to break /ok later.
let broken = false;
const server: Server = createServer((request, response) => {
  if (request.url === '/ok' && !broken) {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body>正常页面</body></html>');
  } else {
    response.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('not found');
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
t.teardown(() => server.close());
const port = (server.address() as { port: number }).port;
const base = `http://127.0.0.1:${port}`;

function checker(): LinkChecker {
  // Loopback is refused by the SSRF guard unless allowed; no waiting between attempts here.
  return new LinkChecker({ allow: ['127.0.0.1'], ports: [port], minIntervalMs: 0, confirmDelayMs: 0, probeHttps: false, ttl: { good: 1, broken: 1, unknown: 1 } });
}

t.test('--links: link findings stored with the page; re-checked on an incremental rescan of an unchanged page', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jiaodui-scan-links-'));
  const file = join(dir, 'pages.ndjson');
  const html = `<html><body><p>再接再励</p><a href="${base}/ok">好</a> <a href="/gone">坏</a></body></html>`;
  writeFileSync(file, `${JSON.stringify({ id: 'p1', url: `${base}/page.html`, html })}\n`);
  const store = new JobStore(':memory:');
  const links = checker();
  const check = (page: string, url: string | undefined) => links.checkPage(page, url);
  const first = await runScan(store, backend, { inputs: [file], checks: CHECKS, links: check });
  const findings = store.findingsOf(first.job.id);
  t.same(findings.map((f) => [f.type, f.code, f.text]), [
    ['typo', 'typo.chengyu', '再接再励'],
    ['link', 'link.broken', '/gone'],
  ]);
  const gone = findings[1]!;
  t.equal(html.slice(gone.start, gone.end), '/gone', 'offsets of the attribute value in the page');

  broken = true;
  t.teardown(() => {
    broken = false;
  });
  const second = await runScan(store, backend, { inputs: [file], checks: CHECKS, links: check });
  t.equal(second.mode, 'incremental');
  t.equal(second.progress.reused, 1, 'the page is unchanged: its text is not re-checked');
  t.same(store.findingsOf(second.job.id).map((f) => [f.code, f.text]), [
    ['typo.chengyu', '再接再励'],
    ['link.broken', `${base}/ok`],
    ['link.broken', '/gone'],
  ], 'but its links are');
  t.equal(store.documentsOf(second.job.id)[0]!.findingCount, 3);

  const without = await runScan(store, backend, { inputs: [file], checks: CHECKS });
  t.equal(without.mode, 'new', 'a scan without --links is another scope (it never copies stale link findings)');
  t.same(store.findingsOf(without.job.id).map((f) => f.type), ['typo']);
});
