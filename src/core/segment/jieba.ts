import { createRequire } from 'node:module';
import type { Segmenter, TaggedWord } from '../types.js';

const require = createRequire(import.meta.url);

interface NodeJieba {
  load(options?: Record<string, string>): void;
  cut(text: string, hmm?: boolean): string[];
  cutSmall(text: string, maxWordLength: number): string[];
  tag(text: string): TaggedWord[];
  insertWord(word: string, tag?: string): boolean;
}

let jieba: NodeJieba | undefined;
const insertedWords = new Set<string>();

/**
 * The process-wide nodejieba instance. nodejieba keeps one native dictionary per process
 * (per worker thread), so user words are inserted once and shared by every proofreader.
 */
export function jiebaSegmenter(userWords: Iterable<string> = []): Segmenter {
  if (!jieba) {
    jieba = require('nodejieba') as NodeJieba;
    jieba.load();
  }
  for (const word of userWords) {
    if (!insertedWords.has(word)) {
      insertedWords.add(word);
      jieba.insertWord(word);
    }
  }
  const native = jieba;
  return {
    cut: (text: string) => native.cut(text, true),
    // tag() segments with the same mixed (dictionary + HMM) segmenter as cut(text, true).
    tag: (text: string) => native.tag(text),
    // cutSmall with a maximum below the word's own length: the split jieba would make if the
    // word were not in its dictionary (聚众赌博 -> 聚众/赌博, 大法官 -> 大/法官).
    split: (word: string) => (word.length < 2 ? [word] : native.cutSmall(word, word.length - 1)),
    // Without the HMM, jieba keeps a string whole only when its dictionary holds it (~2 µs, tag() ~5 µs).
    isWord: (text: string) => text.length >= 2 && native.cut(text, false).length === 1,
  };
}
