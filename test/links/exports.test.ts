import { existsSync, statSync } from 'node:fs';
import t from 'tap';

// Self-reference through package.json "exports", as a user imports it after `npm ci` (which builds dist/).
const dist = new URL('../../dist/links/index.js', import.meta.url);
const source = new URL('../../src/links/index.ts', import.meta.url);
const skip = !existsSync(dist) ? 'dist/links is not built (npm run build)' : statSync(dist).mtimeMs < statSync(source).mtimeMs ? 'dist/links is older than src/links (npm run build)' : false;

t.test('jiaodui/links exports the checker and the pure functions', { skip }, async (t) => {
  const links = await import('jiaodui/links' as string);
  t.type(links.LinkChecker, 'function');
  t.type(links.extractLinks, 'function');
  t.type(links.classifyPage, 'function');
  t.same(links.extractLinks('<a href="/x">x</a>', 'https://www.example.gov.cn/').links.map((l: { url: string }) => l.url), ['https://www.example.gov.cn/x']);
});
