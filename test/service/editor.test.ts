// The routes that serve the editor's page and what it reads first, on a bare fastify
// instance (no dictionaries or workers needed): caching headers, the not-built error, the
// limits and profiles.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import t from 'tap';
import type { ServiceContext } from '../../src/service/context.js';
import { registerErrorHandlers } from '../../src/service/plugins/errors.js';
import { PROFILES } from '../../src/service/profiles.js';
import { editorRoutes } from '../../src/service/routes/editor.js';
import { infoRoutes } from '../../src/service/routes/info.js';
import { ErrorResponse } from '../../src/service/schemas/common.js';

async function bareApp(webDir: string) {
  const app = Fastify();
  app.addSchema(ErrorResponse);
  registerErrorHandlers(app, { bodyLimit: 4096, retryAfterSeconds: 2 });
  app.decorate('jiaodui', { config: { bodyLimit: 4096, batchMaxDocuments: 7 } } as unknown as ServiceContext);
  await app.register(editorRoutes, { webDir });
  await app.register(infoRoutes);
  await app.ready();
  return app;
}

t.test('a built page: HTML revalidated, hashed assets immutable, same-origin CSP', async (t) => {
  const webDir = mkdtempSync(path.join(os.tmpdir(), 'jiaodui-web-'));
  mkdirSync(path.join(webDir, 'assets'));
  writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>校对</title><script type="module" src="/assets/app-ABC123.js"></script>');
  writeFileSync(path.join(webDir, 'assets/app-ABC123.js'), 'console.log(1)');
  const app = await bareApp(webDir);
  t.teardown(() => app.close());
  for (const url of ['/', '/editor']) {
    const page = await app.inject({ method: 'GET', url });
    t.equal(page.statusCode, 200, url);
    t.match(page.headers['content-type'], /^text\/html/);
    t.equal(page.headers['cache-control'], 'no-cache');
    t.match(page.headers['content-security-policy'], /default-src 'self'/);
    t.match(page.body, /校对/);
  }
  const asset = await app.inject({ method: 'GET', url: '/assets/app-ABC123.js' });
  t.equal(asset.statusCode, 200);
  t.match(asset.headers['cache-control'], /max-age=31536000.*immutable/);
  t.match(asset.headers['content-type'], /javascript/);
  const missing = await app.inject({ method: 'GET', url: '/assets/app-OLD.js' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().error.code, 'JD_NOT_FOUND');
});

t.test('no build: 503 JD_EDITOR_NOT_BUILT saying what to run', async (t) => {
  const app = await bareApp(mkdtempSync(path.join(os.tmpdir(), 'jiaodui-web-empty-')));
  t.teardown(() => app.close());
  const page = await app.inject({ method: 'GET', url: '/' });
  t.equal(page.statusCode, 503);
  t.equal(page.json().error.code, 'JD_EDITOR_NOT_BUILT');
  t.match(page.json().error.message, /npm run build/);
});

t.test('GET /v1/limits and /v1/profiles', async (t) => {
  const app = await bareApp(mkdtempSync(path.join(os.tmpdir(), 'jiaodui-web-empty-')));
  t.teardown(() => app.close());
  t.same((await app.inject({ method: 'GET', url: '/v1/limits' })).json(), { bodyLimit: 4096, batchMaxDocuments: 7 });
  const { profiles } = (await app.inject({ method: 'GET', url: '/v1/profiles' })).json();
  t.same(profiles.map((profile: { name: string }) => profile.name), [...PROFILES.keys()]);
  t.same(profiles[0], { ...PROFILES.get(profiles[0].name), checks: [...PROFILES.get(profiles[0].name)!.checks] });
});
