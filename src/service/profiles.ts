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
  readonly profile: Profile;
  /** Sorted and deduplicated, so that equal requests share cache entries. */
  readonly checks: readonly CheckType[];
  /** `checks` joined with commas: the check set's name in cache keys and cost estimates. */
  readonly checksKey: string;
}

function plan(profile: Profile, checks: readonly CheckType[]): CheckPlan {
  return { profile, checks, checksKey: checks.join(',') };
}

/** The plans of requests that name no checks, built once: most requests are these. */
const PROFILE_PLANS: ReadonlyMap<string, CheckPlan> = new Map([...PROFILES].map(([name, profile]) => [name, plan(profile, profile.checks)]));

/**
 * Resolves `profile` (default `default`) and `checks` (default: the profile's). An explicit
 * `checks` list replaces the profile's checks; the profile's thresholds still apply.
 */
export function resolvePlan(profileName: string | undefined, checks: readonly string[] | undefined): CheckPlan {
  const profilePlan = PROFILE_PLANS.get(profileName ?? 'default');
  if (profilePlan === undefined) {
    throw new ServiceError('JD_UNKNOWN_PROFILE', `Unknown profile ${JSON.stringify(profileName)}; known: ${[...PROFILES.keys()].join(', ')}`);
  }
  if (checks === undefined) return profilePlan;
  for (const check of checks) {
    if (!isCheckType(check)) {
      throw new ServiceError('JD_UNKNOWN_CHECK', `Unknown check ${JSON.stringify(check)}; known: ${CHECK_TYPES.join(', ')}`);
    }
  }
  const wanted = new Set(checks);
  return plan(profilePlan.profile, CHECK_TYPES.filter((type) => wanted.has(type)));
}

/** The highest severity rank among `findings` (`info`'s when there are none). */
export function worstRank(findings: readonly Finding[]): number {
  let worst = SEVERITY_RANK.info;
  for (const finding of findings) worst = Math.max(worst, SEVERITY_RANK[finding.severity] ?? 0);
  return worst;
}

/** The verdict for findings whose highest severity rank is `worst`. */
export function verdictAt(worst: number, profile: Profile): Verdict {
  if (worst >= SEVERITY_RANK[profile.block]) return 'block';
  if (worst >= SEVERITY_RANK[profile.review]) return 'review';
  return 'pass';
}

/** `block` if any finding reaches the block level, else `review` if any reaches the review level, else `pass`. */
export function verdictOf(findings: readonly Finding[], profile: Profile): Verdict {
  return verdictAt(worstRank(findings), profile);
}
