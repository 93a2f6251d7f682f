import { auditLexiconSources, type AuditOptions, type LexiconAudit, type LexiconSource } from '../lexicon/index.js';

export type LexiconAuditOutcome = { ok: true; audit: LexiconAudit } | { ok: false; lexicon: boolean; message: string };

/**
 * Piscina entry point of the one-shot thread that audits an uploaded list: the audit reads
 * jieba's dictionary and segments a reference corpus (seconds of CPU), which must not stall
 * the event loop that serves checks. LexiconError does not survive the thread boundary as a
 * class, so it travels as a flag and its message.
 */
export default async function audit({ sources, options }: { sources: LexiconSource[]; options: AuditOptions }): Promise<LexiconAuditOutcome> {
  try {
    return { ok: true, audit: await auditLexiconSources(sources, options) };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return { ok: false, lexicon: code === 'JD_LEXICON_INVALID', message: message ?? String(error) };
  }
}
