import type { Finding } from '../types.js';
import type { TextCheck } from './check.js';
import { hanCodeUnits } from './han.js';

/**
 * Accidentally doubled characters and words (的的, 我们我们, 进行进行).
 *
 * The segmenter decides what a repetition is: two or more identical adjacent segments,
 * a word of two or more characters glued by the segmenter to its own copy (人民|人民政府),
 * or a 们 after a word ending in 们. Reduplications the dictionary knows (看看, 谢谢,
 * 高高兴兴, 不了了之) come out as one segment and are never seen; the same characters split across words
 * (目的|的|方法, 关键|是|是否) are not identical segments. What is left is judged:
 *  - a doubled single character is an error only if it is a function word, which Chinese
 *    never reduplicates (的, 了, 是, 在 ...); other characters (年年, 说说) are left alone;
 *  - a doubled word is an error unless it is one of the words that reduplicate as ABAB:
 *    volitional verbs (研究研究, 讨论讨论), state adjectives (雪白雪白), emphatic degree
 *    words (非常非常), onomatopoeia, and 一 + measure word (一步一步).
 */

/** Function characters that never reduplicate in written Chinese. */
export const NEVER_REDUPLICATED_CHARS: ReadonlySet<string> = new Set(
  '的了是在和与及或把被从向于将而并且就也都又所之其该此但却则即由给按据因我你他她它这那为以',
);

/** Idioms that do contain a doubled function character, in case the segmenter splits them. */
const IDIOMS_WITH_DOUBLED_CHAR: readonly string[] = ['不了了之', '了了分明', '了了可见', '小时了了', '一了百了', '是是非非', '实实在在', '的的确确', '和和气气', '和和美美'];

/** Words that reduplicate as ABAB (the whitelist for doubled multi-character words). */
export const ABAB_REDUPLICATION: ReadonlySet<string> = new Set([
  // Volitional verbs: "do it a little" reduplication.
  '研究', '讨论', '学习', '商量', '考虑', '休息', '打扫', '收拾', '整理', '锻炼', '活动', '检查', '了解', '交流',
  '体验', '思考', '琢磨', '打听', '比较', '介绍', '练习', '调查', '清理', '放松', '布置', '修理', '适应', '尝试',
  '议论', '分析', '总结', '欣赏', '参观', '关心', '照顾', '帮助', '表扬', '批评', '教育', '提醒', '鼓励', '安慰',
  '开导', '解释', '熟悉', '认识', '感受', '享受', '溜达', '盘算', '合计', '估计', '试验', '测试', '串门',
  '热闹', '高兴', '凉快', '暖和', '轻松', '痛快', '舒服', '清醒', '明白', '乐呵',
  // State adjectives, intensified as ABAB.
  '雪白', '通红', '冰凉', '笔直', '漆黑', '碧绿', '滚烫', '火红', '蜡黄', '冰冷', '瓦蓝', '金黄', '喷香',
  // Emphatic repetition of degree and quantity words.
  '非常', '十分', '很多', '许多', '好多', '好久', '真的', '特别', '多多', '快点', '慢点',
  // Greetings and cheers, repeated for warmth: 谢谢谢谢, 加油加油.
  '谢谢', '再见', '加油', '你好', '欢迎', '没事', '好的', '是的', '不要',
  // Onomatopoeia.
  '哗啦', '叮当', '滴答', '嘀嗒', '扑通', '呼啦', '轰隆', '叮咚', '咕噜', '噼啪', '哗哗', '咚咚', '嘿嘿', '哈哈', '呵呵', '嘻嘻',
]);

/**
 * jieba's word classes that reduplicate as ABAB: adjectives and state words (很大很大, 雪白雪白),
 * onomatopoeia (哗啦哗啦), measure words (一阵一阵), and verbs (打扫打扫), except the verbs below.
 * Nouns, pronouns, conjunctions, prepositions and adverbs do not (系统系统, 如果如果).
 */
const REDUPLICATING_TAGS: ReadonlySet<string> = new Set(['a', 'ad', 'an', 'ag', 'z', 'o', 'q', 'mq', 'v', 'vi', 'vd', 'vg']);
/**
 * Verbs that never reduplicate: only volitional action verbs do ("do a little"). Formal
 * (书面) and dummy verbs, copulas and existentials, modals and phase verbs do not, and
 * official prose is made of them (进行进行, 加强加强 are typed twice).
 */
const NON_REDUPLICATING_VERBS: ReadonlySet<string> = new Set([
  // dummy and formal verbs
  '进行', '加以', '予以', '给予', '给以', '作出', '做出', '致以', '实施', '实行', '开展', '加强', '推进', '推动', '促进', '落实',
  '提高', '建立', '完善', '实现', '坚持', '深化', '强化', '优化', '健全', '构建', '贯彻', '组织', '召开', '举行', '印发', '发布',
  // copulas, existentials, possession
  '成为', '属于', '具有', '存在', '位于', '等于', '作为', '包括', '拥有',
  // modals and phase verbs
  '可以', '能够', '应该', '应当', '必须', '需要', '愿意', '可能', '开始', '继续', '结束', '完成', '停止', '进入',
]);

