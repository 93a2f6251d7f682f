import t from 'tap';
import { SensitiveContext } from '../../../src/core/checks/sensitive-context.js';
import { createProofreader } from '../../../src/index.js';
import { writeDictionaryFolder } from '../../helpers/dictionaries.js';

const proofreader = await createProofreader({
  dictionaries: writeDictionaryFolder({
    'sensitive/separatism.txt': '# test\n藏独\tcritical\n台独\tcritical\n',
    'sensitive/gambling.txt': '# test\n网络赌场\n',
    'sensitive/drugs.txt': '# test\n冰毒\n',
    'sensitive/cult.txt': '# test\n邪教组织\n',
    'sensitive/profanity.txt': '# test\n傻逼\twarning\n',
  }),
  cacheDir: false,
});
type Options = Parameters<typeof proofreader.check>[1];
const severities = (text: string, options: Options = {}): string[] =>
  proofreader.check(text, { checks: ['sensitive'], ...options }).findings.map((f) => `${f.match}:${f.severity}`);

t.test('a term governed by an opposing or enforcing predicate is info', async (t) => {
  t.same(severities('我们坚持反对“藏独”的立场'), ['藏独:info'], 'scare quotes after 反对');
  t.same(severities('坚决打击“台独”分裂势力'), ['台独:info']);
  t.same(severities('依法取缔邪教组织'), ['邪教组织:info']);
  t.same(severities('公安机关查处一批网络赌场和冰毒案件'), ['网络赌场:info', '冰毒:info'], 'one predicate governs a list');
  t.same(severities('严禁网络赌场、冰毒交易'), ['网络赌场:info', '冰毒:info'], '、 does not end the clause');
  t.same(severities('揭批台独的本质'), ['台独:info']);
});

t.test('without such a predicate, or in another clause, the term keeps its severity', async (t) => {
  t.same(severities('台独势力在活动'), ['台独:critical']);
  t.same(severities('他们打击对手，开设网络赌场'), ['网络赌场:error'], 'a comma ends the clause');
  t.same(severities('我们不反对台独'), ['台独:critical'], 'a negated predicate governs nothing');
  t.same(severities('警方打击了一个经营多年规模很大且组织严密的跨境网络赌场'), ['网络赌场:error'], 'too far from the predicate');
  t.same(severities('坚决抵制傻逼言论'), ['傻逼:warning'], 'profanity keeps its severity in any context');
});

t.test('the message and explain give the reason', async (t) => {
  const [finding] = proofreader.check('坚决打击“台独”分裂势力', { checks: ['sensitive'], explain: true }).findings;
  t.match(finding?.message, /打击/);
  t.match(finding?.explain, /governed by '打击': critical lowered to info/);
});

t.test('configurable per call: off, floors per category, predicates', async (t) => {
  t.same(severities('坚决打击“台独”分裂势力', { sensitiveContext: { enabled: false } }), ['台独:critical']);
  t.same(severities('坚决打击“台独”分裂势力', { sensitiveContext: { floors: { separatism: 'warning' } } }), ['台独:warning']);
  t.same(severities('坚决打击“台独”分裂势力', { sensitiveContext: { predicates: ['声讨'] } }), ['台独:critical']);
  t.same(severities('大家声讨台独', { sensitiveContext: { predicates: ['声讨'] } }), ['台独:info']);
});

t.test('governing() looks back within the clause only', async (t) => {
  const context = new SensitiveContext();
  t.equal(context.governing('打击台独', 2), '打击');
  t.equal(context.governing('打击，台独', 3), undefined);
  t.equal(context.governing('台独', 0), undefined);
  t.equal(context.governing('未查处台独', 3), undefined);
});

t.test('a dictionary folder configures it in sensitive-context.txt; the bundled file is the defaults', async (t) => {
  const { readFileSync } = await import('node:fs');
  const { parseSensitiveContext, OPPOSING_PREDICATES } = await import('../../../src/core/checks/sensitive-context.js');
  const { BUNDLED_DICTIONARIES } = await import('../../../src/index.js');
  const bundled = parseSensitiveContext(readFileSync(`${BUNDLED_DICTIONARIES}/sensitive-context.txt`, 'utf8'));
  t.same(bundled, { window: 16, predicates: [...OPPOSING_PREDICATES], floors: { profanity: 'critical' } });
  const configured = await createProofreader({
    dictionaries: writeDictionaryFolder({ 'sensitive/separatism.txt': '# test\n台独\tcritical\n', 'sensitive-context.txt': '# site rules\nfloor\tseparatism\twarning\n打击\n' }),
    cacheDir: false,
  });
  t.same(configured.check('坚决打击台独').findings.map((f) => f.severity), ['warning']);
  t.same(configured.check('坚决反对台独').findings.map((f) => f.severity), ['critical'], 'only the listed predicates');
  const bad = await createProofreader({ dictionaries: writeDictionaryFolder({ 'sensitive/x.txt': '# t\n台独\n', 'sensitive-context.txt': 'floor\tseparatism\tloud\n' }), cacheDir: false }).then(
    () => undefined,
    (error: unknown) => error,
  );
  t.match(bad, { file: 'sensitive-context.txt', line: 1 }, 'a bad line is a DictionaryError with its line');
});
