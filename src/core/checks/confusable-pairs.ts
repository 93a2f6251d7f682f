import type { Finding, Severity } from '../types.js';
import type { TextCheck } from './check.js';

/**
 * Words whose right form depends on the neighbouring words, which is why a typo list gets
 * them wrong both ways: 截止目前 is wrong (截至目前) but 报名截止 is right. Each rule names
 * the written form, the condition on the segmented word before or after it, and the
 * replacement. Rules fire only where the context is unambiguous; anything a careful
 * editor could defend is left alone, because a false alarm costs more than a miss here.
 *
 * A rule's `written` form must start and end on segment boundaries, so 截至 inside a
 * longer dictionary word is never touched.
 */

export interface UsageContext {
  /** The segment right before the written form ('' at the start). */
  prev: string;
  /** The first non-space segment right after it ('' at the end). */
  next: string;
  /** The non-space segment after `next`. */
  nextNext: string;
}

export interface UsageRule {
  /** Stable part of the finding's rule id: `typo:usage:<id>`. */
  id: string;
  written: string;
  replacement: string;
  severity: Severity;
  when(context: UsageContext): boolean;
  explanation: string;
  /**
   * Optional cheap precondition on the raw text around `text[at, end)`, checked before any
   * segmentation. Rules on 的 need it: 的 is in nearly every sentence, and segmenting each
   * one would run the check at jieba's speed (benchmarks/pipeline.ts: 1 MB/s instead of 100+).
   */
  plausible?(text: string, at: number, end: number): boolean;
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(' '));
const firstChars = (words: ReadonlySet<string>): ReadonlySet<string> => new Set([...words].map((word) => word[0]));
/** True when the text right before `at` ends with a word of `words` (of 1 or 2 characters). */
const endsWithOneOf = (words: ReadonlySet<string>, text: string, at: number): boolean => words.has(text.slice(at - 1, at)) || words.has(text.slice(at - 2, at));

/** Time expressions that 截至 ("up to") takes and 截止 ("come to an end") cannot. */
const TIME_WORDS = set('目前 当前 现在 今年 去年 今天 今日 昨天 昨日 本月 上月 本周 上周 本年 本季度 上半年 下半年 年底 年末 月底 发稿 发稿时 记者 日前 当日 当天');
const TIME_START = /^(?:[\d０-９]|[〇零○一二三四五六七八九十]+[年月日])/u;
/** Nouns that 截止 ("deadline") forms with; 截至日期 is the common slip. */
const DEADLINE_NOUNS = set('日期 时间 期限 日');
const CLAUSE_END = /^(?:[，。；：！？、,.;!?）)]|\n|$)/u;

/** Heads that want 作为 "as": 做为一名党员, 把……做为重点. */
const AS_HEADS = /^(?:一[名个位种项件]|重点|主要|核心|基础|抓手|突破口|载体|依据|目标|标准|前提|保障|契机|切入点|着力点)/u;

/**
 * Words that are adverbials only, never attributes: 逐步的推进 is 逐步地推进. Reduplicated
 * two-character words count only from this list, since many are nouns (妈妈的工作).
 */
const PURE_ADVERBS = set('逐步 逐渐 日益 稳步 不停 悄悄 默默 渐渐 牢牢 紧紧 轻轻 静静 慢慢 好好 早早 细细 狠狠 稳稳 偷偷');
/** AABB words that are nouns or quantities and take an attribute 的: 方方面面的工作. */
const AABB_ATTRIBUTES = set('方方面面 大大小小 许许多多 家家户户 形形色色 点点滴滴 林林总总 前前后后 上上下下 里里外外 日日夜夜 世世代代 祖祖辈辈 子子孙孙 男男女女 老老少少 风风雨雨 条条框框 分分秒秒');
/**
 * Unambiguous verbs after 地: an attribute 的 would need a noun here. Verbs that double as
 * nouns (工作, 学习, 服务, 投入) are left out: 认真的工作 may be either.
 */
const ADVERBIAL_VERBS = set('推进 推动 落实 开展 做好 抓好 加强 完善 提升 提高 实施 贯彻 解决 处理 发挥 执行 改进 参与 配合 完成 进行 走 跑 说 看 笑 哭 做 干 写 读 听 想 吃 睡 点头 离开 回家 前进 推广 坚持 履行 流淌 走过');
const ADVERBIAL_VERB_STARTS = firstChars(ADVERBIAL_VERBS);
/**
 * Verbs whose complement of degree takes 得: 做得很好, 落实得非常到位. Verbs whose 的 form
 * names a thing or a person (说的 "what was said", 吃的 "food", 新来的 "the newcomer") are
 * left out: 他说的很对 is right.
 */
