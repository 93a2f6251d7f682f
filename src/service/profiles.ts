import { CHECK_TYPES, isCheckType, SEVERITY_RANK } from '../core/types.js';
import type { CheckType, Finding, Severity } from '../core/types.js';
import { ServiceError } from './errors.js';

export type Verdict = 'pass' | 'review' | 'block';

/** A named set of checks and the severities at which a document is held back. */
export interface Profile {
  name: string;
  description: string;
  checks: readonly CheckType[];
  /** Any finding at or above this severity makes the verdict `review`. Never `info`. */
  review: Exclude<Severity, 'info'>;
  /** Any finding at or above this severity makes the verdict `block`. Never `info`. */
  block: Exclude<Severity, 'info'>;
}

export const PROFILES: ReadonlyMap<string, Profile> = new Map(
  (
    [
      {
        name: 'default',
        description: 'All checks; block at error, review at warning.',
        checks: CHECK_TYPES,
        review: 'warning',
        block: 'error',
      },
      {
        name: 'strict',
        description: 'All checks; any warning blocks publication (front pages, leaders\' speeches).',
        checks: CHECK_TYPES,
        review: 'warning',
        block: 'warning',
      },
      {
        name: 'lenient',
        description: 'All checks; only critical findings block, errors ask for review (drafts, internal notices).',
        checks: CHECK_TYPES,
        review: 'error',
        block: 'critical',
      },
      {
        name: 'sensitive-only',
        description: 'Sensitive terms only; block at error, review at warning (archive rescans, comments).',
        checks: ['sensitive'],
        review: 'warning',
        block: 'error',
      },
    ] satisfies Profile[]
  ).map((profile) => [profile.name, profile]),
);

/** What a request asked for, resolved against the profiles. */
export interface CheckPlan {
  profile: Profile;
  /** Sorted and deduplicated, so that equal requests share cache entries. */
  checks: readonly CheckType[];
}

/**
 * Resolves `profile` (default `default`) and `checks` (default: the profile's). An explicit
 * `checks` list replaces the profile's checks; the profile's thresholds still apply.
 */
export function resolvePlan(profileName: string | undefined, checks: readonly string[] | undefined): CheckPlan {
  const profile = PROFILES.get(profileName ?? 'default');
  if (profile === undefined) {
    throw new ServiceError('JD_UNKNOWN_PROFILE', `Unknown profile ${JSON.stringify(profileName)}; known: ${[...PROFILES.keys()].join(', ')}`);
  }
  if (checks === undefined) return { profile, checks: profile.checks };
  for (const check of checks) {
    if (!isCheckType(check)) {
      throw new ServiceError('JD_UNKNOWN_CHECK', `Unknown check ${JSON.stringify(check)}; known: ${CHECK_TYPES.join(', ')}`);
    }
  }
  const wanted = new Set(checks);
  return { profile, checks: CHECK_TYPES.filter((type) => wanted.has(type)) };
}

/** `block` if any finding reaches the block level, else `review` if any reaches the review level, else `pass`. */
export function verdictOf(findings: readonly Finding[], profile: Profile): Verdict {
  let worst = SEVERITY_RANK.info;
  for (const finding of findings) worst = Math.max(worst, SEVERITY_RANK[finding.severity] ?? 0);
  if (worst >= SEVERITY_RANK[profile.block]) return 'block';
  if (worst >= SEVERITY_RANK[profile.review]) return 'review';
  return 'pass';
}
