import t from 'tap';
import { Matcher, MatcherBuilder, SnapshotError, SNAPSHOT_VERSION } from '../../../src/core/matcher/index.js';

const patterns = ['中华人民', '华人', '人民', 'he', 'she', 'hers', '😀', '\ud83d'];
const text = 'ushers 中华人民共和国 😀';
const matcher = new MatcherBuilder().build(patterns);
const snapshot = matcher.toSnapshot('sha256:abc');

function reasonOf(load: () => unknown): string | undefined {
  try {
    load();
  } catch (error) {
    if (error instanceof SnapshotError) return error.reason;
    throw error;
  }
  return undefined;
}

t.test('round trip', async (t) => {
  const restored = Matcher.fromSnapshot(snapshot, 'sha256:abc');
  t.same(restored.findAll(text), matcher.findAll(text));
  t.same(restored.stats(), matcher.stats());
  t.equal(restored.patternCount, patterns.length);
  for (let id = 0; id < patterns.length; id++) t.equal(restored.pattern(id), patterns[id], 'lone surrogates survive');
  t.same(restored.toSnapshot('sha256:abc'), snapshot, 'a restored matcher writes the same bytes');
  t.same(Matcher.fromSnapshot(snapshot).findAll(text), matcher.findAll(text), 'no expected hash: any hash loads');
});

t.test('misaligned input is copied once and still loads', async (t) => {
  const shifted = new Uint8Array(snapshot.length + 3);
  shifted.set(snapshot, 3);
  const restored = Matcher.fromSnapshot(shifted.subarray(3), 'sha256:abc');
  t.same(restored.findAll(text), matcher.findAll(text));
});

t.test('trailing bytes past the declared length are ignored', async (t) => {
  const padded = new Uint8Array(snapshot.length + 16);
  padded.set(snapshot);
  t.same(Matcher.fromSnapshot(padded).findAll(text), matcher.findAll(text));
});

t.test('a corrupted byte anywhere after the checksum field fails the checksum', async (t) => {
  for (const at of [12, 20, 48, Math.floor(snapshot.length / 2), snapshot.length - 1]) {
    const corrupted = snapshot.slice();
    corrupted[at] ^= 0x40;
    const reason = reasonOf(() => Matcher.fromSnapshot(corrupted));
    t.ok(reason === 'checksum' || (at === 12 && reason === 'truncated'), `byte ${at}: ${reason}`);
  }
  const corrupted = snapshot.slice();
  corrupted[8] ^= 1;
  t.equal(reasonOf(() => Matcher.fromSnapshot(corrupted)), 'checksum', 'the checksum field itself');
});

t.test('wrong magic', async (t) => {
  const wrong = snapshot.slice();
  wrong[0] = 0x50;
  t.equal(reasonOf(() => Matcher.fromSnapshot(wrong)), 'bad-magic');
  t.equal(reasonOf(() => Matcher.fromSnapshot(new TextEncoder().encode('not a snapshot at all, just text'))), 'bad-magic');
});

t.test('other format version', async (t) => {
  const other = snapshot.slice();
  new DataView(other.buffer).setUint32(4, SNAPSHOT_VERSION + 1, true);
  t.equal(reasonOf(() => Matcher.fromSnapshot(other)), 'version');
});

t.test('truncated', async (t) => {
  t.equal(reasonOf(() => Matcher.fromSnapshot(snapshot.subarray(0, snapshot.length - 1))), 'truncated');
  t.equal(reasonOf(() => Matcher.fromSnapshot(snapshot.subarray(0, 20))), 'truncated');
  t.equal(reasonOf(() => Matcher.fromSnapshot(new Uint8Array(0))), 'truncated');
});

t.test('a different source hash is stale', async (t) => {
  t.equal(reasonOf(() => Matcher.fromSnapshot(snapshot, 'sha256:def')), 'stale');
  t.equal(reasonOf(() => Matcher.fromSnapshot(matcher.toSnapshot(), 'sha256:abc')), 'stale');
  const error = (() => {
    try {
      Matcher.fromSnapshot(snapshot, 'other');
    } catch (e) {
      return e;
    }
  })();
  t.type(error, SnapshotError);
  t.match((error as Error).message, /sha256:abc/);
});

t.test('an empty matcher round-trips', async (t) => {
  const empty = new MatcherBuilder().build([]);
  const restored = Matcher.fromSnapshot(empty.toSnapshot());
  t.equal(restored.patternCount, 0);
  t.same(restored.findAll('中文 text'), []);
});
