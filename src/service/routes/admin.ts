import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DictionaryError } from '../../core/dictionaries/errors.js';
import { SITE_ID } from '../../core/sites/settings.js';
import { ENTRY_KINDS, EntryError, type Entry, type EntryKind, type LayerState } from '../../sites/entries.js';
import { applyOperations, cleanEntries, cleanSettings, EntryNotFoundError } from '../../sites/manage.js';
import { acceptedEntries, auditUploadedLists, closeLexiconAudits, LexiconUploadError } from '../../sites/lexicon-import.js';
import { parseInto } from '../../lexicon/index.js';
import { BUNDLED_DICTIONARIES } from '../../loader/paths.js';
import { GLOBAL_LAYER, PreconditionFailedError, UnknownSiteError, VersionNotFoundError, type LayerRecord } from '../../sites/registry.js';
import { ServiceError } from '../errors.js';
import { maySee, type Principal } from '../plugins/auth.js';
import { PROFILES } from '../profiles.js';
import {
  AuditQuery,
  AuditResponse,
  ChangeResponse,
  CreateSiteBody,
  EntriesBody,
  EntriesQuery,
  EntriesResponse,
  EntryFields,
  EntryParams,
  IfMatchHeaders,
  ImportBody,
  ImportResponse,
  LayerListResponse,
  RollbackBody,
  Settings,
  SettingsResponse,
  SiteParams,
  VersionParams,
  VersionResponse,
  VersionsQuery,
  VersionsResponse,
} from '../schemas/admin.js';
import { withErrors } from '../schemas/common.js';

/** The registry's errors as catalogue errors. */
function asServiceError(error: unknown): unknown {
  if (error instanceof EntryError || error instanceof DictionaryError) return new ServiceError('JD_ENTRY_INVALID', error.message);
  if (error instanceof EntryNotFoundError) return new ServiceError('JD_ENTRY_NOT_FOUND', error.message);
  if (error instanceof UnknownSiteError) return new ServiceError('JD_UNKNOWN_SITE', error.message);
  if (error instanceof PreconditionFailedError) return new ServiceError('JD_PRECONDITION_FAILED', error.message);
  if (error instanceof VersionNotFoundError) return new ServiceError('JD_VERSION_NOT_FOUND', error.message);
  if (error instanceof LexiconUploadError || (error as { code?: string }).code === 'JD_LEXICON_INVALID') return new ServiceError('JD_LEXICON_INVALID', (error as Error).message);
  return error;
}

function countEntries(state: LayerState): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(ENTRY_KINDS.map((kind) => [kind, 0]));
  for (const entry of state.entries) counts[entry.kind]++;
  return counts;
}

const KNOWN_PROFILES: ReadonlySet<string> = new Set(PROFILES.keys());

