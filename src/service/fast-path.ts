/**
 * Decides where a document is checked. A round trip to a worker costs a fixed overhead
 * (posting the task, waking the thread, returning the findings: about 0.1–0.2 ms on the
 * development machine); a check costs time in proportion to the text. The main thread takes
 * a document when its predicted check time is below the measured round-trip overhead and
 * its length is under the configured cap, so the event loop never stalls longer than a
 * round trip would have cost. Both estimates follow the live measurements (exponentially
 * weighted), because the check cost depends on the dictionaries and the checks enabled.
 */
export class FastPathPolicy {
  private checkMsPerUnit: number;
  private roundTripMs: number;

  /** Weight of each new measurement. */
  private static readonly ALPHA = 0.05;

  constructor(
    private readonly maxChars: number,
    initial: { checkMsPerUnit: number; roundTripMs: number },
  ) {
    this.checkMsPerUnit = initial.checkMsPerUnit;
    this.roundTripMs = initial.roundTripMs;
  }

  /** True when `length` UTF-16 units should be checked on the main thread. */
  onMainThread(length: number): boolean {
    return length < this.maxChars && length * this.checkMsPerUnit < this.roundTripMs;
  }

  /** A check of `length` units took `checkMs` (on either thread). */
  recordCheck(length: number, checkMs: number): void {
    // Very short texts say more about fixed costs than about the cost per unit.
    if (length < 64) return;
    this.checkMsPerUnit += FastPathPolicy.ALPHA * (checkMs / length - this.checkMsPerUnit);
  }

  /** A worker task took `totalMs` from posting to result, of which `checkMs` checking. */
  recordRoundTrip(totalMs: number, checkMs: number): void {
    this.roundTripMs += FastPathPolicy.ALPHA * (Math.max(0, totalMs - checkMs) - this.roundTripMs);
  }

  get estimates(): { checkMsPerUnit: number; roundTripMs: number } {
    return { checkMsPerUnit: this.checkMsPerUnit, roundTripMs: this.roundTripMs };
  }
}
