import { SEVERITY_RANK, type Finding, type Severity } from '../types.js';

/**
 * Reporting context of sensitive terms (CHECKS.md "Sensitive terms in context"). Government
 * news names what it opposes: 坚决打击“台独”分裂势力, 反对“藏独”的立场, 依法取缔邪教组织.
 * A sensitive finding governed by an opposing or enforcing predicate earlier in the same clause
 * is still reported, but lowered to its category's floor (default `info`) with the reason, so a
 * verdict on severity stays pass; the same term without such a predicate keeps its severity.
 */
export interface SensitiveContextOptions {
  /** false: report every sensitive term at its own severity. Default true. */
  enabled?: boolean;
  /** Predicates that govern a following term; replaces the defaults. */
  predicates?: readonly string[];
  /**
   * The lowest severity a governed term of a category gets (default `info` for every category but
   * profanity, which no context excuses). A floor at or above the term's severity leaves it as it is.
   */
  floors?: Readonly<Record<string, Severity>>;
  /** At most this many characters between the predicate and the term (default 16). */
  window?: number;
}

/**
 * Verbs by which official prose opposes, prohibits, fights or investigates something. Compiled
 * from the wording of public-security, court and propaganda reports (打击/取缔/查处/严禁 ...);
 * two characters or more, so that a stray character cannot govern a term.
 */
export const OPPOSING_PREDICATES: readonly string[] = [
  '反对', '打击', '严打', '取缔', '查处', '查获', '查禁', '查封', '严禁', '禁止', '抵制', '防范', '揭批', '揭露', '批判', '声讨',
  '谴责', '整治', '惩治', '惩处', '严惩', '遏制', '铲除', '清除', '扫除', '摧毁', '粉碎', '杜绝', '远离', '拒绝', '举报', '侦破',
  '破获', '捣毁', '抓获', '依法处理', '坚决反对', '严厉打击', '专项整治', '治理', '清理', '警惕', '识破', '戒除', '打掉', '封堵',
  '屏蔽', '删除', '涉嫌', '以防', '不得', '严防',
];

/** Floors of the categories that keep their severity whatever the context. */
const DEFAULT_FLOORS: Readonly<Record<string, Severity>> = { profanity: 'critical' };
/** Negations right before a predicate undo it (不反对, 未查处). */
const NEGATIONS = '不没未别勿莫非';
/** What ends a clause for this purpose; 、 and quotation marks do not (打击赌博、吸毒 / 打击“台独”). */
const CLAUSE_END = new Set([...'。！？；，\n!?;']);
const DEFAULT_WINDOW = 16;

export class SensitiveContext {
  private readonly predicates: Set<string>;
  private readonly lengths: number[];
  private readonly floors: Readonly<Record<string, Severity>>;
  private readonly window: number;
  readonly enabled: boolean;

  constructor(options: SensitiveContextOptions = {}) {
    this.enabled = options.enabled !== false;
    this.predicates = new Set((options.predicates ?? OPPOSING_PREDICATES).filter((p) => p.length >= 2));
    this.lengths = [...new Set([...this.predicates].map((p) => p.length))].sort((a, b) => b - a);
    this.floors = { ...DEFAULT_FLOORS, ...options.floors };
    this.window = options.window ?? DEFAULT_WINDOW;
  }

  /** The predicate governing text[start...] from earlier in its clause, if any. */
  governing(text: string, start: number): string | undefined {
    for (let end = start; end >= Math.max(0, start - this.window); end--) {
      for (const length of this.lengths) {
        const from = end - length;
        if (from < 0 || !this.predicates.has(text.slice(from, end))) continue;
        if (from > 0 && NEGATIONS.includes(text[from - 1]!)) return undefined;
        return text.slice(from, end);
      }
      if (end > 0 && CLAUSE_END.has(text[end - 1]!)) return undefined;
    }
    return undefined;
  }

  /** Lowers governed sensitive findings in place to their category's floor. */
  apply(findings: Finding[], text: string, explain: boolean): void {
    if (!this.enabled) return;
    for (const finding of findings) {
      if (finding.type !== 'sensitive') continue;
      const floor = this.floors[finding.category] ?? 'info';
      if (SEVERITY_RANK[floor] >= SEVERITY_RANK[finding.severity]) continue;
      const predicate = this.governing(text, finding.start);
      if (predicate === undefined) continue;
      const was = finding.severity;
      finding.severity = floor;
      finding.message += `（出现在“${predicate}”之后，属批判或执法语境，仅供参考）`;
      if (explain) finding.explain = `${finding.explain ?? ''}; governed by '${predicate}': ${was} lowered to ${floor}`;
    }
  }
}

const DEFAULT_CONTEXT = new SensitiveContext();

/** The rules for one check() call: the shared defaults unless options are given. */
export function sensitiveContextOf(options: SensitiveContextOptions | undefined): SensitiveContext {
  return options === undefined ? DEFAULT_CONTEXT : new SensitiveContext(options);
}

/**
 * Reads the plain-text form of the options (dictionaries/sensitive-context.txt): `#` comments,
 * one predicate per line, `floor<TAB>category<TAB>severity`, `window<TAB>n`, `enabled<TAB>false`.
 * Predicates listed in a file replace the defaults. Throws `Error('line N: ...')` on a bad line.
 */
export function parseSensitiveContext(content: string): SensitiveContextOptions {
  const predicates: string[] = [];
  const floors: Record<string, Severity> = {};
  const options: SensitiveContextOptions = {};
  content.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split('\t').map((field) => field.trim());
    const fail = (what: string): never => {
      throw new Error(`line ${index + 1}: ${what}`);
    };
    if (fields[0] === 'floor') {
      const [, category, severity] = fields;
      if (!category || !severity || !(severity in SEVERITY_RANK)) fail(`expected 'floor<TAB>category<TAB>info|warning|error|critical'`);
      floors[category!] = severity as Severity;
    } else if (fields[0] === 'window') {
      const n = Number(fields[1]);
      if (!Number.isInteger(n) || n < 0) fail(`expected 'window<TAB>non-negative integer'`);
      options.window = n;
    } else if (fields[0] === 'enabled') {
      if (fields[1] !== 'true' && fields[1] !== 'false') fail(`expected 'enabled<TAB>true|false'`);
      options.enabled = fields[1] === 'true';
    } else {
      if (fields.length !== 1 || [...line].length < 2) fail(`a predicate is one word of two or more characters`);
      predicates.push(line);
    }
  });
  if (predicates.length > 0) options.predicates = predicates;
  if (Object.keys(floors).length > 0) options.floors = floors;
  return options;
}
