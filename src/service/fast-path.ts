/**
 * Decides where a document is checked. A round trip to a worker has a fixed cost (posting the
 * task, waking the thread, returning the findings: about 0.1–0.2 ms on the development
 * machine); a check costs time in proportion to the text, at a rate that depends on the
 * checks enabled (dictionary lookups ~0.05 µs per character, all checks several µs, most of
 * it the statistical typo model). The main thread takes a document only when its predicted check time is below the
 * round trip (and under MAX_INLINE_MS) and its length is under the configured cap, so the event loop never stalls
 * longer than a round trip would have cost: titles and short fields stay inline, articles
 * with the statistical checks go to the workers, and dictionary-only checks of an article
 * (cheaper than the round trip itself) stay inline.
 *
 * The cost per character is kept per check set and follows live measurements (exponentially
 * weighted), because it depends on the dictionaries and on which checks run; a check set not
 * seen yet is assumed as dear as the dearest one known. The round trip is measured once, at
 * startup, on idle workers, and not refined live: under load a live round trip includes the
 * wait in the queue, the estimate grew with the load and pulled 6 ms checks onto the main
 * thread, which then left a core idle (bench:service, cache off: 168 requests/s against 267
 * with every check on the workers; see src/service/README.md).
 */
export class FastPathPolicy {
  private readonly checkMsPerUnit = new Map<string, number>();
  /** The dearest known cost per unit: the estimate for a check set not measured yet. */
  private dearestMsPerUnit = 0;

  /** Weight of each new measurement. */
  private static readonly ALPHA = 0.05;

  /**
   * The longest predicted check the event loop takes, whatever the round trip: a round trip
   * measured while the machine is busy (startup under load, a noisy neighbour) can come out
   * at milliseconds, and a multi-millisecond check inline then stalls every request behind it
   * (bench:service, p99 at 80% load). Dictionary checks of an article (~0.05 ms) stay inline.
   */
  static readonly MAX_INLINE_MS = 0.5;

  /**
   * @param maxChars documents this long or longer never run on the main thread (0: none do)
   * @param roundTripMs the fixed cost of a worker round trip, measured on idle workers
   * @param checkMsPerUnit first estimates of the check cost per UTF-16 unit, by check set
   */
  constructor(
    private readonly maxChars: number,
    private readonly roundTripMs: number,
    checkMsPerUnit: Iterable<readonly [checksKey: string, msPerUnit: number]>,
  ) {
    for (const [checksKey, msPerUnit] of checkMsPerUnit) this.setEstimate(checksKey, msPerUnit);
  }

  /** True when `length` UTF-16 units should be checked on the main thread with the check set `checksKey`. */
  onMainThread(checksKey: string, length: number): boolean {
    if (length >= this.maxChars) return false;
    const predictedMs = length * (this.checkMsPerUnit.get(checksKey) ?? this.dearestMsPerUnit);
    return predictedMs < this.roundTripMs && predictedMs < FastPathPolicy.MAX_INLINE_MS;
  }

  /** A check of `length` units with the check set `checksKey` took `checkMs` (on either thread). */
  recordCheck(checksKey: string, length: number, checkMs: number): void {
    // Very short texts say more about fixed costs than about the cost per unit.
    if (length < 64) return;
    const previous = this.checkMsPerUnit.get(checksKey);
    const measured = checkMs / length;
    this.setEstimate(checksKey, previous === undefined ? measured : previous + FastPathPolicy.ALPHA * (measured - previous));
  }

  private setEstimate(checksKey: string, msPerUnit: number): void {
    const previous = this.checkMsPerUnit.get(checksKey);
    this.checkMsPerUnit.set(checksKey, msPerUnit);
    if (msPerUnit >= this.dearestMsPerUnit) this.dearestMsPerUnit = msPerUnit;
    else if (previous === this.dearestMsPerUnit) this.dearestMsPerUnit = Math.max(...this.checkMsPerUnit.values());
  }

  /** Current estimates: the round trip and the cost per unit of the check set `checksKey`. */
  estimates(checksKey: string): { checkMsPerUnit: number; roundTripMs: number } {
    return { checkMsPerUnit: this.checkMsPerUnit.get(checksKey) ?? this.dearestMsPerUnit, roundTripMs: this.roundTripMs };
  }
}
