import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { LinkFinding } from '../core/links/types.js';
import type { CheckType, Finding } from '../core/types.js';
import type { CheckBackend } from './backend.js';
import { PAGE_EXTENSIONS } from './inputs/directory.js';
import { readInputs, type InputOptions } from './inputs/index.js';
import type { DocumentRecord, JobRow, JobStore, StoredFinding } from './job-store.js';
import { ScanProgress } from './progress.js';
import type { InputProblem, ScanDocument } from './types.js';
import { packedLines } from './page-lines.js';

export interface ScanOptions extends InputOptions {
  inputs: string[];
  checks: readonly CheckType[];
  /** Re-check every document, even those unchanged since the previous job. */
  full?: boolean;
  /** Resume this job instead of finding one by scope. */
  resume?: number;
  /** The site whose dictionaries apply (recorded in the scope; passed to checks when they take one). */
  site?: string;
  progress?: ScanProgress;
  /** Documents per write transaction. */
  batchSize?: number;
  /**
   * `--links`: checks an HTML page's links (src/links LinkChecker.checkPage). Links break
   * without the page changing, so an unchanged page keeps its text findings and gets fresh
   * link findings.
   */
  links?: (html: string, pageUrl: string | undefined) => Promise<readonly LinkFinding[]>;
}

/** Finding types that --links re-checks on every job. */
const LINK_TYPES = ['link'];

export interface ScanOutcome {
  job: JobRow;
  /** `resumed`: an unfinished job of the same scope was continued; `incremental`: compared against `job.previousJob`. */
  mode: 'new' | 'resumed' | 'incremental' | 'full';
  progress: ScanProgress;
}

/**
 * What makes two runs the same job: the inputs (absolute paths), the checks, the site, and
 * how paths and bytes are read. The same command twice has the same scope.
 */
