import type { Segmenter } from '../../types.js';

/**
 * What the context typo check asks of the vocabulary before it reports a suspicion (README
 * "Vocabulary, names and terminology"). The n-gram model scores characters; it does not know
 * that 行尾, 中键 and 栈帧 are words of a manual, that 三严三实 is a slogan, or that 晋中市
 * is a name. Asked only for the few suspicions that passed the scoring, so it costs nothing on
 * clean text: a handful of tag() calls on two- to four-character strings.
 */

/** Tags that do not vouch for a word: not in jieba's dictionary (x; user words too), unknown, Latin, numbers. */
const UNVOUCHED_TAGS: ReadonlySet<string> = new Set(['x', '', 'eng', 'm']);
/** jieba's tags of names: person, place, organisation, other proper nouns. */
const NAME_TAGS: ReadonlySet<string> = new Set(['nr', 'nrfg', 'nrt', 'ns', 'nt', 'nz']);
/** Last characters of place and organisation names (晋中市, 榆次区, 东阳镇, 某某学校, 某某公司). */
const NAME_SUFFIX_CHARS = '省市县区镇乡村州旗盟屯寨庄';
const NAME_SUFFIX_WORDS: ReadonlySet<string> = new Set([
  '学校', '大学', '中学', '小学', '学院', '幼儿园', '医院', '公司', '集团', '银行', '研究院', '研究所', '委员会', '街道', '社区', '支行', '分行', '分公司',
]);
/** Titles and forms of address that precede a name (局长张某, 记者李某, 张某同志 follows). */
const TITLES: ReadonlySet<string> = new Set([
  '书记', '副书记', '省长', '市长', '县长', '区长', '镇长', '乡长', '村长', '主任', '副主任', '局长', '副局长', '厅长', '处长', '科长', '部长', '院长', '校长',
  '主席', '委员', '代表', '经理', '总经理', '董事长', '记者', '通讯员', '教授', '老师', '医生', '同志', '先生', '女士', '警官', '民警', '法官', '检察官', '队长', '站长', '所长',
]);
/** Characters a correction may turn into without making a word: function words stand alone (在/再, 的/地/得). */
const STANDALONE_CHARS = '的地得在再做作是了着过和与及或而且把被从向于将就也都又还才只很更最太不没未无非之其所以为因由对给让使';

export interface VocabularyJudgement {
  /** The character lies inside protected terminology: never reported. */
  protectedTerm?: string;
  /** Extra log10 gain the suspicion needs to be reported at all; Infinity: never. */
  extra: number;
  /** Extra log10 gain, beyond `extra`, it needs to be a warning rather than info. */
  warningExtra: number;
  /** Why, for explain: 'in-vocabulary word 行尾', 'name 晋中市', ... */
  reasons: string[];
}

export interface VocabularyPenalties {
  /** Extra gain when the character sits inside a dictionary word of good frequency and the candidate makes another word. */
  dictionaryWord: number;
  /** Extra gain inside or next to a name (tags, suffixes, titles). */
  name: number;
  /** Extra gain when the candidate makes no word with its neighbours and is not a standalone function character. */
  noWord: number;
  /** Extra gain with Latin letters or digits within `codeReach` characters (code, commands, versions). */
  code: number;
  /** Gain a warning is spared when the original makes no word with its neighbours and the candidate does (大数局 → 数据). */
  wordBonus: number;
}

/** Latin letters this close (in characters) mark technical text: commands, options, file names. Not digits: official prose is full of dates and figures. */
const CODE_REACH = 4;
const LATIN_OR_DIGIT = /[A-Za-z_]/;

export class Vocabulary {
  private readonly byChar = new Map<number, Array<[term: string, offset: number]>>();
  private readonly tags = new Map<string, string>();
  private readonly words = new Map<string, boolean>();

  /** The most that judge() can add to a warning's need. */
  private readonly maxExtra: number;

  constructor(protectedTerms: Iterable<string>, private readonly penalties: VocabularyPenalties) {
    this.maxExtra = penalties.dictionaryWord + penalties.name + penalties.noWord + penalties.code;
    // Each protected term under each of its characters, with the offset there: a suspect looks
    // up its own character only (a few dozen startsWith, where trying every length cost ~10 µs).
    for (const term of new Set([...protectedTerms].filter((t) => t.length >= 2))) {
      for (let i = 0; i < term.length; i++) {
        const code = term.charCodeAt(i);
        let list = this.byChar.get(code);
        if (!list) this.byChar.set(code, (list = []));
        list.push([term, i]);
      }
    }
  }

