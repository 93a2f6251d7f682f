// The LanguageTool-compatible API against the shapes LanguageTool documents
// (https://languagetool.org/http-api/ : POST /v2/check with form fields text|data and
// language; GET /v2/languages), and its annotation offsets: LanguageTool reports offsets
// into the whole annotated document, markup included.
import t from 'tap';
import { annotate, parseAnnotation } from '../../src/service/languagetool.js';
import { testApp } from '../helpers/service-app.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

t.test('annotation offsets count markup; interpretAs is read but maps to its markup', async (t) => {
  const parts = parseAnnotation(JSON.stringify({ annotation: [{ text: 'A ' }, { markup: '<b>' }, { text: '按步就班' }, { markup: '</b>' }, { markup: '<p>', interpretAs: '\n\n' }, { text: '布署' }] }));
  const annotated = annotate(parts);
  t.equal(annotated.plain, 'A 按步就班\n\n布署');
  // 按步就班: plain 2..6 -> original 5..9 (after 'A ' and '<b>').
  t.equal(annotated.toOriginal(2, 'start'), 5);
  t.equal(annotated.toOriginal(6, 'end'), 9);
  // 布署: plain 8..10 -> after 'A <b>按步就班</b><p>' = 2 + 3 + 4 + 4 + 3 = 16.
  t.equal(annotated.toOriginal(8, 'start'), 16);
  t.equal(annotated.toOriginal(10, 'end'), 18);
  // A span ending inside interpretAs covers the whole markup.
  t.equal(annotated.toOriginal(7, 'end'), 16);
  t.throws(() => parseAnnotation('{"annotation":[{"text":"a","markup":"b"}]}'), { code: 'JD_SCHEMA_VIOLATION' });
  t.throws(() => parseAnnotation('not json'), { code: 'JD_INVALID_JSON' });
});

