import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CompiledSite, SiteRegistry } from '../../sites/registry.js';
import { ServiceError } from '../errors.js';
import { resolvePlan } from '../profiles.js';
import type { CheckPlan } from '../profiles.js';
import { withErrors } from '../schemas/common.js';

/**
 * The site a request names, read once (the request keeps this object whatever a change does
 * meanwhile). No `site`: the global layer's overlay when it has content, else none.
 */
export function siteOf(sites: SiteRegistry, id: string | undefined): CompiledSite | undefined {
  if (id === undefined) return sites.global;
  const site = sites.get(id);
  if (site === undefined) {
    const known = sites.enabled ? `; known: ${sites.list().slice(0, 20).map((s) => s.id).join(', ') || 'none'}` : ' (the service has no SITES_DIR)';
    throw new ServiceError('JD_UNKNOWN_SITE', `Unknown site ${JSON.stringify(id.slice(0, 64))}${known}`);
  }
  return site;
}

/**
 * The plan for a request on a site: the request's profile, else the site's, else `default`;
 * the site's verdict thresholds replace the profile's.
 */
export function sitePlan(site: CompiledSite | undefined, profile: string | undefined, checks: readonly string[] | undefined): CheckPlan {
  const plan = resolvePlan(profile ?? site?.settings.profile, checks);
  const thresholds = site?.settings.thresholds;
  if (thresholds === undefined) return plan;
  return { ...plan, profile: { ...plan.profile, review: thresholds.review ?? plan.profile.review, block: thresholds.block ?? plan.profile.block } };
}

/** Both at once, for a request or a batch document that names `site`. */
export function siteChoice(sites: SiteRegistry, id: string | undefined, profile: string | undefined, checks: readonly string[] | undefined): { site: CompiledSite | undefined; plan: CheckPlan } {
  const site = siteOf(sites, id);
  return { site, plan: sitePlan(site, profile, checks) };
}

const SiteSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  profile: Type.String({ description: 'The profile used when a request names none.' }),
  version: Type.String({ description: 'Overlay version (content hash): part of `stats.dictionaryVersion`.' }),
});

export const SitesResponse = Type.Object({ sites: Type.Array(SiteSummary) });

export async function siteRoutes(app: FastifyInstance): Promise<void> {
  const { sites, guards } = app.jiaodui;
  app.get(
    '/v1/sites',
    {
      schema: {
        summary: 'The sites requests may name in `site`: id, name, default profile (no lists, no secrets)',
        tags: ['sites'],
        response: withErrors({ 200: SitesResponse }),
      },
      onRequest: guards.check,
    },
    async () => ({ sites: sites.list().map((site) => ({ id: site.id, name: site.name, profile: site.settings.profile ?? 'default', version: site.version })) }),
  );
}