const DEGREE_VERBS = set('做 干 完成 落实 执行 表现 发展 进行 推进 开展 处理 解决 准备 组织 写 跑 走 变 长 学 办 搞 抓 跳 睡 打扫 布置 安排 整理 收拾 保护 治理 管理 建设 打扮 设计 装修');
const DEGREE_ADVERBS = set('很 非常 十分 特别 相当 太 极其 越来越 比较 更加 极为');
const DEGREE_ADVERB_STARTS = firstChars(DEGREE_ADVERBS);
/** 做的很多 (工作) is "what was done is much": 的 is right before a quantity. */
const QUANTITIES = /^(?:多|少)/u;

/** Laws and institutions are 制定; plans and schemes may be 制订. */
const LAW_NOUNS = /^(?:法律|法规|宪法|政策|制度|条例|规章|标准|规定|法令|方针|路线)/u;
/** What one 反映 (reports): 反映问题, not 反应问题. */
const REPORTED_NOUNS = set('问题 情况 意见 诉求 民意 呼声 心声 建议');
/** Kinds of 反应 (reaction): 化学反应, 过敏反应, 反应速度. */
const REACTION_KINDS = set('化学 过敏 不良 连锁 应激 排斥 免疫 炎症 条件反射');
const REACTION_TRAITS = set('速度 灵敏 敏捷 过度 过激');

/** AABB adjectives (认认真真, 扎扎实实) modify a following verb through 地. */
function isAabbAdjective(word: string): boolean {
  const c = [...word];
  return c.length === 4 && c[0] === c[1] && c[2] === c[3] && c[0] !== c[2] && !AABB_ATTRIBUTES.has(word);
}

export const USAGE_RULES: readonly UsageRule[] = [
  {
    id: '截止+时间',
    written: '截止',
    replacement: '截至',
    severity: 'error',
    when: ({ next }) => TIME_WORDS.has(next) || TIME_START.test(next),
    explanation: '“截止”指到期停止，不带宾语；表示“截止到某时”应作“截至”（截至目前、截至2024年底）',
  },
  {
    id: '截至+句末',
    written: '截至',
    replacement: '截止',
    severity: 'error',
    when: ({ next }) => CLAUSE_END.test(next),
    explanation: '“截至”后须接时间；在句末表示到期停止应作“截止”（报名截止。）',
  },
  {
    id: '截至+日期',
    written: '截至',
    replacement: '截止',
    severity: 'error',
    when: ({ next }) => DEADLINE_NOUNS.has(next),
    explanation: '表示最后期限应作“截止日期”“截止时间”',
  },
  {
    id: '做为',
    written: '做为',
    replacement: '作为',
    severity: 'warning',
    when: ({ next }) => AS_HEADS.test(next),
    explanation: '表示身份、性质（当作）应作“作为”',
  },
  {
    id: '作好',
    written: '作好',
    replacement: '做好',
    severity: 'warning',
    when: () => true,
    explanation: '“做好”为规范写法（做好准备、做好工作）',
  },
  {
    id: '的+动词',
    written: '的',
    replacement: '地',
    severity: 'warning',
    when: ({ prev, next }) => (PURE_ADVERBS.has(prev) || isAabbAdjective(prev)) && ADVERBIAL_VERBS.has(next),
    plausible: (text, at, end) =>
      ADVERBIAL_VERB_STARTS.has(text[end]) && (endsWithOneOf(PURE_ADVERBS, text, at) || (text[at - 1] === text[at - 2] && text[at - 3] === text[at - 4])),
    explanation: '状语与动词之间用“地”（认认真真地落实、逐步地推进）',
  },
  {
    id: '动词+的+程度',
    written: '的',
    replacement: '得',
    severity: 'warning',
    when: ({ prev, next, nextNext }) => DEGREE_VERBS.has(prev) && DEGREE_ADVERBS.has(next) && !QUANTITIES.test(nextNext),
    plausible: (text, at, end) => DEGREE_ADVERB_STARTS.has(text[end]) && endsWithOneOf(DEGREE_VERBS, text, at),
    explanation: '动词与程度补语之间用“得”（做得很好、落实得非常到位）',
  },
  {
    id: '制订+法规',
    written: '制订',
    replacement: '制定',
    severity: 'warning',
    when: ({ next }) => LAW_NOUNS.test(next),
    explanation: '法律、法规、政策、制度、标准用“制定”；“制订”用于计划、方案',
  },
  {
    id: '反应+问题',
    written: '反应',
    replacement: '反映',
    severity: 'warning',
    when: ({ prev, next }) => REPORTED_NOUNS.has(next) || prev === '如实',
    explanation: '把情况、意见告诉上级用“反映”（反映问题、如实反映）',
  },
  {
    id: '化学+反映',
    written: '反映',
    replacement: '反应',
    severity: 'warning',
    when: ({ prev, next }) => REACTION_KINDS.has(prev) || REACTION_TRAITS.has(next),
    explanation: '对刺激的回应用“反应”（不良反应、反应速度）',
  },
];

