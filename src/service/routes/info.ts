import type { FastifyInstance } from 'fastify';
import { PROFILES } from '../profiles.js';
import { withErrors } from '../schemas/common.js';
import { LimitsResponse, ProfilesResponse } from '../schemas/info.js';

/** What a client needs before it sends anything: the size limits and the profiles to choose from. */
export async function infoRoutes(app: FastifyInstance): Promise<void> {
  const { config } = app.jiaodui;
  const limits = { bodyLimit: config.bodyLimit, batchMaxDocuments: config.batchMaxDocuments };
  const profiles = {
    profiles: [...PROFILES.values()].map(({ name, description, checks, review, block }) => ({ name, description, checks: [...checks], review, block })),
  };

  app.get(
    '/v1/limits',
    { schema: { summary: 'Request size limits (the editor page shows them before a draft is too long)', tags: ['info'], response: withErrors({ 200: LimitsResponse }) } },
    async () => limits,
  );

  app.get(
    '/v1/profiles',
    { schema: { summary: 'The profiles a request may name, with their checks and verdict thresholds', tags: ['info'], response: withErrors({ 200: ProfilesResponse }) } },
    async () => profiles,
  );
}
