import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { CHECK_TYPES, SEVERITIES, isCheckType, isSeverity } from '../core/types.js';
import type { CheckType, Severity } from '../core/types.js';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../scan/report/index.js';

/** Option parsers shared by the commands (commander calls them with the raw string). */

export function parseChecks(value: string): CheckType[] {
  const checks = value.split(',').map((check) => check.trim()).filter(Boolean);
  for (const check of checks) if (!isCheckType(check)) throw new InvalidArgumentError(`unknown check ${check} (one of ${CHECK_TYPES.join(', ')})`);
  return checks as CheckType[];
}

export function parseSeverity(value: string): Severity {
  if (!isSeverity(value)) throw new InvalidArgumentError(`one of ${SEVERITIES.join(', ')}`);
  return value;
}

export function parseCount(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('a whole number');
  return number;
}

export function parsePositive(value: string): number {
  const number = parseCount(value);
  if (number === 0) throw new InvalidArgumentError('a whole number above 0');
  return number;
}

export function thresholdsFrom(options: { warnCritical?: number; warnErrors?: number; warnTypos?: number }): Thresholds {
  return {
    critical: options.warnCritical ?? DEFAULT_THRESHOLDS.critical,
    errors: options.warnErrors ?? DEFAULT_THRESHOLDS.errors,
    typos: options.warnTypos ?? DEFAULT_THRESHOLDS.typos,
  };
}

/** The package version (for SARIF's tool.driver.version); src/ and dist/ both sit one level below the package root. */
export function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