const SPACE = /^\s+$/u;
/** A clause ends at sentence punctuation or a line break; no rule looks past it. */
const CLAUSE_BREAK = /[。！？；\n]/u;
/** Context segmented on each side of an occurrence: enough for the words a rule reads. */
const CONTEXT = 24;

/** `createConfusablePairsCheck(rules)`: findings of type `typo`, category `usage`. */
export function createConfusablePairsCheck(rules: readonly UsageRule[] = USAGE_RULES): TextCheck {
  // One pass over the text with a table of first characters finds every candidate of every
  // rule (benchmarks/pipeline.ts: an indexOf loop per rule, and then one regex with an
  // alternation, each cost more than the dictionary scan itself).
  const rulesByFirstUnit = new Map<number, UsageRule[]>();
  const isFirstUnit = new Uint8Array(0x10000);
  for (const rule of rules) {
    const unit = rule.written.charCodeAt(0);
    isFirstUnit[unit] = 1;
    rulesByFirstUnit.set(unit, [...(rulesByFirstUnit.get(unit) ?? []), rule]);
  }
  return {
    type: 'typo',
    run({ text, segmenter }) {
      const findings: Finding[] = [];
      for (let at = 0; at < text.length; at++) {
        const unit = text.charCodeAt(at);
        if (isFirstUnit[unit] === 0) continue;
        for (const rule of rulesByFirstUnit.get(unit) as UsageRule[]) {
          if (!text.startsWith(rule.written, at)) continue;
          const end = at + rule.written.length;
          if (rule.plausible && !rule.plausible(text, at, end)) continue;
          const context = contextAround(text, at, end, segmenter.cut);
          if (!context || !rule.when(context)) continue;
          findings.push({
            type: 'typo',
            category: 'usage',
            severity: rule.severity,
            rule: `typo:usage:${rule.id}`,
            start: at,
            end,
            match: text.slice(at, end),
            suggestions: [rule.replacement],
            message: `“${rule.written}”应为“${rule.replacement}”：${rule.explanation}`,
          });
        }
      }
      findings.sort((a, b) => a.start - b.start || a.end - b.end);
      return findings;
    },
  };
}

/**
 * Segments only the clause around one occurrence (lazily: most text has no candidate) and
 * returns the words around it, or undefined when the written form is not whole words there.
 */
function contextAround(text: string, at: number, end: number, cut: (text: string) => string[]): UsageContext | undefined {
  let clauseStart = at;
  while (clauseStart > Math.max(0, at - CONTEXT) && !CLAUSE_BREAK.test(text[clauseStart - 1])) clauseStart--;
  let clauseEnd = end;
  while (clauseEnd < Math.min(text.length, end + CONTEXT) && !CLAUSE_BREAK.test(text[clauseEnd])) clauseEnd++;
  // Keep the break itself: rules such as 截至+句末 read it as the next word.
  if (clauseEnd < text.length) clauseEnd++;
  const words = cut(text.slice(clauseStart, clauseEnd));
  let first = -1;
  let after = -1;
  let offset = clauseStart;
  for (let i = 0; i <= words.length; i++) {
    if (offset === at) first = i;
    if (offset === end) after = i;
    if (i < words.length) offset += words[i].length;
  }
  if (first < 0 || after < 0) return undefined;
  const wordAfter = (index: number): number => {
    let j = index;
    while (j < words.length && SPACE.test(words[j])) j++;
    return j;
  };
  const nextIndex = wordAfter(after);
  return {
    prev: first > 0 ? words[first - 1] : '',
    next: words[nextIndex] ?? '',
    nextNext: words[wordAfter(nextIndex + 1)] ?? '',
  };
}
