/**
 * Maps UTF-16 offsets in extracted text back to UTF-16 offsets in the HTML source.
 *
 * The text is a sequence of runs. A *literal* run was copied from the source unchanged, so
 * offsets advance one for one. A *replaced* run stands for a source span of another length
 * (an entity such as `&amp;`, or a separator that stands for a tag): every unit of it maps
 * to the whole span, so a finding that touches an entity covers all of it in the source.
 */
export class OffsetMap {
  // Parallel arrays, one entry per run, in text order (precomputed so that lookups are a
  // binary search with no allocation).
  private readonly textStarts: number[] = [];
  private readonly sourceStarts: number[] = [];
  /** Source end of a replaced run; -1 marks a literal run. */
  private readonly sourceEnds: number[] = [];
  private textLength = 0;

  /** Records `length` units copied verbatim from `sourceStart`. */
  addLiteral(sourceStart: number, length: number): void {
    if (length <= 0) return;
    const last = this.textStarts.length - 1;
    // Adjacent literal runs that are also adjacent in the source merge into one.
    if (
      last >= 0 &&
      this.sourceEnds[last] === -1 &&
      this.sourceStarts[last] + (this.textLength - this.textStarts[last]) === sourceStart
    ) {
      this.textLength += length;
      return;
    }
    this.textStarts.push(this.textLength);
    this.sourceStarts.push(sourceStart);
    this.sourceEnds.push(-1);
    this.textLength += length;
  }

  /** Records `length` text units that stand for the source span `[sourceStart, sourceEnd)`. */
  addReplaced(sourceStart: number, sourceEnd: number, length: number): void {
    if (length <= 0) return;
    this.textStarts.push(this.textLength);
    this.sourceStarts.push(sourceStart);
    this.sourceEnds.push(sourceEnd);
    this.textLength += length;
  }

  /** Number of text units mapped. */
  get length(): number {
    return this.textLength;
  }

  /** Source span of the text range `[start, end)`; an empty range maps to an empty span. */
  toSource(start: number, end: number): { start: number; end: number } {
    if (start < 0 || end > this.textLength || start > end) {
      throw new RangeError(`text range [${start}, ${end}) outside [0, ${this.textLength})`);
    }
    const sourceStart = this.sourceStartOf(start);
    if (end === start) return { start: sourceStart, end: sourceStart };
    return { start: sourceStart, end: this.sourceEndOf(end - 1) };
  }

  private runOf(offset: number): number {
    let lo = 0;
    let hi = this.textStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.textStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private sourceStartOf(offset: number): number {
    if (this.textStarts.length === 0) return 0;
    if (offset === this.textLength) return this.sourceEndOf(offset - 1);
    const run = this.runOf(offset);
    if (this.sourceEnds[run] === -1) return this.sourceStarts[run] + (offset - this.textStarts[run]);
    return this.sourceStarts[run];
  }

  private sourceEndOf(offset: number): number {
    const run = this.runOf(offset);
    if (this.sourceEnds[run] === -1) return this.sourceStarts[run] + (offset - this.textStarts[run]) + 1;
    return this.sourceEnds[run];
  }
}
