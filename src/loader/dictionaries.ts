import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CompiledDictionaries, DictionarySnapshotError } from '../core/dictionaries/compiled.js';
import { DictionaryError } from '../core/dictionaries/errors.js';
import { DICTIONARY_KINDS, parseDictionaries, type SourceFile } from '../core/dictionaries/parse.js';
import { Normalizer, type NormalizeOptions } from '../core/normalize/index.js';

export interface LoadDictionariesOptions {
  /** Where compiled snapshots are cached; `false` disables the cache. Default: <tmpdir>/jiaodui-cache. */
  cacheDir?: string | false;
  normalize?: Partial<NormalizeOptions>;
}

export interface LoadedDictionaries {
  compiled: CompiledDictionaries;
  /** True when a cached snapshot was used instead of building. */
  fromSnapshot: boolean;
  /** Why the cached snapshot was not used, when there was one. */
  snapshotProblem?: string;
}

/** Bump when parsing or compilation changes what a snapshot holds. */
const COMPILER_VERSION = 'jiaodui-dictionaries-1';

/**
 * Reads `<root>/<kind>/*.txt`, except `*.example.txt` templates and `*.review.txt` import review lists. Invalid UTF-8 is reported with the line it is on. Other
 * files (README.md, ...) are ignored; an unknown folder is an error, because a typo in a
 * folder name would otherwise silently drop a whole dictionary.
 */
export async function readDictionarySources(root: string): Promise<SourceFile[]> {
  let rootStat;
  try {
    rootStat = await stat(root);
  } catch {
    throw new DictionaryError(root, 0, 'dictionary folder not found');
  }
  if (!rootStat.isDirectory()) throw new DictionaryError(root, 0, 'not a folder');
  const files: SourceFile[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (!(DICTIONARY_KINDS as readonly string[]).includes(entry.name)) {
      throw new DictionaryError(entry.name, 0, `unknown dictionary folder (expected ${DICTIONARY_KINDS.join(', ')})`);
    }
    for (const name of (await readdir(path.join(root, entry.name))).sort()) {
      // `*.example.txt` files are templates (e.g. names/people.example.txt): shipped, never loaded.
      // `*.review.txt` files are what `jiaodui dict import` parked for review (src/lexicon): never loaded.
      if (!name.endsWith('.txt') || name.endsWith('.example.txt') || name.endsWith('.review.txt')) continue;
      const relative = `${entry.name}/${name}`;
      files.push({ path: relative, content: decodeUtf8(relative, await readFile(path.join(root, relative))) });
    }
  }
  return files;
}

function decodeUtf8(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(lineStart, i));
        } catch {
          throw new DictionaryError(file, line, 'invalid UTF-8');
        }
        lineStart = i + 1;
        line++;
      }
    }
    throw new DictionaryError(file, 0, 'invalid UTF-8');
  }
}

/** Content hash of the sources, the normalization options and the compiler: the dictionary version. */
export function dictionaryVersion(files: readonly SourceFile[], normalize: NormalizeOptions): string {
  const hash = createHash('sha256');
  hash.update(COMPILER_VERSION);
  hash.update(JSON.stringify(normalize));
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(`\u0000${file.path}\u0000${file.content}`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Reads, validates and compiles a dictionary folder, using a cached snapshot when one of
 * the same version exists (stale or corrupt snapshots are rebuilt and rewritten). Throws
 * DictionaryError with file:line for malformed sources.
 */
export async function loadDictionaries(root: string, options: LoadDictionariesOptions = {}): Promise<LoadedDictionaries> {
  const normalizer = new Normalizer(options.normalize);
  const files = await readDictionarySources(root);
  const version = dictionaryVersion(files, normalizer.options);
  const cacheDir = options.cacheDir === undefined ? path.join(os.tmpdir(), 'jiaodui-cache') : options.cacheDir;
  const snapshotPath = cacheDir ? path.join(cacheDir, `dictionaries-${version}.bin`) : undefined;
  let snapshotProblem: string | undefined;
  if (snapshotPath) {
    try {
      const bytes = await readFile(snapshotPath);
      return { compiled: CompiledDictionaries.fromSnapshot(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), version), fromSnapshot: true };
    } catch (error) {
      if (error instanceof DictionarySnapshotError) snapshotProblem = error.message;
      else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') snapshotProblem = (error as Error).message;
    }
  }
  const compiled = CompiledDictionaries.build(parseDictionaries(files, (term) => normalizer.normalizeTerm(term)), version, normalizer.options);
  if (snapshotPath && cacheDir) {
    try {
      await mkdir(cacheDir, { recursive: true });
      const temporary = `${snapshotPath}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, compiled.toSnapshot());
      await rename(temporary, snapshotPath);
    } catch {
      // A read-only or full cache folder only costs the next start a rebuild.
    }
  }
  return { compiled, fromSnapshot: false, ...(snapshotProblem ? { snapshotProblem } : {}) };
}
