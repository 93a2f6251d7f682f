import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { AuditOptions, LexiconAudit, LexiconSource } from '../lexicon/index.js';
import type { Entry } from './entries.js';
import type { LexiconAuditOutcome } from './lexicon-worker.js';

/** A list that cannot be read at all (binary, broken base64...): the lexicon's own diagnosis. */
export class LexiconUploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LexiconUploadError';
  }
}

let pool: Piscina<{ sources: LexiconSource[]; options: AuditOptions }, LexiconAuditOutcome> | undefined;

/**
 * Audits uploaded lists on a worker thread (see lexicon-worker.ts). The thread stays for a
 * minute after its last audit, so that a dry run and the import after it load jieba's
 * dictionary and the reference corpus once; then it exits and its memory is returned.
 */
export async function auditUploadedLists(sources: LexiconSource[], options: AuditOptions): Promise<LexiconAudit> {
  if (pool === undefined) {
    const typescript = import.meta.url.endsWith('.ts');
    const filename = fileURLToPath(new URL(`./lexicon-worker${typescript ? '.ts' : '.js'}`, import.meta.url));
    pool = new Piscina({ filename, execArgv: typescript ? ['--import', 'tsx'] : [], minThreads: 0, maxThreads: 1, idleTimeout: 60_000 });
  }
  const outcome = await pool.run({ sources, options });
  if (!outcome.ok) {
    if (outcome.lexicon) throw new LexiconUploadError(outcome.message);
    throw new Error(`lexicon audit failed: ${outcome.message}`);
  }
  return outcome.audit;
}

/** Stops the audit thread (service shutdown). */
export async function closeLexiconAudits(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}

/** The audit's accepted entries as management entries of `category`. */
export function acceptedEntries(audit: LexiconAudit, category: string, severity?: Entry['severity']): Entry[] {
  return audit.report.entries
    .filter((entry) => entry.status === 'accepted')
    .map((entry) => {
      const chosen = severity ?? entry.severity;
      return chosen && chosen !== 'error' ? { kind: 'sensitive', term: entry.term, category, severity: chosen } : { kind: 'sensitive', term: entry.term, category };
    });
}
