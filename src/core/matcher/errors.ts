/** Thrown by `MatcherBuilder.build` when a pattern cannot be compiled; `patternIndex` points into the caller's array. */
export class MatcherBuildError extends Error {
  readonly patternIndex: number;

  constructor(message: string, patternIndex: number) {
    super(message);
    this.name = 'MatcherBuildError';
    this.patternIndex = patternIndex;
  }
}

export type SnapshotErrorReason = 'bad-magic' | 'version' | 'checksum' | 'stale' | 'truncated';

/** Thrown by `Matcher.fromSnapshot`; every reason means "rebuild from source". */
export class SnapshotError extends Error {
  readonly reason: SnapshotErrorReason;

  constructor(reason: SnapshotErrorReason, message: string) {
    super(message);
    this.name = 'SnapshotError';
    this.reason = reason;
  }
}
