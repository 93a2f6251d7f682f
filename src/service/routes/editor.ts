import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import { ServiceError } from '../errors.js';
import { withErrors } from '../schemas/common.js';

/**
 * dist/web/ next to the compiled service (dist/service/routes/ -> dist/web/), or the repo's
 * dist/web/ when the service runs from source (tests run src/ through tsx).
 */
export function defaultWebDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../web'), path.resolve(here, '../../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[candidates.length - 1];
}

/**
 * Nothing but this origin: the page works on an intranet with no internet, and a stray
 * external resource would fail loudly here rather than silently elsewhere. Inline styles
 * are CodeMirror's (it writes its theme into <style> elements) and the card's position.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

const PageResponse = { description: 'The editor page', content: { 'text/html': { schema: Type.String() } } };

/** The editor page (GET / and /editor) and its hashed assets (/assets/*), built by scripts/build-web.mjs. */
export async function editorRoutes(app: FastifyInstance, options: { webDir?: string } = {}): Promise<void> {
  const webDir = options.webDir ?? defaultWebDir();
  const assetsDir = path.join(webDir, 'assets');

  // Every asset name carries a content hash: a changed file is a new URL, so it can be cached for good.
  await app.register(fastifyStatic, {
    root: existsSync(assetsDir) ? assetsDir : webDir,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
    wildcard: true,
    decorateReply: false,
  });

  const page = async (_request: unknown, reply: import('fastify').FastifyReply) => {
    let html: string;
    try {
      html = await readFile(path.join(webDir, 'index.html'), 'utf8');
    } catch {
      throw new ServiceError('JD_EDITOR_NOT_BUILT', `The editor page is not built (no ${path.join(webDir, 'index.html')}): run \`npm run build\``);
    }
    // The HTML names the current assets: revalidated on every load so a new build shows at once.
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  };
  for (const url of ['/', '/editor']) {
    app.get(url, { schema: { summary: 'The editor page: paste or upload a draft, see and fix every finding', tags: ['editor'], produces: ['text/html'], response: withErrors({ 200: PageResponse }) } }, page);
  }
}
