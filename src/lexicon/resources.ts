/**
 * The I/O side of the lexicon audit: jieba's dictionary (frequencies and tags), the bundled
 * clean reference corpus, and the terms already in a target dictionary folder.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseDictionaries } from '../core/dictionaries/parse.js';
import { Normalizer } from '../core/normalize/index.js';
import { jiebaSegmenter } from '../core/segment/jieba.js';
import { readDictionarySources } from '../loader/dictionaries.js';
import { PACKAGE_ROOT } from '../loader/paths.js';
import type { AuditResources, WordInfo } from './audit.js';
import { ReferenceCorpus } from './reference.js';

export const REFERENCE_CORPUS = path.join(PACKAGE_ROOT, 'corpora', 'clean-reference.txt');

export function jiebaDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('nodejieba/package.json')), 'submodules', 'cppjieba', 'dict', 'jieba.dict.utf8');
}

export interface JiebaWords {
  word(term: string): WordInfo | undefined;
  commonWordContaining(term: string): { word: string; frequency: number } | undefined;
}

/** Reads jieba.dict.utf8 (`word freq tag` per line) and indexes the substrings of its very common words. */
export async function loadJiebaWords(normalizeTerm: (term: string) => string, veryCommonFrequency: number, file = jiebaDictionaryPath()): Promise<JiebaWords> {
  const words = new Map<string, WordInfo>();
  const containers = new Map<string, { word: string; frequency: number }>();
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    const [word, freq, tag = ''] = line.split(' ');
    if (!word || !freq) continue;
    const frequency = Number(freq);
    const key = normalizeTerm(word);
    if (key === '') continue;
    const previous = words.get(key);
    if (!previous || previous.frequency < frequency) words.set(key, { frequency, tag });
    if (frequency < veryCommonFrequency || key.length < 3) continue;
    for (let start = 0; start < key.length; start++) {
      for (let end = start + 2; end <= key.length; end++) {
        if (end - start === key.length) continue;
        const part = key.slice(start, end);
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
  const corpus = new ReferenceCorpus([await readFile(file, 'utf8'), ...extra].join('\n'), normalizer, jiebaSegmenter());
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