  /** The protected term covering text[at, at + span), if any: the terms holding text[at], each tried where it would have to start. */
  protectedAt(text: string, at: number, span: number): string | undefined {
    const holders = this.byChar.get(text.charCodeAt(at));
    if (!holders) return undefined;
    for (const [term, offset] of holders) {
      const from = at - offset;
      if (from >= 0 && offset + span <= term.length && text.startsWith(term, from)) return term;
    }
    return undefined;
  }

  /**
   * Judges replacing text[at, at + suggestion.length) by `suggestion`; `words` is the segmentation
   * of the run text[runStart, ...), `rarelySeen` tells whether the model has rarely seen the word
   * at an offset of the run (some adjacent pair under ~200 occurrences).
   */
  judge(
    text: string,
    at: number,
    suggestion: string,
    runStart: number,
    words: readonly string[],
    rarelySeen: (runOffset: number) => boolean,
    segmenter: Segmenter,
    settled = -Infinity,
  ): VocabularyJudgement {
    const span = suggestion.length;
    const protectedTerm = this.protectedAt(text, at, span);
    if (protectedTerm !== undefined) return { protectedTerm, extra: Infinity, warningExtra: 0, reasons: [`protected term '${protectedTerm}'`] };
    // A suspicion this far above its need is a warning whatever the vocabulary says: no look-ups.
    if (settled >= this.maxExtra) return { extra: 0, warningExtra: 0, reasons: [] };
    const reasons: string[] = [];
    let extra = 0;
    let warningExtra = 0;
    // The word of the segmentation holding the (first) character, and its neighbours.
    let index = 0;
    let wordStart = runStart;
    while (index < words.length - 1 && wordStart + words[index]!.length <= at) wordStart += words[index++]!.length;
    const word = words[index] ?? '';
    const previous = index > 0 ? words[index - 1]! : '';
    const next = index + 1 < words.length ? words[index + 1]! : '';
    const tag = segmenter.tag && word.length >= 2 ? this.tagOf(word, segmenter) : '';

    if (word.length >= 2 && at + span <= wordStart + word.length && !UNVOUCHED_TAGS.has(tag) && rarelySeen(wordStart - runStart)) {
      // A word of jieba's dictionary that the model has rarely seen (行尾, 中键, 私钥: under
      // ~200 occurrences of some adjacent pair): the model has no statistics for it, so asking an
      // editor to act needs a clearly more probable word. The extra is asked for a warning only:
      // jieba's dictionary also holds rare words that typos make (转科, 发款), which stay info.
      // Words the model knows well pay its own in-word penalty instead.
      warningExtra += this.penalties.dictionaryWord;
      reasons.push(`inside the word '${word}', rarely seen by the model`);
    } else if (segmenter.isWord || segmenter.tag) {
      const structure = this.restructuring(at - runStart, suggestion, words, segmenter, text.slice(at, at + span));
      if (structure !== undefined) {
        warningExtra += this.penalties.dictionaryWord;
        reasons.push(structure);
      }
      const candidateWord = this.makesWord(text, at, suggestion, segmenter);
      if (!candidateWord && !(span === 1 && STANDALONE_CHARS.includes(suggestion))) {
        extra += this.penalties.noWord;
        reasons.push(`'${suggestion}' makes no word here`);
      } else if (this.penalties.wordBonus > 0 && candidateWord && !this.makesWord(text, at, text.slice(at, at + span), segmenter)) {
        // The vocabulary sides with the model: the text's character is in no word, the candidate makes one.
        warningExtra -= this.penalties.wordBonus;
        reasons.push(`'${suggestion}' makes a word where '${text.slice(at, at + span)}' makes none`);
      }
    }

    // The word itself is a name: by jieba's tag, or a place name by its last character (not a
    // common noun: 城市, 地区, 农村 are n), or an organisation by its last word; or the word
    // stands before a lone place suffix (乌兰察布|市) or after a title (局长|张某).
    const nameLike =
      NAME_TAGS.has(tag) ||
      (word.length >= 3 && NAME_SUFFIX_CHARS.includes(word[word.length - 1]!) && (tag === 'x' || tag === '')) ||
      [...NAME_SUFFIX_WORDS].some((suffix) => word.length > suffix.length && word.endsWith(suffix)) ||
      (next.length === 1 && NAME_SUFFIX_CHARS.includes(next)) ||
      NAME_SUFFIX_WORDS.has(next) ||
      TITLES.has(previous);
    if (nameLike) {
      extra += this.penalties.name;
      reasons.push(`in or next to a name (${[previous, word, next].filter(Boolean).join('/')})`);
    }

    for (let i = Math.max(0, at - CODE_REACH); i < Math.min(text.length, at + span + CODE_REACH); i++) {
      if (LATIN_OR_DIGIT.test(text[i]!)) {
        extra += this.penalties.code;
        reasons.push('Latin letters nearby');
        break;
      }
    }
    return { extra, warningExtra, reasons };
  }

