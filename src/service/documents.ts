import type { DocumentInput } from './check-document.js';
import { ServiceError } from './errors.js';
import type { ErrorCode } from './errors.js';
import type { CheckPlan } from './profiles.js';
import type { CompiledSite } from '../sites/registry.js';
import type { DocumentResult, Proofreading } from './proofreading.js';

export type DocumentId = string | number | null;

/** One document's outcome in a batch or a stream: its result, or an error of its own. */
export type DocumentOutcome = ({ id: DocumentId } & DocumentResult) | { id: DocumentId; error: { code: ErrorCode; message: string } };

function violation(message: string): ServiceError {
  return new ServiceError('JD_SCHEMA_VIOLATION', message);
}

/** The document in `{ text }` or `{ html }`; exactly one must be there. */
export function documentOf(body: { text?: unknown; html?: unknown; url?: unknown }, path: string): DocumentInput {
  const { text, html } = body;
  if ((text === undefined) === (html === undefined)) throw violation(`${path} must have exactly one of text and html`);
  if (text !== undefined) {
    if (typeof text !== 'string') throw violation(`${path}/text must be string`);
    return { text };
  }
  if (typeof html !== 'string') throw violation(`${path}/html must be string`);
  // The page's URL: the compliance check compares it with SiteDomain and tells a homepage by it.
  if (typeof body.url === 'string') return { html, url: body.url };
  return { html };
}

const DOCUMENT_FIELDS = new Set(['id', 'text', 'html', 'site', 'url']);

/** The id of a batch or stream document, as far as it can be read (for its error entry too). */
export function idOf(value: unknown): DocumentId {
  if (typeof value !== 'object' || value === null) return null;
  const { id } = value as { id?: unknown };
  return typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)) ? id : null;
}

/** Validates one `{ id, text|html }` document of a batch or stream. */
export function batchDocumentOf(value: unknown, path: string): DocumentInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw violation(`${path} must be object`);
  for (const field of Object.keys(value)) {
    if (!DOCUMENT_FIELDS.has(field)) throw violation(`${path} must NOT have additional properties (${JSON.stringify(field.slice(0, 64))})`);
  }
  const { id } = value as { id?: unknown };
  if (id !== undefined && typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) {
    throw violation(`${path}/id must be string or number`);
  }
  if (typeof id === 'string' && id.length > 1024) throw violation(`${path}/id must NOT have more than 1024 characters`);
  const { url } = value as { url?: unknown };
  if (url !== undefined && (typeof url !== 'string' || url.length > 4096)) throw violation(`${path}/url must be a string of at most 4096 characters`);
  const { site } = value as { site?: unknown };
  if (site !== undefined && (typeof site !== 'string' || site.length > 64)) throw violation(`${path}/site must be a string of at most 64 characters`);
  return documentOf(value, path);
}

/** Checks one batch or stream document; never rejects: failures become error entries. */
export async function outcomeOf(
  proofreading: Proofreading,
  value: unknown,
  path: string,
  plan: CheckPlan,
  onInternalError: (error: unknown) => void,
  site?: CompiledSite,
  /** Resolves a document's own `site` (and the plan it implies); throws JD_UNKNOWN_SITE. */
  siteFor?: (site: string) => { site: CompiledSite; plan: CheckPlan },
): Promise<DocumentOutcome> {
  const id = idOf(value);
  try {
    const document = batchDocumentOf(value, path);
    const own = (value as { site?: string }).site;
    if (own !== undefined && siteFor !== undefined) {
      const chosen = siteFor(own);
      return { id, ...(await proofreading.check(document, chosen.plan, chosen.site)) };
    }
    return { id, ...(await proofreading.check(document, plan, site)) };
  } catch (error) {
    if (error instanceof ServiceError) return { id, error: { code: error.code, message: error.message } };
    onInternalError(error);
    const internal = new ServiceError('JD_INTERNAL');
    return { id, error: { code: internal.code, message: internal.message } };
  }
}

/** `fn` over `items` with at most `limit` running at once; results in input order. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function lane(): Promise<void> {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
