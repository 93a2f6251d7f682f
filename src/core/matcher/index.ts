/**
 * jiaodui/matcher: a double-array Aho-Corasick automaton over UTF-16 code units.
 * Build once with `MatcherBuilder`, search many times; see DESIGN.md for the match semantics.
 */
export { MatcherBuilder } from './builder.js';
export { Matcher, type Match, type MatcherEngine, type MatcherStats } from './matcher.js';
export { MatcherBuildError, SnapshotError, type SnapshotErrorReason } from './errors.js';
export { SNAPSHOT_VERSION } from './snapshot.js';
