import t from 'tap';
import { Normalizer } from '../../src/core/normalize/index.js';
import type { Segmenter } from '../../src/core/types.js';
import { auditLexicon, parseLexiconText, pinyinSyllables, ReferenceCorpus, type AuditResources, type WordInfo } from '../../src/lexicon/index.js';

const normalizer = new Normalizer();

/** Greedy longest match over a few words, single characters otherwise: enough to give the corpus word boundaries. */
function segmenter(words: string[]): Segmenter {
  return {
    cut(text: string): string[] {
      const out: string[] = [];
      for (let i = 0; i < text.length; ) {
        const word = words.filter((w) => text.startsWith(w, i)).sort((a, b) => b.length - a.length)[0] ?? text[i];
        out.push(word);
        i += word.length;
      }
      return out;
    },
  };
}

const JIEBA: Record<string, WordInfo> = {
  公安: { frequency: 2800, tag: 'n' },
  毒贩子: { frequency: 20, tag: 'n' },
  李小明: { frequency: 3, tag: 'nr' },
  老虎机: { frequency: 18, tag: 'nr' },
  共产党: { frequency: 5000, tag: 'nt' },
  粮食: { frequency: 900, tag: 'n' },
};

function resources(corpus = '', words: string[] = []): AuditResources {
  return {
    normalizeTerm: (term) => normalizer.normalizeTerm(term),
    word: (term) => JIEBA[term],
    commonWordContaining: (term) => {
      const hit = Object.entries(JIEBA).find(([word, info]) => info.frequency >= 2000 && word !== term && word.includes(term));
      return hit ? { word: hit[0], frequency: hit[1].frequency } : undefined;
    },
    reference: new ReferenceCorpus(corpus, normalizer, segmenter(words)),
    existing: {
      sensitive: new Map([['赌场', 'base/sensitive/gambling.txt:3']]),
      whitelist: new Map([['打击赌博', 'base/whitelist/common.txt:2']]),
      names: new Map([['中华人民共和国审计署', 'base/names/institutions.txt:9']]),
      vocabulary: [{ text: '中华人民共和国审计署', where: 'base/names/institutions.txt:9' }, { text: '香港特别行政区', where: 'base/normative/xinhua.txt:4' }],
    },
  };
}

function audit(list: string, corpus = '', words: string[] = []) {
  const parsed = parseLexiconText(list, 'list.txt');
  return auditLexicon(parsed.entries, parsed.problems, resources(corpus, words), {}, ['list.txt']);
}

const reasonOf = (report: ReturnType<typeof audit>, term: string): string | undefined => {
  const entry = report.entries.find((e) => e.term === term);
  return entry ? `${entry.status}:${entry.reasons[0] ?? ''}` : undefined;
};

t.test('every audit reason, each on the entry that has it', async (t) => {
  const list = [
    '赌博代理群', // accepted
    '赌博代理群', // duplicate
    '賭博代理群', // same key after traditional -> simplified
    '赌场', // already listed in the target
    '* *', // nothing left after normalization
    '赌', // single character
    '8964', // digits
    'tmd', // Latin fragment
    'xiao', // one pinyin syllable
    'falundafa', // four syllables: accepted
    '打击赌博', // a whitelist entry
    '中华人民共和国审计署', // registered name
    '人民共和', // inside an official name
    '别行政', // inside official wording
    '公安', // common word
    '李小明', // person name (surname + nr)
    '老虎机', // nr tag without a surname: not a name
    '粮食局', // agency shape
    '产党', // inside a very common word
    '插件下载', // fires on the reference corpus
  ].join('\n');
  const report = audit(list, '请先安装插件下载工具。\n', ['插件', '下载', '工具']);
  const expected: Record<string, string> = {
    赌博代理群: 'accepted:',
    賭博代理群: 'dropped:same-key',
    赌场: 'dropped:already-listed',
    '* *': 'parked:empty-after-normalization',
    赌: 'parked:single-character',
    '8964': 'parked:digits',
    tmd: 'parked:latin-fragment',
    xiao: 'parked:latin-fragment',
    falundafa: 'accepted:',
    打击赌博: 'parked:whitelisted',
    中华人民共和国审计署: 'parked:registered-name',
    人民共和: 'parked:official-vocabulary',
    别行政: 'parked:official-vocabulary',
    公安: 'parked:common-word',
    李小明: 'parked:proper-name',
    老虎机: 'accepted:',
    粮食局: 'parked:proper-name',
    产党: 'parked:inside-common-word',
    插件下载: 'parked:reference-hits',
  };
  for (const [term, outcome] of Object.entries(expected)) t.equal(reasonOf(report, term), outcome, term);
  const duplicates = report.entries.filter((entry) => entry.term === '赌博代理群');
  t.same(duplicates.map((entry) => entry.status), ['accepted', 'dropped']);
  t.match(duplicates[1].details[0], /already at list\.txt:1/);
  t.match(report.entries.find((e) => e.term === '人民共和')!.details[0], /occurs in '中华人民共和国审计署' \(base\/names\/institutions\.txt:9\)/);
  t.equal(report.summary.entries, 20);
  t.equal(report.summary.accepted, 3);
  t.equal(report.summary.dropped, 3);
  t.equal(report.summary.parked, 14);
  t.equal(report.summary.byReason['latin-fragment'], 2);
});

t.test('reference hits follow the product: word boundaries and whole-word Latin', async (t) => {
  const corpus = '西藏独特的风光很美。\nBroadcasting starts at noon.\n请勿传播赌博信息。\n';
  const words = ['西藏', '独特', '的', '风光', '很', '美', '请勿', '传播', '赌博', '信息'];
  const report = audit('藏独\ncast\n赌博\n', corpus, words);
  t.equal(reasonOf(report, '藏独'), 'accepted:', '藏独 inside 西藏独特 does not count');
  t.equal(reasonOf(report, 'cast'), 'accepted:', 'cast inside Broadcasting does not count');
  t.equal(reasonOf(report, '赌博'), 'parked:reference-hits');
  t.equal(report.entries.find((e) => e.term === '赌博')!.referenceHits, 1);
  const characters = corpus.replace(/\n/g, '').length;
  t.equal(report.summary.reference.characters, characters);
  t.equal(report.summary.reference.hitsPer10kRaw, Math.round((1 / characters) * 10_000 * 100) / 100);
  t.equal(report.summary.reference.hitsPer10kAccepted, 0);
});

t.test('unreadable lines are parked with their reason', async (t) => {
  const report = audit(`赌博代理群\n六合\u0000彩\n${'x'.repeat(5000)}\n`);
  t.same(report.entries.map((e) => [e.line, e.status, e.reasons[0]]), [
    [2, 'parked', 'control-character'],
    [3, 'parked', 'too-long'],
    [1, 'accepted', undefined],
  ]);
});

t.test('pinyin syllables', async (t) => {
  t.equal(pinyinSyllables('falungong'), 3);
  t.equal(pinyinSyllables('xian'), 1);
  t.equal(pinyinSyllables('zhongguo'), 2);
  t.equal(pinyinSyllables('porn'), undefined);
  t.equal(pinyinSyllables('sports'), undefined);
});
