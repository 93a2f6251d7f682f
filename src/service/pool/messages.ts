import type { SharedContextTypoModel } from '../../loader/context-typo-model.js';
import type { SiteOverlayTransfer } from '../../core/sites/overlay.js';
import type { CheckType, Finding } from '../../core/types.js';
import type { DocumentInput } from '../check-document.js';

/**
 * A check sent to a worker. It carries its dictionary version and the snapshot (a view on
 * a SharedArrayBuffer: posting it shares the memory, nothing is copied), so a request is
 * pinned to the version it started with even if a reload lands meanwhile.
 */
export interface CheckTask {
  version: string;
  snapshot: Uint8Array;
  document: DocumentInput;
  checks: readonly CheckType[];
  /** The site's overlay (its snapshot on shared memory), pinned like the base version. */
  overlay?: SiteOverlayTransfer;
}

/**
 * Several documents in one task, checked one after the other with the same version, checks and
 * overlay: bulk rescans of short pages, where one round trip per page would cost as much as the check.
 */
export interface CheckBatchTask {
  version: string;
  snapshot: Uint8Array;
  documents: DocumentInput[];
  checks: readonly CheckType[];
  overlay?: SiteOverlayTransfer;
}

export interface CheckBatchResult {
  /** Per document, in order; a document whose check threw has its error instead (the others still count). */
  findings: Array<Finding[] | { error: string }>;
  checkMs: number;
}

/** The findings, and how long the check itself took (for the fast-path policy). */
export interface CheckTaskResult {
  findings: Finding[];
  checkMs: number;
}

/** What the dictionary builder thread posts back. */
export type BuildOutcome =
  | { ok: true; snapshot: Uint8Array }
  | { ok: false; code?: string; file?: string; line?: number; message: string };

/** What every check worker gets when it starts (piscina's workerData). */
export interface CheckWorkerData {
  /** The context typo model on shared memory, adopted instead of decoded (see `shareContextTypoModel`). */
  contextTypo?: SharedContextTypoModel;
}
