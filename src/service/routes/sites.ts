import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge } from 'prom-client';
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
  const { sites, guards, metrics } = app.jiaodui;
  const registers = [metrics.registry];
  new Gauge({
    name: 'jiaodui_sites',
    help: 'Sites loaded from SITES_DIR and the shared store.',
    registers,
    collect() {
      this.set(sites.size);
    },
  });
  // Swaps of compiled sites: after this replica's own changes and after other replicas' (read from the store).
  const swaps = new Counter({ name: 'jiaodui_site_swaps_total', help: 'Compiled site overlays swapped in, by layer changes seen.', registers });
  const failures = new Counter({ name: 'jiaodui_site_refresh_failures_total', help: 'Reads of the shared site store that failed (the previous overlays keep serving).', registers });
  sites.onSwap = (layers) => swaps.inc(layers.length);
  const log = sites.onError;
  sites.onError = (error) => {
    failures.inc();
    log?.(error);
  };
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