/**
 * The management API: lists (terms, whitelist, leaders and names) and settings per site, or
 * for every site through the `_global` layer; bulk upload; versions and rollback; the audit
 * log. Every change is validated, published to the shared store as a new version, then
 * swapped in whole (see src/sites/README.md).
 */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const { sites, guards, config } = app.jiaodui;
  app.addHook('onClose', async () => closeLexiconAudits());
  const principals = new WeakMap<FastifyRequest, Principal>();
  const who = (request: FastifyRequest): Principal => principals.get(request) as Principal;

  // Guards run as onRequest hooks: before the body is read, and before anything about the
  // site is revealed (an unknown site and a forbidden one look the same to an editor).
  const asManager = async (request: FastifyRequest): Promise<void> => {
    principals.set(request, guards.manager(request));
  };
  const asAdmin = async (request: FastifyRequest): Promise<void> => {
    principals.set(request, guards.admin(request));
  };
  const asEditorOfSite = async (request: FastifyRequest): Promise<void> => {
    const { site } = request.params as { site: string };
    principals.set(request, site === GLOBAL_LAYER ? guards.admin(request) : guards.editorOf(request, site));
  };

  const layerOf = (site: string): LayerRecord => {
    if (!sites.enabled) throw new ServiceError('JD_SITES_NOT_CONFIGURED');
    const record = sites.layer(site);
    if (record === undefined) throw asServiceError(new UnknownSiteError(site));
    return record;
  };

  const summary = (record: LayerRecord) => ({
    site: record.layer,
    name: record.layer === GLOBAL_LAYER ? 'all sites' : (sites.get(record.layer)?.name ?? record.layer),
    version: record.seq,
    etag: record.etag,
    ...(record.at ? { updatedAt: record.at } : {}),
    ...(record.actor ? { updatedBy: record.actor } : {}),
    counts: countEntries(record.state),
  });

  /** Runs a change as `request`'s key and answers with the new version (ETag header included). */
  const change = async (request: FastifyRequest, reply: FastifyReply, site: string, action: string, edit: (state: LayerState) => LayerState, create = false) => {
    if (!sites.enabled) throw new ServiceError('JD_SITES_NOT_CONFIGURED');
    const principal = who(request);
    const ifMatch = (request.headers['if-match'] as string | undefined)?.trim();
    try {
      const { from, to } = await sites.change(site, edit, { actor: principal.name, role: principal.role, action, ifMatch, create });
      const overlayVersions: Record<string, string> = {};
      if (site === GLOBAL_LAYER) {
        for (const compiled of sites.list()) overlayVersions[compiled.id] = compiled.version;
        if (sites.global) overlayVersions[GLOBAL_LAYER] = sites.global.version;
      } else {
        const compiled = sites.get(site);
        if (compiled) overlayVersions[site] = compiled.version;
      }
      request.log.info({ site, version: to.seq, previousVersion: from.seq, actor: principal.name, action }, 'site list changed');
      reply.header('etag', to.etag);
      return { site, version: to.seq, previousVersion: from.seq, etag: to.etag, changes: countChanges(from.state, to.state), overlayVersions };
    } catch (error) {
      throw asServiceError(error);
    }
  };

  const security = [{ adminToken: [] }];

  app.get('/v1/admin/sites', {
    schema: { summary: 'Sites (and `_global`) this key may manage, with their version, ETag and entry counts', tags: ['admin'], security, response: withErrors({ 200: LayerListResponse }) },
    onRequest: asManager,
  }, async (request) => {
    if (!sites.enabled) throw new ServiceError('JD_SITES_NOT_CONFIGURED');
    const principal = who(request);
    const ids = [...(principal.role === 'admin' ? [GLOBAL_LAYER] : []), ...sites.list().map((site) => site.id).filter((id) => maySee(principal, id))];
    return { sites: ids.map((id) => summary(layerOf(id))) };
  });

  app.post<{ Body: CreateSiteBody }>('/v1/admin/sites', {
    schema: { summary: 'Create a site (admin)', tags: ['admin'], security, body: CreateSiteBody, response: withErrors({ 201: ChangeResponse }) },
    onRequest: asAdmin,
  }, async (request, reply) => {
    const { id } = request.body;
    if (!SITE_ID.test(id)) throw new ServiceError('JD_ENTRY_INVALID', `id: '${id}' must be letters, digits, '-' and '_', starting with a letter or digit`);
    if (!sites.enabled) throw new ServiceError('JD_SITES_NOT_CONFIGURED');
    if (sites.get(id) !== undefined) throw new ServiceError('JD_SITE_EXISTS', `Site ${JSON.stringify(id)} exists already`);
    let state: LayerState;
    try {
      state = { entries: cleanEntries(request.body.entries ?? [], 'entries'), settings: cleanSettings(request.body.settings ?? {}, KNOWN_PROFILES) };
    } catch (error) {
      throw asServiceError(error);
    }
    const result = await change(request, reply, id, 'create site', (current) => {
      if (current.entries.length > 0 || Object.keys(current.settings).length > 0) throw new ServiceError('JD_SITE_EXISTS', `Site ${JSON.stringify(id)} exists already`);
      return state;
    }, true);
    reply.code(201);
    return result;
  });

  app.get<{ Params: SiteParams; Querystring: EntriesQuery }>('/v1/admin/sites/:site/entries', {
    schema: { summary: 'A site\'s entries (or `_global`\'s), with the ETag to send back in If-Match', tags: ['admin'], security, params: SiteParams, querystring: EntriesQuery, response: withErrors({ 200: EntriesResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const record = layerOf(request.params.site);
    const { kind } = request.query;
    const offset = Number(request.query.offset ?? 0);
    const limit = Math.min(100_000, Number(request.query.limit ?? 1000));
    const matching = kind === undefined ? record.state.entries : record.state.entries.filter((entry) => entry.kind === kind);
    reply.header('etag', record.etag);
    return { ...summary(record), total: matching.length, entries: matching.slice(offset, offset + limit) };
  });

  app.post<{ Params: SiteParams; Body: EntriesBody; Headers: { 'if-match'?: string } }>('/v1/admin/sites/:site/entries', {
    schema: {
      summary: 'Add, replace or remove entries in one version (bulk upload with `replace`); all or nothing',
      tags: ['admin'],
      security,
      params: SiteParams,
      headers: IfMatchHeaders,
      body: EntriesBody,
      response: withErrors({ 200: ChangeResponse }),
    },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const { add = [], remove = [], replace = false, kinds } = request.body;
    const action = replace ? `replace ${kinds?.join(',') ?? 'all'} entries (${add.length})` : `add ${add.length}, remove ${remove.length}`;
    return change(request, reply, request.params.site, action, (state) => applyOperations(state, { add, remove, replace, kinds: kinds as EntryKind[] | undefined }));
  });

  app.put<{ Params: EntryParams; Body: EntryFields }>('/v1/admin/sites/:site/entries/:kind/:term', {
    schema: { summary: 'Add or change one entry', tags: ['admin'], security, params: EntryParams, headers: IfMatchHeaders, body: EntryFields, response: withErrors({ 200: ChangeResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const { site, kind, term } = request.params;
    const entry = { ...request.body, kind, term } as Entry;
    return change(request, reply, site, `put ${kind} '${term}'`, (state) => {
      try {
        return applyOperations(state, { add: [entry] });
      } catch (error) {
        // Name the entry as the URL does, not as `add[0]`.
        if (error instanceof EntryError && error.where === 'add[0]') throw new EntryError(`${kind} '${term}'`, error.reason);
        throw error;
      }
    });
  });

  app.delete<{ Params: EntryParams }>('/v1/admin/sites/:site/entries/:kind/:term', {
    schema: { summary: 'Remove one entry', tags: ['admin'], security, params: EntryParams, headers: IfMatchHeaders, response: withErrors({ 200: ChangeResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const { site, kind, term } = request.params;
    return change(request, reply, site, `remove ${kind} '${term}'`, (state) => {
      try {
        return applyOperations(state, { remove: [{ kind, term }] });
      } catch (error) {
        if (error instanceof EntryNotFoundError) throw new EntryNotFoundError('', kind, term);
        throw error;
      }
    });
  });

  app.get<{ Params: SiteParams }>('/v1/admin/sites/:site/settings', {
    schema: { summary: 'A site\'s settings (site.json)', tags: ['admin'], security, params: SiteParams, response: withErrors({ 200: SettingsResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const record = layerOf(request.params.site);
    reply.header('etag', record.etag);
    return { ...summary(record), settings: record.state.settings };
  });

  app.put<{ Params: SiteParams; Body: Record<string, unknown> }>('/v1/admin/sites/:site/settings', {
    schema: { summary: 'Replace a site\'s settings: profile, thresholds, severities, disabled terms, retired hosts', tags: ['admin'], security, params: SiteParams, headers: IfMatchHeaders, body: Settings, response: withErrors({ 200: ChangeResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    let settings: LayerState['settings'];
    try {
      settings = cleanSettings(request.body, KNOWN_PROFILES);
    } catch (error) {
      throw asServiceError(error);
    }
    return change(request, reply, request.params.site, 'settings', (state) => ({ entries: state.entries, settings }));
  });

  app.get<{ Params: SiteParams; Querystring: VersionsQuery }>('/v1/admin/sites/:site/versions', {
    schema: { summary: 'The previous versions of a site\'s lists, newest first', tags: ['admin'], security, params: SiteParams, querystring: VersionsQuery, response: withErrors({ 200: VersionsResponse }) },
    onRequest: asEditorOfSite,
  }, async (request) => {
    const record = layerOf(request.params.site);
    const versions = await sites.history(request.params.site, Math.max(1, Math.min(1000, Number(request.query.limit ?? 20))));
    return {
      site: record.layer,
      current: record.seq,
      versions: versions.map((version) => ({ version: version.seq, at: version.at, actor: version.actor, action: version.action, counts: countEntries(version.state) })),
    };
  });

  app.get<{ Params: VersionParams }>('/v1/admin/sites/:site/versions/:version', {
    schema: { summary: 'The content of one earlier version (to compare before a rollback)', tags: ['admin'], security, params: VersionParams, response: withErrors({ 200: VersionResponse }) },
    onRequest: asEditorOfSite,
  }, async (request) => {
    const { site } = request.params;
    layerOf(site);
    const seq = Number(request.params.version);
    const version = await sites.store?.read(site, seq);
    if (version === undefined) throw asServiceError(new VersionNotFoundError(site, seq));
    return { site, version: version.seq, at: version.at, actor: version.actor, action: version.action, entries: version.state.entries, settings: version.state.settings };
  });

  app.post<{ Params: SiteParams; Body: RollbackBody }>('/v1/admin/sites/:site/rollback', {
    schema: { summary: 'Publish an earlier version\'s content as the next version', tags: ['admin'], security, params: SiteParams, headers: IfMatchHeaders, body: RollbackBody, response: withErrors({ 200: ChangeResponse }) },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const { site } = request.params;
    layerOf(site);
    const target = await sites.store?.read(site, request.body.version);
    if (target === undefined) throw asServiceError(new VersionNotFoundError(site, request.body.version));
    return change(request, reply, site, `rollback to ${request.body.version}`, () => target.state);
  });

  app.post<{ Params: SiteParams; Body: ImportBody }>('/v1/admin/sites/:site/import', {
    schema: {
      summary: 'Audit public word lists (src/lexicon) and add the entries that pass, in one version; the doubtful ones come back as a review list',
      tags: ['admin'],
      security,
      params: SiteParams,
      headers: IfMatchHeaders,
      body: ImportBody,
      response: withErrors({ 200: ImportResponse }),
    },
    onRequest: asEditorOfSite,
  }, async (request, reply) => {
    const { site } = request.params;
    layerOf(site);
    const { files, severity, dryRun = false } = request.body;
    let category: string;
    try {
      category = parseInto(request.body.into ?? 'sensitive:imported').category;
    } catch (error) {
      throw asServiceError(error);
    }
    // Terms the base (and the site's folder) already list, whitelist or register count as such.
    const existing = [config.dictionariesDir ?? BUNDLED_DICTIONARIES];
    if (site !== GLOBAL_LAYER && sites.sitesDir !== undefined && (await stat(path.join(sites.sitesDir, site)).catch(() => undefined))?.isDirectory()) {
      existing.push(path.join(sites.sitesDir, site));
    }
    const sources = files.map((file) => ({ name: path.basename(file.name), bytes: new Uint8Array(Buffer.from(file.base64, 'base64')) }));
    let audit;
    try {
      audit = await auditUploadedLists(sources, { existing });
    } catch (error) {
      throw asServiceError(error);
    }
    const accepted = acceptedEntries(audit, category, severity as Entry['severity']);
    const parked = audit.report.entries
      .filter((entry) => entry.status === 'parked')
      .map((entry) => ({ term: entry.term, reasons: entry.reasons, details: entry.details, file: entry.file, line: entry.line }));
    const result = {
      site,
      dryRun,
      accepted: accepted.length,
      parked,
      dropped: audit.report.summary.dropped,
      summary: audit.report.summary,
      sources: audit.sources,
    };
    if (dryRun || accepted.length === 0) return result;
    const changed = await change(request, reply, site, `import ${accepted.length} into sensitive/${category} from ${sources.map((source) => source.name).join(', ')}`, (state) =>
      applyOperations(state, { add: accepted }),
    );
    return { ...result, change: changed };
  });

  app.get<{ Querystring: AuditQuery }>('/v1/admin/audit', {
    schema: { summary: 'The audit log, newest first: who changed what, when, from what to what', tags: ['admin'], security, querystring: AuditQuery, response: withErrors({ 200: AuditResponse }) },
    onRequest: asManager,
  }, async (request) => {
    if (!sites.store) throw new ServiceError('JD_SITES_NOT_CONFIGURED');
    const principal = who(request);
    const { site } = request.query;
    if (site !== undefined && !maySee(principal, site)) throw new ServiceError('JD_FORBIDDEN', `Key '${principal.name}' may not read the audit of ${JSON.stringify(site.slice(0, 64))}`);
    const layers = principal.role === 'admin' || principal.sites === 'all' ? undefined : principal.sites;
    const records = await sites.store.readAudit({ layer: site, layers, limit: Math.max(1, Math.min(10_000, Number(request.query.limit ?? 100))) });
    return { records: records.map(({ layer, ...record }) => ({ site: layer, ...record })) };
  });
}

function countChanges(before: LayerState, after: LayerState): number {
  const key = (entry: Entry) => JSON.stringify([entry.kind, entry.term, entry.category, entry.severity, entry.suggestions, entry.note, entry.titles]);
  const old = new Set(before.entries.map(key));
  const now = new Set(after.entries.map(key));
  let changes = 0;
  for (const entry of now) if (!old.has(entry)) changes++;
  for (const entry of old) if (!now.has(entry)) changes++;
  if (JSON.stringify(before.settings) !== JSON.stringify(after.settings)) changes++;
  return changes;
}
