/**
 * The I/O side of the lexicon audit: jieba's dictionary (frequencies and tags), the bundled
 * clean reference corpus, and the terms already in a target dictionary folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseDictionaries } from '../core/dictionaries/parse.js';
import { Normalizer } from '../core/normalize/index.js';
import { jiebaSegmenter } from '../core/segment/jieba.js';
import { readDictionarySources } from '../loader/dictionaries.js';
import { PACKAGE_ROOT } from '../loader/paths.js';
import type { AuditResources, WordInfo } from './audit.js';
import { ReferenceCorpus } from './reference.js';
import { writeFileAtomic } from './write.js';

/** Bump when the segmentation of the reference corpus changes (nodejieba, its dictionary, the cut mode). */
const SEGMENTATION_VERSION = 'jieba-cut-hmm-1';

export const REFERENCE_CORPUS = path.join(PACKAGE_ROOT, 'corpora', 'clean-reference.txt');

export function jiebaDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('nodejieba/package.json')), 'submodules', 'cppjieba', 'dict', 'jieba.dict.utf8');
}

export interface JiebaWords {
  word(term: string): WordInfo | undefined;
  commonWordContaining(term: string): { word: string; frequency: number } | undefined;
}

/**
 * Reads jieba.dict.utf8 (`word freq tag` per line) and indexes the substrings of its very
 * common words. Keys are normalized like the terms they are compared with; one reused
 * normalizer, because 350k fresh normalizations cost seconds.
 */
export async function loadJiebaWords(normalizer: Normalizer, veryCommonFrequency: number, file = jiebaDictionaryPath()): Promise<JiebaWords> {
  const words = new Map<string, WordInfo>();
  const containers = new Map<string, { word: string; frequency: number }>();
  const text = await readFile(file, 'utf8');
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    const first = line.indexOf(' ');
    const second = line.indexOf(' ', first + 1);
    if (first <= 0) continue;
    const word = line.slice(0, first);
    const frequency = Number(second < 0 ? line.slice(first + 1) : line.slice(first + 1, second));
    if (!Number.isFinite(frequency)) continue;
    const tag = second < 0 ? '' : line.slice(second + 1).trim();
    const key = normalizer.normalize(word).toString();
    if (key === '') continue;
    const previous = words.get(key);
    if (!previous || previous.frequency < frequency) words.set(key, { frequency, tag });
    if (frequency < veryCommonFrequency || key.length < 3) continue;
    for (let from = 0; from < key.length; from++) {
      for (let to = from + 2; to <= key.length; to++) {
        if (to - from === key.length) continue;
        const part = key.slice(from, to);
        const known = containers.get(part);
        if (!known || known.frequency < frequency) containers.set(part, { word: key, frequency });
      }
    }
  }
  return { word: (term) => words.get(term), commonWordContaining: (term) => containers.get(term) };
}

let referenceCache: { key: string; corpus: ReferenceCorpus } | undefined;

/**
 * The reference corpus, normalized and segmented once per process (segmentation is the slow
 * part). `extra`: more clean prose of the operator's own (a site's published pages), which is
 * the best evidence of what that site writes.
 */
export async function loadReferenceCorpus(normalizer: Normalizer, extra: readonly string[] = [], file = REFERENCE_CORPUS): Promise<ReferenceCorpus> {
  const hash = createHash('sha256');
  for (const text of extra) hash.update(text).update('\u0000');
  const key = `${file}\u0000${JSON.stringify(normalizer.options)}\u0000${hash.digest('hex')}`;
  if (referenceCache?.key === key) return referenceCache.corpus;
  const text = [await readFile(file, 'utf8'), ...extra].join('\n');
  // Segmentation is the slow part and depends only on the text and jieba's dictionary: cache it.
  const cacheFile = path.join(os.tmpdir(), 'jiaodui-cache', `reference-${createHash('sha256').update(SEGMENTATION_VERSION).update(text).digest('hex').slice(0, 16)}.bin`);
  let saved: Uint8Array | undefined;
  try {
    saved = new Uint8Array(await readFile(cacheFile));
  } catch {
    saved = undefined;
  }
  const corpus = new ReferenceCorpus(text, normalizer, () => jiebaSegmenter(), saved);
  if (saved === undefined || saved.length !== corpus.wordBoundaryMap.length) {
    try {
      await mkdir(path.dirname(cacheFile), { recursive: true });
      await writeFileAtomic(cacheFile, corpus.wordBoundaryMap);
    } catch {
      // A read-only temporary folder only costs the next run the segmentation.
    }
  }
  referenceCache = { key, corpus };
  return corpus;
}

/** Normalized sensitive terms, whitelist terms and registered names of a dictionary folder, each with `file:line`. */
export async function readExistingTerms(folders: readonly string[], normalizer: Normalizer): Promise<AuditResources['existing']> {
  const sensitive = new Map<string, string>();
  const whitelist = new Map<string, string>();
  const names = new Map<string, string>();
  const vocabulary: Array<{ text: string; where: string }> = [];
  for (const folder of folders) {
    const parsed = parseDictionaries(await readDictionarySources(folder), (term) => normalizer.normalizeTerm(term));
    for (const entry of parsed.terms) {
      const where = `${path.basename(folder)}/${entry.source.file}:${entry.source.line}`;
      if (entry.kind === 'sensitive' && !sensitive.has(entry.normalized)) sensitive.set(entry.normalized, where);
      if (entry.kind === 'whitelist' && !whitelist.has(entry.normalized)) whitelist.set(entry.normalized, where);
      // Normative corrections are official wording; typo corrections are only correct
      // spellings (赌博 is the correction of a misspelling of it), so they are no evidence.
      if (entry.kind === 'normative') {
        for (const suggestion of entry.suggestions) vocabulary.push({ text: normalizer.normalizeTerm(suggestion), where });
      }
    }
    for (const entry of parsed.names) {
      const key = normalizer.normalizeTerm(entry.name);
      const where = `${path.basename(folder)}/${entry.source.file}:${entry.source.line}`;
      if (!names.has(key)) names.set(key, where);
      vocabulary.push({ text: key, where });
    }
  }
  return { sensitive, whitelist, names, vocabulary };
}
