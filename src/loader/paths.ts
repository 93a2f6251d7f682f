import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root, two levels above this file both in src/loader (tsx) and in dist/loader (built). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const BUNDLED_DICTIONARIES = path.join(PACKAGE_ROOT, 'dictionaries');
