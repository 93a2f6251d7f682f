import type { Severity } from '../core/types.js';

/** Counters a scan updates as it goes; the CLI renders them (bar on a TTY, lines otherwise). */
export class ScanProgress {
  /** Set when reading starts (runScan), so start-up time does not count against docs/s. */
  startedAt = performance.now();
  /** Documents read from the inputs. */
  read = 0;
  checked = 0;
  /** Unchanged since the previous job: findings copied, not re-checked. */
  reused = 0;
  /** Already done in the job being resumed. */
  resumed = 0;
  failed = 0;
  problems = 0;
  /** Bytes of the documents read. */
  bytes = 0;
  /** Bytes of all inputs when known up front (files), for the ETA. */
  totalBytes: number | undefined;
  readonly findings: Record<Severity, number> = { info: 0, warning: 0, error: 0, critical: 0 };

  get done(): number {
    return this.checked + this.reused + this.resumed + this.failed;
  }

  get elapsedSeconds(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  get docsPerSecond(): number {
    return this.done / Math.max(this.elapsedSeconds, 1e-3);
  }

  get megabytesPerSecond(): number {
    return this.bytes / 1e6 / Math.max(this.elapsedSeconds, 1e-3);
  }

  /** Seconds left, from bytes when the total is known. */
  get etaSeconds(): number | undefined {
    if (this.totalBytes === undefined || this.bytes === 0) return undefined;
    const rate = this.bytes / Math.max(this.elapsedSeconds, 1e-3);
    return Math.max(0, (this.totalBytes - this.bytes) / rate);
  }
}