/** One-character verbs and coverbs taking a person as object, which jieba's dictionary tags otherwise (问 is n there). */
const OBJECT_TAKING_CHARS = '问叫让请给对跟帮教找劝求催逼派';

const HAN_ONLY = /^\p{Script=Han}+$/u;
const LATIN_OR_DIGIT = /[A-Za-z0-9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/u;
/** Tags that do not vouch for a dictionary word (see boundary-filter.ts). */
const UNVOUCHED_TAGS: ReadonlySet<string> = new Set(['x', '', 'eng', 'm']);
/** 一 + measure word repeats as "one by one": 一步一步, 一个一个, 一天一天. */
const ONE_BY_ONE = /^一\p{Script=Han}$/u;

export function createRepetitionCheck(): TextCheck {
  return {
    type: 'repetition',
    run({ text, segmenter }) {
      const findings: Finding[] = [];
      const report = (word: string, start: number, count: number): void => {
        const end = start + word.length * count;
        const kind = word.length === 1 ? 'doubled-char' : 'doubled-word';
        findings.push({
          type: 'repetition',
          category: kind,
          severity: 'warning',
          rule: `repetition:${kind}:${word}`,
          start,
          end,
          match: text.slice(start, end),
          suggestions: [word],
          message: `“${word}”重复${count === 2 ? '' : `${count}次`}，疑为多打`,
        });
      };

      /** jieba's tag of `word` standing alone ('' when the segmenter has no tags). */
      const tagOf = (word: string): string => {
        if (!segmenter.tag) return '';
        const tagged = segmenter.tag(word);
        return tagged.length === 1 ? tagged[0]!.tag : 'x';
      };
      /** ABAB reduplication of a word whose class reduplicates, or an adverbial one before 地 (小口小口地喝). */
      const grammatical = (word: string, after: string | undefined): boolean => {
        if (word.length < 2) return false;
        if (after === '地' || after?.startsWith('地') === true) return true;
        const tag = tagOf(word);
        return REDUPLICATING_TAGS.has(tag) && !NON_REDUPLICATING_VERBS.has(word);
      };
      /**
       * The first copy ends a longer word, or the second begins one: 校验和|和, PPP项目|项目经理.
       * Known when the previous segment and the copy, or the copy and the next segment, make a
       * dictionary word, or when the first copy follows Latin letters or digits (a name).
       */
      const acrossWords = (word: string, start: number, before: string | undefined, after: string | undefined): boolean => {
        if (start > 0 && LATIN_OR_DIGIT.test(text[start - 1]!)) return true;
        if (!segmenter.tag) return false;
        // A pronoun after a verb, then again: the verb's object, then the next clause's subject (我问他他怎么了).
        if (before !== undefined && tagOf(word) === 'r' && (tagOf(before).startsWith('v') || OBJECT_TAKING_CHARS.includes(before))) return true;
        const isWord = (w: string): boolean => HAN_ONLY.test(w) && !UNVOUCHED_TAGS.has(tagOf(w));
        return (before !== undefined && isWord(before + word)) || (after !== undefined && isWord(word + after));
      };

      const scanPiece = (pieceStart: number, pieceEnd: number): void => {
        const words = segmenter.cut(text.slice(pieceStart, pieceEnd));
        let offset = pieceStart;
        let i = 0;
        while (i < words.length) {
          const word = words[i];
          let run = 1;
          while (words[i + run] === word) run++;
          const next = words[i + run];
          if (run >= 2) {
            if (HAN_ONLY.test(word) && isAccidental(text, word, offset, run) && !grammatical(word, words[i + run]) && !acrossWords(word, offset, words[i - 1], words[i + run]))
              report(word, offset, run);
          } else if (next === '们' && word.endsWith('们')) {
            // 们 never stands alone, so 我们|们 is a doubled 们.
            report('们', offset + word.length - 1, 2);
          } else if (next !== undefined && word.length >= 2 && HAN_ONLY.test(word) && HAN_ONLY.test(next)) {
            // The segmenter may glue the copy to the next word (人民|人民政府) or the previous one (人民政府|政府).
            if (next.startsWith(word) && isAccidental(text, word, offset, 2) && !acrossWords(word, offset, words[i - 1], undefined)) report(word, offset, 2);
            else if (next.length >= 2 && word.endsWith(next) && isAccidental(text, next, offset, 2) && !acrossWords(next, offset + word.length - next.length, undefined, words[i + 2]))
              report(next, offset + word.length - next.length, 2);
          }
          offset += word.length * run;
          i += run;
        }
      };

      // Every repetition is a square (some Han string twice in a row) in the text itself, so
      // only a piece with one is segmented. jieba cuts its input at these separators and
      // segments each piece on its own, so the words are the same as from the whole text
      // (a 730 KB novel with a few squares is not segmented whole).
      let pieceStart = 0;
      for (let end = 0; end <= text.length; end++) {
        if (end < text.length && !isJiebaSeparator(text.charCodeAt(end))) continue;
        if (end - pieceStart >= 2 && hasSquare(text, pieceStart, end, reportableDoubledChars())) scanPiece(pieceStart, end);
        pieceStart = end + 1;
      }
      return findings;
    },
  };
}

function isAccidental(text: string, word: string, start: number, count: number): boolean {
  if (word.length === 1) {
    if (!NEVER_REDUPLICATED_CHARS.has(word)) return false;
    if (word === '是' && count >= 3) return false; // 是是是: assent in quoted speech
    return !IDIOMS_WITH_DOUBLED_CHAR.some((idiom) => coversDouble(text, idiom, word, start));
  }
  return !ABAB_REDUPLICATION.has(word) && !ONE_BY_ONE.test(word);
}

/** Whether `idiom` occurs in `text` so that its own doubled `ch` sits at `start`. */
function coversDouble(text: string, idiom: string, ch: string, start: number): boolean {
  for (let k = idiom.indexOf(ch + ch); k >= 0; k = idiom.indexOf(ch + ch, k + 1)) {
    if (text.startsWith(idiom, start - k)) return true;
  }
  return false;
}

/** Han runs longer than this are not searched for squares (quadratic in the worst case): the text is segmented. */
const MAX_SCANNED_RUN = 256;
let reportableDoubledUnits: Uint8Array | undefined;

/** 1 for the characters whose doubling can be reported: the never-reduplicated ones and 们 (我们|们). */
function reportableDoubledChars(): Uint8Array {
  if (!reportableDoubledUnits) {
    reportableDoubledUnits = new Uint8Array(65536);
    for (const ch of [...NEVER_REDUPLICATED_CHARS, '们']) reportableDoubledUnits[ch.charCodeAt(0)] = 1;
  }
  return reportableDoubledUnits;
}

/**
 * Whether the text may hold a Han string twice in a row (的的, 我们我们, 人民人民政府), which
 * every repetition finding needs, since the segments spell the text: searched for within each
 * run of Han characters. True, to be safe, for surrogates (characters outside the BMP, whose
 * segmentation this does not follow) and for very long runs.
 */
export function mayHaveSquare(text: string): boolean {
  return hasSquare(text, 0, text.length, hanCodeUnits());
}

/**
 * mayHaveSquare, narrowed to the squares the check can report: a doubled single character
 * counts only if it is never reduplicated or is 们, so 人人, 处处 and 看看 do not cost a
 * segmentation (on ECSpell: 5 sentences of 1,720 segmented instead of 72).
 */
export function mayHaveRepetition(text: string): boolean {
  return hasSquare(text, 0, text.length, reportableDoubledChars());
}

/** The characters at which jieba (cppjieba's PreFilter) cuts its input before segmenting: space, tab, newline, ，and 。. */
function isJiebaSeparator(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0xff0c || code === 0x3002;
}

// Scratch space of the square search, kept between calls (the check is synchronous): the
// current Han run's code units, read from the string once; lastSeen[unit], 1 + the index in
// the run where `unit` last occurred (0: not yet; cleared after each run); sameBefore[k], the
// previous index of the unit at k (-1: none).
const runUnits = new Uint16Array(MAX_SCANNED_RUN);
const lastSeen = new Uint16Array(65536);
const sameBefore = new Int16Array(MAX_SCANNED_RUN);

/** Whether text[from, to) may hold a square (see mayHaveSquare). */
function hasSquare(text: string, from: number, to: number, doubledChars: Uint8Array): boolean {
  const han = hanCodeUnits();
  let runLength = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? text.charCodeAt(i) : 0;
    if (c >= 0xd800 && c <= 0xdfff) return true;
    if (han[c] === 1) {
      if (runLength === MAX_SCANNED_RUN) return true;
      runUnits[runLength++] = c;
      continue;
    }
    if (runLength >= 2 && runHasSquare(runLength, doubledChars)) return true;
    runLength = 0;
  }
  return false;
}

/**
 * Whether runUnits[0, length) contains some w w, with |w| = 1 only for `doubledChars`. A square
 * of period d starting at p has run[p] === run[p + d], so only the earlier occurrences of each
 * unit are tried as starts: about linear on ordinary text, where trying every period at every
 * position cost 5 µs per ECSpell sentence (benchmarks/sentences.ts).
 */
function runHasSquare(length: number, doubledChars: Uint8Array): boolean {
  let found = false;
  let j = 0;
  for (; j < length && !found; j++) {
    const c = runUnits[j];
    const previous = lastSeen[c] - 1;
    lastSeen[c] = j + 1;
    sameBefore[j] = previous;
    for (let p = previous; p >= 0 && !found; p = sameBefore[p]) {
      const period = j - p;
      if (j + period > length) break;
      found = period === 1 ? doubledChars[c] === 1 : sameRunUnits(p + 1, j + 1, period - 1);
    }
  }
  for (let k = 0; k < j; k++) lastSeen[runUnits[k]] = 0;
  return found;
}

/** Whether runUnits[a, a + length) and runUnits[b, b + length) are equal. */
function sameRunUnits(a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (runUnits[a + k] !== runUnits[b + k]) return false;
  return true;
}
