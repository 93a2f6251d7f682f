import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DictionaryError } from '../../core/dictionaries/errors.js';
import { ServiceError } from '../errors.js';
import { DictionaryBuildError } from '../pool/check-pool.js';
import { withErrors } from '../schemas/common.js';
import { DictionariesResponse, ReloadResponse } from '../schemas/dictionaries.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Rejects unless the request carries `Authorization: Bearer <ADMIN_TOKEN>` (constant-time compare). */
export function requireAdmin(adminToken: string | undefined, request: FastifyRequest): void {
  if (adminToken === undefined) throw new ServiceError('JD_ADMIN_DISABLED');
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match || !timingSafeEqual(digest(match[1].trim()), digest(adminToken))) throw new ServiceError('JD_UNAUTHORIZED');
}

export async function dictionaryRoutes(app: FastifyInstance): Promise<void> {
  const { store, metrics, guards, sites } = app.jiaodui;

  app.get(
    '/v1/dictionaries',
    {
      schema: {
        summary: 'The loaded dictionaries: version (content hash), term counts per kind and category, load time',
        tags: ['dictionaries'],
        response: withErrors({ 200: DictionariesResponse }),
      },
    },
    async () => ({ ...store.current.info, reloading: store.reloading }),
  );

  app.post(
    '/v1/dictionaries/reload',
    {
      schema: {
        summary: 'Reload the dictionaries from disk (admin token); the old version serves until the new one is ready',
        tags: ['dictionaries'],
        security: [{ adminToken: [] }],
        response: withErrors({ 200: ReloadResponse }),
      },
      // Before the body is even read: no work for a caller without the token (ADMIN_TOKEN or an admin API key).
      onRequest: async (request) => {
        guards.admin(request);
      },
    },
    async (request) => {
      try {
        const { previous, next } = await store.reload();
        // Hand-edited site folders (not yet managed through the API) are re-read too.
        const sitesChanged = await sites.reloadFolders().catch((error: unknown) => {
          if (error instanceof DictionaryError) throw new DictionaryBuildError(error.message, error.file, error.line);
          throw error;
        });
        if (sitesChanged.length > 0) request.log.info({ sites: sitesChanged }, 'site folders reloaded');
        metrics.reloads.inc({ result: 'ok' });
        request.log.info({ previousVersion: previous.version, version: next.version, loadMs: next.info.loadMs }, 'dictionaries reloaded');
        return { ...next.info, previousVersion: previous.version, changed: previous.version !== next.version };
      } catch (error) {
        if (error instanceof DictionaryBuildError) {
          metrics.reloads.inc({ result: 'rejected' });
          request.log.warn({ file: error.file, line: error.line }, 'dictionary reload rejected');
          throw new ServiceError('JD_DICTIONARY_INVALID', error.message);
        }
        throw error;
      }
    },
  );
}
