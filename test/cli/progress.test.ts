import t from 'tap';
import { formatDuration, ProgressView } from '../../src/cli/progress-view.js';
import { ScanProgress } from '../../src/scan/progress.js';

function fakeStream(tty: boolean) {
  const written: string[] = [];
  return { stream: { isTTY: tty, write: (chunk: string) => written.push(chunk) } as unknown as NodeJS.WriteStream, written };
}

function progress(): ScanProgress {
  const p = new ScanProgress();
  p.startedAt = performance.now() - 10_000;
  p.checked = 900;
  p.reused = 100;
  p.bytes = 5_000_000;
  p.totalBytes = 20_000_000;
  p.problems = 2;
  p.findings.critical = 1;
  p.findings.error = 3;
  return p;
}

t.test('not a terminal: one plain line per render with docs/s, MB/s, ETA and findings by severity', async (t) => {
  const { stream, written } = fakeStream(false);
  const view = new ProgressView(progress(), stream, { enabled: false });
  view.render();
  t.equal(written.length, 1);
  t.match(written[0], /^scan: \[#####-+\]  25% 1000 docs \(900 checked, 100 unchanged, 0 already done\) \| 100 docs\/s \| 0\.50 MB\/s \| ETA 0:30 \| 2 unreadable \| critical 1 error 3 warning 0 info 0\n$/);
  t.notMatch(written[0], /\u001b/, 'no colour when not a terminal');
});

t.test('a terminal: redrawn in place, coloured unless NO_COLOR', async (t) => {
  const saved = process.env.NO_COLOR;
  t.teardown(() => (saved === undefined ? delete process.env.NO_COLOR : (process.env.NO_COLOR = saved)));
  delete process.env.NO_COLOR;
  const coloured = fakeStream(true);
  new ProgressView(progress(), coloured.stream, { enabled: false }).render();
  t.match(coloured.written[0], /^\r\u001b\[2K/);
  t.match(coloured.written[0], /critical \u001b\[31m1\u001b\[0m/);
  process.env.NO_COLOR = '1';
  const plain = fakeStream(true);
  new ProgressView(progress(), plain.stream, { enabled: false }).render();
  t.match(plain.written[0], /critical 1 error 3/);
  t.notMatch(plain.written[0].replace('\r\u001b[2K', ''), /\u001b/);
});

t.test('durations', async (t) => {
  t.equal(formatDuration(5), '0:05');
  t.equal(formatDuration(125), '2:05');
  t.equal(formatDuration(3725), '1:02:05');
});
