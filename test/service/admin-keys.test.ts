import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import t from 'tap';
import { loadConfig } from '../../src/service/config.js';
import { Guards, KeyRing } from '../../src/service/plugins/auth.js';
import { writeDictionaryFolder } from '../helpers/dictionaries.js';

/** API keys: configuration errors name the entry, lookups by either header, roles per route. */
const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;
const ring = (apiKeys: unknown, adminToken?: string) => KeyRing.fromConfig({ apiKeys: JSON.stringify(apiKeys), apiKeysFile: undefined, adminToken });

t.test('configuration errors name the entry and what is wrong', async (t) => {
  const bad = (keys: unknown, message: RegExp) => t.throws(() => ring(keys), { name: 'ConfigError', message });
  t.throws(() => KeyRing.fromConfig({ apiKeys: '[{', apiKeysFile: undefined, adminToken: undefined }), { message: /^API_KEYS is not valid JSON/ });
  bad({ name: 'x' }, /^API_KEYS must be a JSON array/);
  bad([{ name: 'a', key: 'k'.repeat(20), role: 'root' }], /^API_KEYS\[0\]: role must be one of check, editor, admin$/);
  bad([{ name: 'a', key: 'short', role: 'check' }], /^API_KEYS\[0\]: key must have at least 12 characters$/);
  bad([{ name: 'a', key: 'k'.repeat(20), role: 'editor' }], /^API_KEYS\[0\]: an editor needs sites/);
  bad([{ name: 'a', key: 'k'.repeat(20), role: 'admin', sites: ['x'] }], /^API_KEYS\[0\]: a admin key has no sites/);
  bad([{ name: 'a', sha256: 'zz', role: 'check' }], /needs key \(a string\) or sha256/);
  bad([{ name: 'a', key: 'k'.repeat(20), role: 'check', extra: 1 }], /unknown field 'extra'/);
  bad([{ name: 'a', key: 'k'.repeat(20), role: 'check' }, { name: 'a', key: 'j'.repeat(20), role: 'check' }], /name 'a' is used twice/);
  bad([{ name: 'admin-token', key: 'k'.repeat(20), role: 'check' }], /is used twice \(or is 'admin-token'/);
  t.throws(() => loadConfig({ CHECK_REQUIRES_KEY: 'maybe' }), { message: 'CHECK_REQUIRES_KEY must be true or false, got "maybe"' });
  t.equal(loadConfig({ CHECK_REQUIRES_KEY: 'true' }).checkRequiresKey, true);
});

t.test('keys by Authorization or X-API-Key, by value or by SHA-256, from API_KEYS_FILE too', async (t) => {
  const hashed = 'hashed-key-0123456789';
  const file = path.join(writeDictionaryFolder({}), 'keys.json');
  writeFileSync(file, JSON.stringify([{ name: 'from-file', key: 'file-key-0123456789', role: 'check' }]));
  const keys = KeyRing.fromConfig({
    apiKeys: JSON.stringify([
      { name: 'plain', key: 'plain-key-0123456789', role: 'editor', sites: ['city'] },
      { name: 'hashed', sha256: createHash('sha256').update(hashed).digest('hex'), role: 'admin' },
    ]),
    apiKeysFile: file,
    adminToken: 'the-admin-token',
  });
  t.match(keys.identify(request({ authorization: 'Bearer plain-key-0123456789' })), { name: 'plain', role: 'editor' });
  t.match(keys.identify(request({ 'x-api-key': hashed })), { name: 'hashed', role: 'admin', sites: 'all' });
  t.match(keys.identify(request({ authorization: 'bearer   file-key-0123456789 ' })), { name: 'from-file', role: 'check' });
  t.match(keys.identify(request({ authorization: 'Bearer the-admin-token' })), { name: 'admin-token', role: 'admin' });
  t.equal(keys.identify(request({})), undefined, 'no key');
  t.equal(keys.identify(request({ authorization: 'Bearer nope' })), null, 'unknown key');
  t.equal(keys.identify(request({ authorization: 'plain-key-0123456789' })), null, 'not a Bearer header is a wrong key');
  t.notOk(JSON.stringify(keys).includes('plain-key'), 'no key in a serialized key ring');

  const guards = new Guards(keys, false);
  await t.resolves(guards.check(request({})), 'checking is open by default');
  t.throws(() => guards.editorOf(request({ authorization: 'Bearer plain-key-0123456789' }), 'town'), { code: 'JD_FORBIDDEN' });
  t.match(guards.editorOf(request({ authorization: 'Bearer plain-key-0123456789' }), 'city'), { name: 'plain' });
  t.throws(() => guards.admin(request({ authorization: 'Bearer plain-key-0123456789' })), { code: 'JD_FORBIDDEN' });
  t.throws(() => guards.manager(request({ authorization: 'Bearer file-key-0123456789' })), { code: 'JD_FORBIDDEN' });
  const closed = new Guards(keys, true);
  await t.rejects(closed.check(request({})), { code: 'JD_UNAUTHORIZED' });
  await t.resolves(closed.check(request({ 'x-api-key': 'file-key-0123456789' })));
  t.throws(() => new Guards(ring([]), false).manager(request({ authorization: 'Bearer x' })), { code: 'JD_ADMIN_DISABLED' });
});
