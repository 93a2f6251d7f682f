import { DictionaryError } from '../dictionaries/errors.js';
import { isSeverity, type Severity } from '../types.js';

/** A site's `site.json`: everything config-like about it. Every field is optional. */
export interface SiteSettings {
  /** Shown in listings (`GET /v1/sites`) and on the editor page. */
  name?: string;
  /** Profile used when a request names none. */
  profile?: string;
  /** Verdict thresholds replacing the profile's. */
  thresholds?: { review?: Exclude<Severity, 'info'>; block?: Exclude<Severity, 'info'> };
  /** Severity by finding code (`sensitive.profanity`) or type (`punctuation`); `off` drops them. */
  severities?: Record<string, Severity | 'off'>;
  /** Terms of the base (or of the global layer) that this site switches off, as written. */
  disabled?: string[];
  /** Hosts whose links are dead for this site (retired domains), for the links check. */
  retiredHosts?: string[];
}

const FIELDS = new Set(['name', 'profile', 'thresholds', 'severities', 'disabled', 'retiredHosts']);
const CODE = /^[a-z][a-z0-9-]*(\.[A-Za-z0-9._-]+)?$/;
const HOST = /^[A-Za-z0-9.-]+(:\d+)?$/;

/**
 * Validates settings read from `file` (for the error message) and returns a clean copy.
 * Throws a DictionaryError naming the field, the same way a bad dictionary line is named.
 */
export function normalizeSettings(raw: unknown, file: string): SiteSettings {
  const fail = (reason: string): never => {
    throw new DictionaryError(file, 0, reason);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('site settings must be a JSON object');
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!FIELDS.has(key)) fail(`unknown field '${key}' (expected ${[...FIELDS].join(', ')})`);
  const settings: SiteSettings = {};
  const text = (key: string, value: unknown, max = 200): string => {
    if (typeof value !== 'string' || value.trim() === '' || value.length > max) fail(`${key} must be a non-empty string of at most ${max} characters`);
    return (value as string).trim();
  };
  if (input.name !== undefined) settings.name = text('name', input.name);
  if (input.profile !== undefined) settings.profile = text('profile', input.profile, 64);
  if (input.thresholds !== undefined) {
    const thresholds = input.thresholds as Record<string, unknown>;
    if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) fail('thresholds must be an object { review, block }');
    const clean: NonNullable<SiteSettings['thresholds']> = {};
    for (const [key, value] of Object.entries(thresholds)) {
      if (key !== 'review' && key !== 'block') fail(`thresholds.${key}: unknown threshold (expected review or block)`);
      if (typeof value !== 'string' || !isSeverity(value) || value === 'info') fail(`thresholds.${key}: '${String(value)}' is not warning, error or critical`);
      clean[key as 'review' | 'block'] = value as Exclude<Severity, 'info'>;
    }
    settings.thresholds = clean;
  }
  if (input.severities !== undefined) {
    const severities = input.severities as Record<string, unknown>;
    if (typeof severities !== 'object' || severities === null || Array.isArray(severities)) fail('severities must be an object { code: severity }');
    const clean: Record<string, Severity | 'off'> = {};
    for (const [code, value] of Object.entries(severities)) {
      if (!CODE.test(code)) fail(`severities: '${code}' is not a finding code (type or type.kind)`);
      if (typeof value !== 'string' || (value !== 'off' && !isSeverity(value))) fail(`severities.${code}: '${String(value)}' is not info, warning, error, critical or off`);
      clean[code] = value as Severity | 'off';
    }
    settings.severities = clean;
  }
  const list = (key: string, value: unknown, check: (item: string, index: number) => void): string[] => {
    if (!Array.isArray(value)) fail(`${key} must be an array of strings`);
    return (value as unknown[]).map((item, index) => {
      if (typeof item !== 'string' || item.trim() === '') fail(`${key}[${index}] must be a non-empty string`);
      const trimmed = (item as string).trim();
      check(trimmed, index);
      return trimmed;
    });
  };
  if (input.disabled !== undefined) settings.disabled = [...new Set(list('disabled', input.disabled, () => {}))];
  if (input.retiredHosts !== undefined) {
    settings.retiredHosts = [
      ...new Set(
        list('retiredHosts', input.retiredHosts, (host, index) => {
          if (!HOST.test(host)) fail(`retiredHosts[${index}]: '${host}' is not a host name`);
        }).map((host) => host.toLowerCase()),
      ),
    ];
  }
  return settings;
}

/** Site ids are folder names and URL segments: letters, digits, '-' and '_', not starting with '-' or '_' (`_global` is the global layer). */
export const SITE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
