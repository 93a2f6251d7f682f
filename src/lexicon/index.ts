/**
 * Safe import of public sensitive-word lists: decode (UTF-8/GB18030, BOM, base64), parse the
 * common layouts, audit every entry against jieba's dictionary, the target dictionaries and a
 * clean reference corpus, and write only what passes. See README.md in this folder.
 */
export { LexiconError } from './errors.js';
export { decodeLexiconBytes, type DecodedLexicon, type LexiconEncoding, type Base64Framing } from './decode.js';
export { parseLexiconText, type ParsedLexicon, type RawLexiconEntry, type LexiconLineProblem } from './parse.js';
export {
  auditLexicon,
  AUDIT_REASONS,
  DEFAULT_THRESHOLDS,
  pinyinSyllables,
  type AuditReason,
  type AuditReport,
  type AuditResources,
  type AuditedEntry,
  type AuditSummary,
  type AuditThresholds,
  type WordInfo,
} from './audit.js';
export { ReferenceCorpus, selectLeftmostLongest } from './reference.js';
export {
  auditLexiconSources,
  writeLexiconImport,
  importLexiconFiles,
  parseInto,
  type LexiconSource,
  type LexiconAudit,
  type AuditOptions,
  type ImportTarget,
  type WrittenImport,
  type ImportFilesOptions,
  type ImportFilesResult,
  type DecodedSourceInfo,
} from './import.js';
export { formatAuditTable } from './report.js';
export { writeFileAtomic } from './write.js';
