import { createRequire } from 'node:module';
import type { Segmenter } from '../types.js';

const require = createRequire(import.meta.url);

interface NodeJieba {
  load(options?: Record<string, string>): void;
  cut(text: string, hmm?: boolean): string[];
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
  return { cut: (text: string) => native.cut(text, true) };
}
