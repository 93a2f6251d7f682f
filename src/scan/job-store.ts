import Database from 'better-sqlite3';
import type { Finding, Severity } from '../core/types.js';
import { unpackLines } from './page-lines.js';

/**
 * The scan job store: one SQLite file (better-sqlite3, WAL) holding every job, every
 * document's state and findings, and every input problem. The pipeline writes it one
 * transaction per batch with upserts keyed by (job, input, document), so replaying a batch
 * after a crash changes nothing; reports and other tools read it through this class only.
 *
 * Read API (stable, used by reports and by the inspection-readiness tools):
 *   listJobs(), job(id), latestJob(scope?), previousJob(jobId), documentsOf(jobId),
 *   findingsOf(jobId), problemsOf(jobId), documentCount(jobId).
 */

export type JobState = 'running' | 'finished';
/** `checked`: checked in this job; `reused`: unchanged since the previous job, findings copied; `failed`: the check threw. */
export type DocumentState = 'checked' | 'reused' | 'failed';

export interface JobRow {
  id: number;
  /** Hash of what makes two jobs comparable: inputs, checks, site, path pattern, encoding. */
  scope: string;
  inputs: string[];
  options: Record<string, unknown>;
  dictionaryVersion: string;
  state: JobState;
  /** The finished job of the same scope this one was compared and made incremental against. */
  previousJob: number | null;
  full: boolean;
  startedAt: string;
  finishedAt: string | null;
}

export interface DocumentRow {
  jobId: number;
  input: string;
  document: string;
  site: string | null;
  column: string | null;
  url: string | null;
  published: string | null;
  contentHash: string;
  dictionaryVersion: string;
  state: DocumentState;
  bytes: number;
  findingCount: number;
  error: string | null;
  checkedAt: string;
}

export interface FindingRow {
  jobId: number;
  input: string;
  document: string;
  site: string | null;
  column: string | null;
  url: string | null;
  seq: number;
  type: string;
  category: string;
  code: string;
  severity: Severity;
  rule: string;
  start: number;
  end: number;
  /** The matched text (Finding.match). */
  text: string;
  suggestions: string[];
  message: string;
  confidence: number | null;
  /** Up to 20 characters of text before and after the match (tags stripped), for reports. */
  contextBefore: string;
  contextAfter: string;
}

export interface ProblemRow {
  jobId: number;
  input: string;
  file: string;
  line: number | null;
  offset: number | null;
  message: string;
}

/** What the writer needs to record a checked document. */
export interface DocumentRecord {
  input: string;
  document: string;
  site?: string;
  column?: string;
  url?: string;
  published?: string;
  contentHash: string;
  dictionaryVersion: string;
  bytes: number;
  /** The page's visible lines, compressed (page-lines.ts): the tampering diff between rescans. */
  lines?: Buffer;
}

export interface StoredFinding extends Finding {
  contextBefore: string;
  contextAfter: string;
}

const SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  scope TEXT NOT NULL,
  inputs TEXT NOT NULL,
  options TEXT NOT NULL,
  dictionary_version TEXT NOT NULL,
  state TEXT NOT NULL,
  previous_job INTEGER,
  full INTEGER NOT NULL DEFAULT 0,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX IF NOT EXISTS jobs_scope ON jobs (scope, id);