t.test('POST /v2/check and GET /v2/languages', async (t) => {
  const app = await testApp({ sitesDir: writeDictionaryFolder({ 'city/sensitive/local.txt': '甲甲矿业\n' }), sitesPollMs: 0 });
  t.teardown(() => app.close());

  await t.test('text form: matches with LanguageTool\'s fields, offsets in UTF-16 units', async (t) => {
    const text = '😀我们要按步就班地布署工作。';
    const response = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text, language: 'zh-CN', motherTongue: 'zh-CN', level: 'default' }) });
    t.equal(response.statusCode, 200);
    const body = response.json();
    t.same(Object.keys(body).sort(), ['language', 'matches', 'software', 'warnings']);
    t.match(body.software, { name: 'jiaodui', apiVersion: 1 });
    t.match(body.language, { code: 'zh-CN', detectedLanguage: { code: 'zh-CN' } });
    const typo = body.matches.find((match: { offset: number }) => match.offset === text.indexOf('按步就班'));
    t.ok(typo, 'offset counts the emoji as two UTF-16 units');
    t.match(typo, {
      length: 4,
      message: /按部就班/,
      shortMessage: '错别字',
      replacements: [{ value: '按部就班' }],
      rule: { id: 'JIAODUI_TYPO_COMMON', subId: 'typo:common:按步就班', issueType: 'misspelling', category: { id: 'TYPOS', name: '错别字' } },
      type: { typeName: 'UnknownWord' },
    });
    t.equal(typo.context.text.slice(typo.context.offset, typo.context.offset + typo.context.length), '按步就班');
    t.equal(typo.sentence, text);
    for (const match of body.matches) t.equal(text.slice(match.offset, match.offset + match.length).length, match.length);
  });

  await t.test('the same findings as /v1/check, one match each', async (t) => {
    const text = '关于按步就班布署全市网站集约化工作的通知\n各单位：北朝鲜代表团来访期间，严禁发布网络赌场广告。';
    const v1 = (await app.inject({ method: 'POST', url: '/v1/check', payload: { text } })).json();
    const v2 = (await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text, language: 'zh-CN' }) })).json();
    t.same(
      v2.matches.map((match: { offset: number; length: number }) => [match.offset, match.offset + match.length]),
      v1.findings.map((finding: { start: number; end: number }) => [finding.start, finding.end]),
    );
    const sensitive = v2.matches.find((match: { rule: { category: { id: string } } }) => match.rule.category.id === 'JIAODUI_SENSITIVE');
    t.match(sensitive, { rule: { issueType: 'legal' }, replacements: [] });
  });

  await t.test('data form: offsets into text and markup together', async (t) => {
    const data = JSON.stringify({ annotation: [{ markup: '<p>' }, { text: '我们要' }, { markup: '<b>' }, { text: '按步就班' }, { markup: '</b>' }, { text: '地工作。' }, { markup: '</p>' }] });
    const response = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ data, language: 'zh-CN' }) });
    t.equal(response.statusCode, 200);
    const original = '<p>我们要<b>按步就班</b>地工作。</p>';
    const match = response.json().matches.find((candidate: { rule: { id: string } }) => candidate.rule.id === 'JIAODUI_TYPO_COMMON');
    t.equal(original.slice(match.offset, match.offset + match.length), '按步就班');
    t.equal(match.context.text.slice(match.context.offset, match.context.offset + match.context.length), '按步就班', 'context is the plain text');
  });

  await t.test('disabledRules / disabledCategories / enabledOnly', async (t) => {
    const text = '要按步就班地布署工作，严禁网络赌场。';
    const ids = async (fields: Record<string, string>) =>
      (await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text, language: 'zh-CN', ...fields }) })).json().matches.map((match: { rule: { id: string } }) => match.rule.id);
    t.ok((await ids({})).includes('JIAODUI_TYPO_COMMON'));
    t.notOk((await ids({ disabledRules: 'JIAODUI_TYPO_COMMON' })).includes('JIAODUI_TYPO_COMMON'));
    t.notOk((await ids({ disabledCategories: 'JIAODUI_SENSITIVE' })).some((id: string) => id.startsWith('JIAODUI_SENSITIVE')));
    t.same([...new Set(await ids({ enabledOnly: 'true', enabledCategories: 'JIAODUI_SENSITIVE' }))], ['JIAODUI_SENSITIVE_GAMBLING']);
  });

  await t.test('errors: unsupported language, neither or both of text and data, JSON body elsewhere unchanged', async (t) => {
    const english = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text: 'hello', language: 'en-US' }) });
    t.equal(english.statusCode, 400);
    t.equal(english.json().error.code, 'JD_LANGUAGE_UNSUPPORTED');
    const neither = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ language: 'zh-CN' }) });
    t.equal(neither.json().error.code, 'JD_SCHEMA_VIOLATION');
    const both = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ language: 'zh-CN', text: 'a', data: '{"annotation":[]}' }) });
    t.equal(both.json().error.code, 'JD_SCHEMA_VIOLATION');
    const noLanguage = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text: '按步就班' }) });
    t.equal(noLanguage.json().error.code, 'JD_SCHEMA_VIOLATION');
    const auto = await app.inject({ method: 'POST', url: '/v2/check', headers: FORM, payload: form({ text: '按步就班', language: 'auto' }) });
    t.equal(auto.statusCode, 200);
    // Forms are accepted on /v2 only: /v1 still takes JSON alone.
    const v1Form = await app.inject({ method: 'POST', url: '/v1/check', headers: FORM, payload: form({ text: '按步就班' }) });
    t.equal(v1Form.statusCode, 415);
    t.equal(v1Form.json().error.code, 'JD_UNSUPPORTED_MEDIA_TYPE');
  });

  await t.test('a site: as the form field site, or in the path for clients that take only a base URL', async (t) => {
    const text = '甲甲矿业发布通知。';
    const sensitive = async (url: string, fields: Record<string, string> = {}) => {
      const response = await app.inject({ method: 'POST', url, headers: FORM, payload: form({ text, language: 'zh-CN', ...fields }) });
      t.equal(response.statusCode, 200, url);
      return response.json().matches.filter((match: { rule: { category: { id: string } } }) => match.rule.category.id === 'JIAODUI_SENSITIVE').map((match: { offset: number; length: number }) => [match.offset, match.length]);
    };
    t.same(await sensitive('/v2/check'), [], 'not a term without the site');
    t.same(await sensitive('/v2/check', { site: 'city' }), [[0, 4]]);
    t.same(await sensitive('/v2/sites/city/check'), [[0, 4]]);
    const unknown = await app.inject({ method: 'POST', url: '/v2/sites/nowhere/check', headers: FORM, payload: form({ text, language: 'zh-CN' }) });
    t.equal(unknown.json().error.code, 'JD_UNKNOWN_SITE');
    t.same((await app.inject({ method: 'GET', url: '/v2/sites/city/languages' })).json(), [{ name: 'Chinese', code: 'zh', longCode: 'zh-CN' }]);
  });

  await t.test('GET /v2/languages', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/v2/languages' });
    t.equal(response.statusCode, 200);
    t.same(response.json(), [{ name: 'Chinese', code: 'zh', longCode: 'zh-CN' }]);
  });
});

t.test('CHECK_REQUIRES_KEY: the key is taken from the form field apiKey (as LibreOffice sends it) or a header', async (t) => {
  const key = 'lo-key-0123456789abcdef0123456789';
  const app = await testApp({ apiKeys: JSON.stringify([{ name: 'writer', key, role: 'check' }]), checkRequiresKey: true });
  t.teardown(() => app.close());
  const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/v2/check', headers: { ...FORM, ...headers }, payload: form({ text: '按步就班', language: 'zh-CN', ...fields }) });
  t.equal((await post({})).json().error.code, 'JD_UNAUTHORIZED');
  t.equal((await post({ username: 'x', apiKey: 'wrong-key-0123456789abcdef' })).json().error.code, 'JD_UNAUTHORIZED');
  t.equal((await post({ username: 'x', apiKey: key })).statusCode, 200);
  t.equal((await post({}, { authorization: `Bearer ${key}` })).statusCode, 200);
});