export function scanScope(options: Pick<ScanOptions, 'inputs' | 'checks' | 'site' | 'pathPattern' | 'encoding' | 'baseUrl' | 'links'>): { scope: string; inputs: string[] } {
  const inputs = options.inputs.map((input) => (input === '-' || /^[a-z]+:\/\//i.test(input) ? input : resolve(input)));
  const key = JSON.stringify({
    inputs,
    checks: [...options.checks].sort(),
    site: options.site ?? null,
    pathPattern: options.pathPattern ?? null,
    encoding: options.encoding ?? null,
    // Later additions only when set, so existing stores keep their scopes.
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
    ...(options.links !== undefined ? { links: true } : {}),
  });
  return { scope: createHash('sha256').update(key).digest('hex').slice(0, 32), inputs };
}

export function contentHash(document: ScanDocument): string {
  const hash = createHash('sha256');
  // An HTML page's URL is part of what is checked (page compliance reads it).
  if (document.content.html !== undefined) hash.update('html\0').update(document.url ?? '').update('\0').update(document.content.html);
  else hash.update('text\0').update(document.content.text);
  return hash.digest('hex');
}

const CONTEXT = 20;

/** Up to 20 characters each side of a finding; for HTML, the visible text only (tags removed). */
export function findingContext(document: ScanDocument, finding: Finding): { contextBefore: string; contextAfter: string } {
  const source = document.content.html ?? document.content.text ?? '';
  if (document.content.html === undefined) {
    return { contextBefore: source.slice(Math.max(0, finding.start - CONTEXT), finding.start), contextAfter: source.slice(finding.end, finding.end + CONTEXT) };
  }
  const visible = (piece: string) => piece.replace(/<[^>]*>/g, ' ').replace(/<[^>]*$/, '').replace(/^[^<]*>/, '').replace(/\s+/g, ' ');
  const before = visible(source.slice(Math.max(0, finding.start - CONTEXT * 8), finding.start));
  const after = visible(source.slice(finding.end, finding.end + CONTEXT * 8));
  return { contextBefore: before.slice(-CONTEXT), contextAfter: after.slice(0, CONTEXT) };
}

function documentRecord(document: ScanDocument, hash: string, dictionaryVersion: string): DocumentRecord {
  return {
    input: document.input,
    document: document.id,
    site: document.site,
    column: document.column,
    url: document.url,
    published: document.published,
    contentHash: hash,
    dictionaryVersion,
    bytes: document.bytes,
  };
}

/** A checked page's record with its lines (reused pages get theirs copied in SQL). */
function checkedRecord(document: ScanDocument, hash: string, dictionaryVersion: string): DocumentRecord {
  const lines = packedLines(document);
  return lines === undefined ? documentRecord(document, hash, dictionaryVersion) : { ...documentRecord(document, hash, dictionaryVersion), lines };
}

type Pending =
  | { kind: 'checked'; record: DocumentRecord; findings: StoredFinding[] }
  | { kind: 'failed'; record: DocumentRecord; error: string }
  | { kind: 'reused'; record: DocumentRecord; fromJob: number; fresh?: StoredFinding[] }
  | { kind: 'problem'; problem: InputProblem };

/** Buffers results and writes them one transaction per batch (or every 250 ms). */
class BatchWriter {
  private pending: Pending[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: JobStore,
    private readonly jobId: number,
    private readonly batchSize: number,
  ) {
    this.timer = setInterval(() => this.flush(), 250);
    this.timer.unref();
  }

  add(item: Pending): void {
    this.pending.push(item);
    if (this.pending.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.store.transaction(() => {
      for (const item of batch) {
        if (item.kind === 'checked') this.store.putChecked(this.jobId, item.record, item.findings);
        else if (item.kind === 'failed') this.store.putChecked(this.jobId, item.record, [], 'failed', item.error);
        else if (item.kind === 'reused') this.store.putReused(this.jobId, item.record, item.fromJob, item.fresh && { types: LINK_TYPES, findings: item.fresh });
        else this.store.putProblem(this.jobId, item.problem);
      }
    });
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}

/** Bytes of the page files under a directory (a stat walk, no reading). */
async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(path);
    else if (PAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) total += (await stat(path).catch(() => undefined))?.size ?? 0;
  }
  return total;
}

/**
 * Total bytes of the inputs, for the ETA: file sizes at once; directories are walked in the
 * background (the total appears when the walk is done); unknown for stdin.
 */
function measureInputs(inputs: readonly string[], progress: ScanProgress): void {
  void (async () => {
    let total = 0;
    for (const input of inputs) {
      if (input === '-') return;
      const info = await stat(input).catch(() => undefined);
      if (info === undefined) continue;
      total += info.isDirectory() ? await directoryBytes(input) : info.size;
    }
    progress.totalBytes = total;
  })();
}

/**
 * Runs (or resumes) a scan job: reads the inputs, skips what this job already has, reuses
 * what is unchanged since the previous job of the same scope, checks the rest on `backend`
 * and writes everything to `store`. Returns when the job is finished.
 */
export async function runScan(store: JobStore, backend: CheckBackend, options: ScanOptions): Promise<ScanOutcome> {
  const { scope, inputs } = scanScope(options);
  const progress = options.progress ?? new ScanProgress();
  let job: JobRow;
  let mode: ScanOutcome['mode'];
  const explicit = options.resume !== undefined ? store.job(options.resume) : undefined;
  if (options.resume !== undefined && explicit === undefined) throw new Error(`job ${options.resume} is not in the store`);
  const latest = explicit ?? store.latestJob(scope);
  if (latest !== undefined && latest.state === 'running') {
    job = latest;
    mode = 'resumed';
    if (job.dictionaryVersion !== backend.dictionaryVersion) store.setJobDictionaryVersion(job.id, backend.dictionaryVersion);
  } else {
    const previous = latest?.state === 'finished' ? latest : undefined;
    job = store.createJob({
      scope,
      inputs,
      options: { checks: options.checks, site: options.site ?? null, pathPattern: options.pathPattern ?? null, encoding: options.encoding ?? null, baseUrl: options.baseUrl ?? null, links: options.links !== undefined },
      dictionaryVersion: backend.dictionaryVersion,
      previousJob: previous?.id ?? null,
      full: options.full ?? false,
    });
    mode = previous === undefined ? 'new' : options.full ? 'full' : 'incremental';
  }
  // A resumed job keeps the choice it was started with.
  const reuseFrom = job.full ? undefined : (job.previousJob ?? undefined);
  measureInputs(job.inputs, progress);
  progress.startedAt = performance.now();

  const writer = new BatchWriter(store, job.id, options.batchSize ?? 200);
  const inflight = new Set<Promise<void>>();
  try {
    for await (const item of readInputs(job.inputs, options)) {
      if (item.kind === 'problem') {
        progress.problems++;
        writer.add({ kind: 'problem', problem: item.problem });
        continue;
      }
      const document = item.document;
      progress.read++;
      progress.bytes += document.bytes;
      const hash = contentHash(document);
      const version = backend.versionFor(document);
      const own = store.documentState(job.id, document.input, document.id);
      if (own !== undefined && own.state !== 'failed' && own.contentHash === hash && own.dictionaryVersion === version) {
        progress.resumed++;
        continue;
      }
      const linkFindings = async (): Promise<StoredFinding[]> => {
        if (options.links === undefined || document.content.html === undefined) return [];
        const found = await options.links(document.content.html, document.url);
        return found.map((link) => {
          const finding: Finding = {
            // Link findings share the Finding shape; their type is 'link' (src/core/links).
            type: link.type as unknown as Finding['type'],
            category: link.category,
            severity: link.severity,
            rule: link.rule,
            code: link.code,
            start: link.start ?? 0,
            end: link.end ?? 0,
            match: link.match,
            suggestions: link.suggestions,
            message: link.message,
          };
          return { ...finding, ...findingContext(document, finding) };
        });
      };
      let settled: Promise<void> | undefined;
      if (reuseFrom !== undefined) {
        const before = store.documentState(reuseFrom, document.input, document.id);
        if (before !== undefined && before.state !== 'failed' && before.contentHash === hash && before.dictionaryVersion === version) {
          const record = documentRecord(document, hash, version);
          if (options.links === undefined) {
            progress.reused++;
            writer.add({ kind: 'reused', record, fromJob: reuseFrom });
            continue;
          }
          settled = linkFindings().then(
            (fresh) => {
              progress.reused++;
              writer.add({ kind: 'reused', record, fromJob: reuseFrom, fresh });
            },
            (error: unknown) => {
              progress.failed++;
              writer.add({ kind: 'failed', record, error: error instanceof Error ? error.message : String(error) });
            },
          );
        }
      }
      if (settled === undefined) {
        const record = checkedRecord(document, hash, version);
        settled = backend.submit(document).then(async (findings) => {
          const links = await linkFindings();
          progress.checked++;
          for (const finding of findings) progress.findings[finding.severity]++;
          for (const finding of links) progress.findings[finding.severity]++;
          writer.add({ kind: 'checked', record, findings: [...findings.map((finding) => ({ ...finding, ...findingContext(document, finding) })), ...links] });
        }).catch((error: unknown) => {
          progress.failed++;
          writer.add({ kind: 'failed', record, error: error instanceof Error ? error.message : String(error) });
        });
      }
      const tracked = settled.finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      while (inflight.size >= backend.capacity) {
        backend.flush();
        await Promise.race(inflight);
      }
    }
    backend.flush();
    await Promise.all(inflight);
  } finally {
    writer.close();
  }
  // Reused findings were copied, not counted as they went: count them now from the store.
  if (progress.reused > 0) {
    for (const row of store.db
      .prepare<[number], { severity: keyof ScanProgress['findings']; n: number }>(
        `SELECT f.severity, count(*) AS n FROM findings f JOIN documents d USING (job_id, input, document) WHERE f.job_id = ? AND d.state = 'reused' GROUP BY f.severity`,
      )
      .all(job.id)) {
      progress.findings[row.severity] += row.n;
    }
  }
  store.finishJob(job.id);
  return { job: store.job(job.id)!, mode, progress };
}