CREATE TABLE IF NOT EXISTS documents (
  job_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  document TEXT NOT NULL,
  site TEXT, column_name TEXT, url TEXT, published TEXT,
  content_hash TEXT NOT NULL,
  dictionary_version TEXT NOT NULL,
  state TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  finding_count INTEGER NOT NULL,
  error TEXT,
  checked_at TEXT NOT NULL,
  PRIMARY KEY (job_id, input, document)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
  job_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  document TEXT NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL, category TEXT NOT NULL, code TEXT NOT NULL, severity TEXT NOT NULL, rule TEXT NOT NULL,
  start INTEGER NOT NULL, "end" INTEGER NOT NULL,
  text TEXT NOT NULL, suggestions TEXT NOT NULL, message TEXT NOT NULL, confidence REAL,
  context_before TEXT NOT NULL, context_after TEXT NOT NULL,
  PRIMARY KEY (job_id, input, document, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS page_lines (
  job_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  document TEXT NOT NULL,
  lines BLOB NOT NULL,
  PRIMARY KEY (job_id, input, document)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS problems (
  job_id INTEGER NOT NULL,
  input TEXT NOT NULL,
  file TEXT NOT NULL,
  location TEXT NOT NULL,
  line INTEGER, "offset" INTEGER,
  message TEXT NOT NULL,
  PRIMARY KEY (job_id, input, file, location)
) WITHOUT ROWID;
`;

interface RawJob {
  id: number;
  scope: string;
  inputs: string;
  options: string;
  dictionary_version: string;
  state: JobState;
  previous_job: number | null;
  full: number;
  started_at: string;
  finished_at: string | null;
}

function jobRow(raw: RawJob | undefined): JobRow | undefined {
  if (raw === undefined) return undefined;
  return {
    id: raw.id,
    scope: raw.scope,
    inputs: JSON.parse(raw.inputs) as string[],
    options: JSON.parse(raw.options) as Record<string, unknown>,
    dictionaryVersion: raw.dictionary_version,
    state: raw.state,
    previousJob: raw.previous_job,
    full: raw.full === 1,
    startedAt: raw.started_at,
    finishedAt: raw.finished_at,
  };
}

const DOCUMENT_COLUMNS = `job_id AS jobId, input, document, site, column_name AS "column", url, published, content_hash AS contentHash,
  dictionary_version AS dictionaryVersion, state, bytes, finding_count AS findingCount, error, checked_at AS checkedAt`;

export class JobStore {
  readonly db: Database.Database;
  private readonly statements;

  /** Opens (and creates or migrates) the store at `path`; `:memory:` for tests. */
  constructor(path: string, options: { readonly?: boolean } = {}) {
    this.db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    if (!options.readonly) {
      this.db.pragma('journal_mode = WAL');
      // WAL + NORMAL: a committed batch survives a process crash (kill -9); only an OS crash can lose the last one.
      this.db.pragma('synchronous = NORMAL');
      this.db.exec(SCHEMA);
      const version = this.db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'schema'`).get();
      if (version === undefined) this.db.prepare(`INSERT INTO meta (key, value) VALUES ('schema', ?)`).run(SCHEMA_VERSION);
      else if (version.value !== SCHEMA_VERSION) throw new Error(`job store schema ${version.value} is not ${SCHEMA_VERSION}`);
    }
    this.db.pragma('busy_timeout = 5000');
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      documentState: db.prepare<[number, string, string], { state: DocumentState; contentHash: string; dictionaryVersion: string }>(
        `SELECT state, content_hash AS contentHash, dictionary_version AS dictionaryVersion FROM documents WHERE job_id = ? AND input = ? AND document = ?`,
      ),
      upsertDocument: db.prepare(
        `INSERT INTO documents (job_id, input, document, site, column_name, url, published, content_hash, dictionary_version, state, bytes, finding_count, error, checked_at)
         VALUES (@jobId, @input, @document, @site, @column, @url, @published, @contentHash, @dictionaryVersion, @state, @bytes, @findingCount, @error, @checkedAt)
         ON CONFLICT (job_id, input, document) DO UPDATE SET site = excluded.site, column_name = excluded.column_name, url = excluded.url,
           published = excluded.published, content_hash = excluded.content_hash, dictionary_version = excluded.dictionary_version,
           state = excluded.state, bytes = excluded.bytes, finding_count = excluded.finding_count, error = excluded.error, checked_at = excluded.checked_at`,
      ),
      deleteFindings: db.prepare<[number, string, string]>(`DELETE FROM findings WHERE job_id = ? AND input = ? AND document = ?`),
      insertFinding: db.prepare(
        `INSERT INTO findings (job_id, input, document, seq, type, category, code, severity, rule, start, "end", text, suggestions, message, confidence, context_before, context_after)
         VALUES (@jobId, @input, @document, @seq, @type, @category, @code, @severity, @rule, @start, @end, @text, @suggestions, @message, @confidence, @contextBefore, @contextAfter)`,
      ),
      copyFindings: db.prepare<[number, number, string, string]>(
        `INSERT INTO findings SELECT ?, input, document, seq, type, category, code, severity, rule, start, "end", text, suggestions, message, confidence, context_before, context_after
         FROM findings WHERE job_id = ? AND input = ? AND document = ?`,
      ),
      upsertLines: db.prepare<[number, string, string, Buffer]>(`INSERT OR REPLACE INTO page_lines (job_id, input, document, lines) VALUES (?, ?, ?, ?)`),
      deleteLines: db.prepare<[number, string, string]>(`DELETE FROM page_lines WHERE job_id = ? AND input = ? AND document = ?`),
      copyLines: db.prepare<[number, number, string, string]>(`INSERT OR REPLACE INTO page_lines SELECT ?, input, document, lines FROM page_lines WHERE job_id = ? AND input = ? AND document = ?`),
      upsertProblem: db.prepare(
        `INSERT INTO problems (job_id, input, file, location, line, "offset", message) VALUES (@jobId, @input, @file, @location, @line, @offset, @message)
         ON CONFLICT (job_id, input, file, location) DO UPDATE SET message = excluded.message`,
      ),
    };
  }

  // ---- jobs ----

  createJob(job: { scope: string; inputs: string[]; options: Record<string, unknown>; dictionaryVersion: string; previousJob: number | null; full: boolean }): JobRow {
    const result = this.db
      .prepare(`INSERT INTO jobs (scope, inputs, options, dictionary_version, state, previous_job, full, started_at) VALUES (?, ?, ?, ?, 'running', ?, ?, ?)`)
      .run(job.scope, JSON.stringify(job.inputs), JSON.stringify(job.options), job.dictionaryVersion, job.previousJob, job.full ? 1 : 0, new Date().toISOString());
    return this.job(Number(result.lastInsertRowid))!;
  }

  finishJob(jobId: number): void {
    this.db.prepare(`UPDATE jobs SET state = 'finished', finished_at = ? WHERE id = ?`).run(new Date().toISOString(), jobId);
  }

  /** A resumed job may run under a new dictionary version: documents record their own. */
  setJobDictionaryVersion(jobId: number, version: string): void {
    this.db.prepare(`UPDATE jobs SET dictionary_version = ? WHERE id = ?`).run(version, jobId);
  }

  job(id: number): JobRow | undefined {
    return jobRow(this.db.prepare<[number], RawJob>(`SELECT * FROM jobs WHERE id = ?`).get(id));
  }

  listJobs(): JobRow[] {
    return this.db.prepare<[], RawJob>(`SELECT * FROM jobs ORDER BY id`).all().map((raw) => jobRow(raw)!);
  }

  /** The newest job, of one scope when given. */
  latestJob(scope?: string): JobRow | undefined {
    const raw =
      scope === undefined
        ? this.db.prepare<[], RawJob>(`SELECT * FROM jobs ORDER BY id DESC LIMIT 1`).get()
        : this.db.prepare<[string], RawJob>(`SELECT * FROM jobs WHERE scope = ? ORDER BY id DESC LIMIT 1`).get(scope);
    return jobRow(raw);
  }

  /** The newest finished job of the same scope before `jobId` (the job a report compares with). */
  previousJob(jobId: number): JobRow | undefined {
    const job = this.job(jobId);
    if (job === undefined) return undefined;
    return jobRow(
      this.db.prepare<[string, number], RawJob>(`SELECT * FROM jobs WHERE scope = ? AND id < ? AND state = 'finished' ORDER BY id DESC LIMIT 1`).get(job.scope, jobId),
    );
  }

  // ---- documents ----

  documentState(jobId: number, input: string, document: string): { state: DocumentState; contentHash: string; dictionaryVersion: string } | undefined {
    return this.statements.documentState.get(jobId, input, document);
  }

  documentsOf(jobId: number): DocumentRow[] {
    return this.db.prepare<[number], DocumentRow>(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE job_id = ? ORDER BY input, document`).all(jobId);
  }

  documentCount(jobId: number): { documents: number; checked: number; reused: number; failed: number; bytes: number } {
    const row = this.db
      .prepare<[number], { documents: number; checked: number | null; reused: number | null; failed: number | null; bytes: number | null }>(
        `SELECT count(*) AS documents, sum(state = 'checked') AS checked, sum(state = 'reused') AS reused, sum(state = 'failed') AS failed, sum(bytes) AS bytes
         FROM documents WHERE job_id = ?`,
      )
      .get(jobId)!;
    return { documents: row.documents, checked: row.checked ?? 0, reused: row.reused ?? 0, failed: row.failed ?? 0, bytes: row.bytes ?? 0 };
  }

  /** Every finding of a job with its document's site/column/url, ordered by input, document, offset. */
  findingsOf(jobId: number): FindingRow[] {
    type Raw = Omit<FindingRow, 'suggestions'> & { suggestions: string };
    return this.db
      .prepare<[number], Raw>(
        `SELECT f.job_id AS jobId, f.input, f.document, d.site, d.column_name AS "column", d.url, f.seq, f.type, f.category, f.code, f.severity, f.rule,
           f.start, f."end" AS "end", f.text, f.suggestions, f.message, f.confidence, f.context_before AS contextBefore, f.context_after AS contextAfter
         FROM findings f JOIN documents d ON d.job_id = f.job_id AND d.input = f.input AND d.document = f.document
         WHERE f.job_id = ? ORDER BY f.input, f.document, f.start, f."end", f.code, f.seq`,
      )
      .all(jobId)
      .map((raw) => ({ ...raw, suggestions: JSON.parse(raw.suggestions) as string[] }));
  }

  problemsOf(jobId: number): ProblemRow[] {
    return this.db
      .prepare<[number], ProblemRow>(`SELECT job_id AS jobId, input, file, line, "offset" AS "offset", message FROM problems WHERE job_id = ? ORDER BY input, file, line, "offset"`)
      .all(jobId);
  }

  // ---- writes (the pipeline's writer calls these inside one transaction per batch) ----

  /** Records a checked document and replaces its findings: a replay leaves the same rows. */
  putChecked(jobId: number, record: DocumentRecord, findings: readonly StoredFinding[], state: 'checked' | 'failed' = 'checked', error?: string): void {
    this.statements.upsertDocument.run({ ...this.documentParams(jobId, record), state, findingCount: findings.length, error: error ?? null });
    this.statements.deleteFindings.run(jobId, record.input, record.document);
    findings.forEach((finding, seq) => this.insertFinding(jobId, record, seq, finding));
    if (record.lines !== undefined) this.statements.upsertLines.run(jobId, record.input, record.document, record.lines);
    else this.statements.deleteLines.run(jobId, record.input, record.document);
  }

  /** A page's visible lines in a job (what the tampering diff compares); undefined in a store written before lines were kept. */
  pageLines(jobId: number, input: string, document: string): string | undefined {
    this.linesStatement ??= this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'page_lines'`).get() === undefined
      ? null
      : this.db.prepare<[number, string, string], { lines: Buffer }>(`SELECT lines FROM page_lines WHERE job_id = ? AND input = ? AND document = ?`);
    const row = this.linesStatement?.get(jobId, input, document);
    return row === undefined ? undefined : unpackLines(row.lines);
  }

  private linesStatement: Database.Statement<[number, string, string], { lines: Buffer }> | null | undefined;

  private insertFinding(jobId: number, record: DocumentRecord, seq: number, finding: StoredFinding): void {
    this.statements.insertFinding.run({
      jobId,
      input: record.input,
      document: record.document,
      seq,
      type: finding.type,
      category: finding.category,
      code: finding.code ?? `${finding.type}.${finding.category}`,
      severity: finding.severity,
      rule: finding.rule,
      start: finding.start,
      end: finding.end,
      text: finding.match,
      suggestions: JSON.stringify(finding.suggestions),
      message: finding.message,
      confidence: finding.confidence ?? null,
      contextBefore: finding.contextBefore,
      contextAfter: finding.contextAfter,
    });
  }

  /**
   * Records an unchanged document by copying its findings from `fromJob`. With `fresh`
   * (`--links`: links break without the page changing), findings of the types in `fresh.types`
   * are not copied and `fresh.findings` are stored instead.
   */
  putReused(jobId: number, record: DocumentRecord, fromJob: number, fresh?: { types: readonly string[]; findings: readonly StoredFinding[] }): void {
    this.statements.deleteFindings.run(jobId, record.input, record.document);
    this.statements.copyFindings.run(jobId, fromJob, record.input, record.document);
    this.statements.copyLines.run(jobId, fromJob, record.input, record.document);
    if (fresh !== undefined) {
      const drop = this.db.prepare(`DELETE FROM findings WHERE job_id = ? AND input = ? AND document = ? AND type IN (${fresh.types.map(() => '?').join(',') || "''"})`);
      drop.run(jobId, record.input, record.document, ...fresh.types);
      const next = this.db.prepare<[number, string, string], { next: number }>(`SELECT coalesce(max(seq) + 1, 0) AS next FROM findings WHERE job_id = ? AND input = ? AND document = ?`).get(jobId, record.input, record.document)!.next;
      fresh.findings.forEach((finding, index) => this.insertFinding(jobId, record, next + index, finding));
    }
    const count = this.db.prepare<[number, string, string], { n: number }>(`SELECT count(*) AS n FROM findings WHERE job_id = ? AND input = ? AND document = ?`).get(jobId, record.input, record.document)!.n;
    this.statements.upsertDocument.run({ ...this.documentParams(jobId, record), state: 'reused', findingCount: count, error: null });
  }

  putProblem(jobId: number, problem: { input: string; file: string; line?: number; offset?: number; message: string }): void {
    this.statements.upsertProblem.run({
      jobId,
      input: problem.input,
      file: problem.file,
      location: `${problem.line ?? ''}:${problem.offset ?? ''}`,
      line: problem.line ?? null,
      offset: problem.offset ?? null,
      message: problem.message,
    });
  }

  /** Runs `work` in one transaction (all or nothing). */
  transaction(work: () => void): void {
    this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }

  private documentParams(jobId: number, record: DocumentRecord) {
    return {
      jobId,
      input: record.input,
      document: record.document,
      site: record.site ?? null,
      column: record.column ?? null,
      url: record.url ?? null,
      published: record.published ?? null,
      contentHash: record.contentHash,
      dictionaryVersion: record.dictionaryVersion,
      bytes: record.bytes,
      checkedAt: new Date().toISOString(),
    };
  }
}