  /**
   * What the correction does to the words of the run, segmented again with the suggestion in
   * place: a typo broke a word, so its correction makes one (健设法治 -> 建设|法治) without
   * taking characters from a word the text already has. A suggestion that is left a word of its own
   * (纵向轴旋转 -> 纵向|周|旋转) or that pulls a neighbouring dictionary word apart (默认只更新 ->
   * 默|认识|更新, 包和源码 -> 货源|码) fits the words around it worse than the text does: the
   * n-gram gain came from a bigram across a word boundary. Function characters stand alone by
   * nature (在/再, 的/地) and are exempt from the first test. Undefined when neither applies.
   */
  private restructuring(offset: number, suggestion: string, words: readonly string[], segmenter: Segmenter, original: string): string | undefined {
    const span = suggestion.length;
    const run = words.join('');
    const corrected = segmenter.cut(run.slice(0, offset) + suggestion + run.slice(offset + span));
    let start = 0;
    let index = 0;
    while (index < corrected.length - 1 && start + corrected[index]!.length <= offset) start += corrected[index++]!.length;
    const word = corrected[index] ?? '';
    const end = start + word.length;
    if (end < offset + span) return undefined;
    if (span === 1 && word.length === 1 && !STANDALONE_CHARS.includes(suggestion) && !STANDALONE_CHARS.includes(original)) {
      return `'${suggestion}' would stand alone in the words around it`;
    }
    let from = 0;
    for (const neighbour of words) {
      const to = from + neighbour.length;
      const holdsTheCharacter = from <= offset && offset + span <= to;
      if (!holdsTheCharacter && neighbour.length >= 2 && from < end && to > start && (from < start || to > end) && !UNVOUCHED_TAGS.has(this.tagOf(neighbour, segmenter))) {
        return `'${suggestion}' would pull the word '${neighbour}' apart`;
      }
      from = to;
    }
    return undefined;
  }

  /** Whether the suggestion forms a dictionary word with the character before or after it (or is one). */
  private makesWord(text: string, at: number, suggestion: string, segmenter: Segmenter): boolean {
    const end = at + suggestion.length;
    // Two- and three-character windows (保 in 银保监会 makes 保监会, 委 in 改革委).
    return (
      (suggestion.length >= 2 && this.isWord(suggestion, segmenter)) ||
      (at > 0 && this.isWord(text[at - 1] + suggestion, segmenter)) ||
      (end < text.length && this.isWord(suggestion + text[end], segmenter)) ||
      (at > 1 && this.isWord(text.slice(at - 2, at) + suggestion, segmenter)) ||
      (at > 0 && end < text.length && this.isWord(text[at - 1] + suggestion + text[end], segmenter)) ||
      (end + 1 < text.length && this.isWord(suggestion + text.slice(end, end + 2), segmenter))
    );
  }

  private isWord(candidate: string, segmenter: Segmenter): boolean {
    if (!/^\p{Script=Han}+$/u.test(candidate)) return false;
    let known = this.words.get(candidate);
    if (known === undefined) {
      known = segmenter.isWord ? segmenter.isWord(candidate) : !UNVOUCHED_TAGS.has(this.tagOf(candidate, segmenter));
      if (this.words.size > 65536) this.words.clear();
      this.words.set(candidate, known);
    }
    return known;
  }

  /** jieba's tag of `word` standing alone as one word; 'x' when it does not stay one word. */
  private tagOf(word: string, segmenter: Segmenter): string {
    if (!segmenter.tag || word === '') return '';
    let tag = this.tags.get(word);
    if (tag === undefined) {
      const tagged = segmenter.tag(word);
      tag = tagged.length === 1 ? tagged[0]!.tag : 'x';
      if (this.tags.size > 65536) this.tags.clear();
      this.tags.set(word, tag);
    }
    return tag;
  }
}

/**
 * Established terminology of the dictionaries, protected from the statistical check: the right
 * forms of the normative lists (what the editor is told to write), the right forms of listed
 * misspellings of three characters or more (two-character ones are often one half of a
 * real-word confusion, 权利/权力), and the registered names.
 */
export function protectedTermsOf(dictionaries: {
  readonly rules: ReadonlyArray<ReadonlyArray<{ kind: string; suggestions: readonly string[] }>>;
  readonly names: ReadonlyArray<{ name: string }>;
}): string[] {
  const terms = new Set<string>();
  for (const rules of dictionaries.rules) {
    for (const rule of rules) {
      if (rule.kind === 'normative') for (const s of rule.suggestions) if (s.length >= 2) terms.add(s);
      if (rule.kind === 'typo') for (const s of rule.suggestions) if (s.length >= 3) terms.add(s);
    }
  }
  for (const { name } of dictionaries.names) terms.add(name);
  return [...terms];
}
