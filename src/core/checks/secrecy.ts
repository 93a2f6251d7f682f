import type { Finding, Severity } from '../types.js';
import type { TextCheck } from './check.js';

/**
 * Classification markings in published text: a page that carries one leaked a classified or
 * internal document, which is a single-veto item of the government-website inspection.
 *
 * What counts as a marking (GB/T 9704-2012 公文格式, 密级和保密期限: "秘密★1年"):
 * - a level with the star, with or without a period: 绝密★, 机密★一年, 秘密★10年, 机密★长期;
 * - a level alone on its line (the top-left corner of a document);
 * - a 密级 field naming a level or 内部 (密级：秘密);
 * - 内部资料 注意保密 / 内部资料，请勿外传;
 * - 不得外传 (请勿, 严禁, 禁止) as a notice: on its own line, in brackets, or said of this
 *   material (本材料, 此件, 内部...). A rule in prose (涉密载体一律不得外传) is not a marking.
 *
 * The words themselves are not markings: 商业秘密, 保守国家秘密, 机密文件 in a sentence.
 * 绝密★启用前 is what exam papers carry until the exam starts; published afterwards it is
 * declassified, so it is reported as a warning rather than critical.
 */

export interface SecrecyCheckOptions {
  /** Severity of a marking; default `critical`. */
  severity?: Severity;
}

const SP = '[ \\u3000]*';
const LEVEL = '(绝密|机密|秘密)';
const PERIOD = `(?:${SP}(?:长期|启用前|[\\d０-９]{1,2}${SP}(?:年|个月)|[一二三四五六七八九十]{1,3}${SP}(?:年|个月)))?`;
const STAR_RE = new RegExp(`${LEVEL}${SP}[★☆*＊]${PERIOD}`, 'gu');
const LINE_RE = new RegExp(`^${SP}${LEVEL}${SP}$`, 'gmu');
const FIELD_RE = new RegExp(`密${SP}级${SP}[：:]${SP}(绝密|机密|秘密|内部)`, 'gu');
const INTERNAL_RE = new RegExp(`内部资料${SP}[，,、；;]?${SP}(?:注意保密|请勿外传|不得外传|严禁外传|禁止外传)`, 'gu');
const OUTWARD_RE = /(?:不得|请勿|严禁|禁止)外传/gu;
/** The clause before 不得外传 says it of this material (or of internal material). */
const NOTICE_SUBJECT = /^[ \u3000]*[（(【[]?[ \u3000]*(?:本|此|该|内部|仅供)/u;

export function createSecrecyCheck(options: SecrecyCheckOptions = {}): TextCheck {
  const severity = options.severity ?? 'critical';
  return {
    type: 'secrecy',
    run({ text }) {
      // Cheap exit: every marking contains 密 or 外传.
      if (!text.includes('密') && !text.includes('外传')) return [];
      const findings: Finding[] = [];
      const taken: Array<[number, number]> = [];
      const add = (start: number, end: number, rule: string, message: string, level: Severity = severity): void => {
        if (taken.some(([s, e]) => start < e && s < end)) return;
        taken.push([start, end]);
        findings.push({
          type: 'secrecy',
          category: 'marking',
          code: 'secrecy.marking',
          severity: level,
          rule: `secrecy:${rule}`,
          start,
          end,
          match: text.slice(start, end),
          suggestions: [],
          message,
        });
      };
      for (const m of text.matchAll(FIELD_RE)) {
        add(m.index, m.index + m[0].length, 'field', `密级标注“${m[1]}”：涉密或内部文件不得在网站公开发布，请撤下并按保密规定处理`);
      }
      for (const m of text.matchAll(STAR_RE)) {
        const exam = m[0].endsWith('启用前');
        add(
          m.index,
          m.index + m[0].length,
          exam ? 'exam' : 'star',
          exam
            ? '“绝密★启用前”是考试试卷的密级标志：考试开始前属国家秘密，考后公开前请确认已解密'
            : `密级标志“${m[0]}”：涉密文件不得在网站公开发布，请撤下并按保密规定处理`,
          exam ? 'warning' : severity,
        );
      }
      for (const m of text.matchAll(LINE_RE)) {
        const start = m.index + m[0].indexOf(m[1]);
        add(start, start + m[1].length, 'line', `单独成行的密级“${m[1]}”：疑为涉密文件的密级标志，请核实后撤下`);
      }
      for (const m of text.matchAll(INTERNAL_RE)) {
        add(m.index, m.index + m[0].length, 'internal', '“内部资料”保密提示：内部资料不应在网站公开发布，请核实后撤下');
      }
      for (const m of text.matchAll(OUTWARD_RE)) {
        if (!isNotice(text, m.index, m.index + m[0].length)) continue;
        add(m.index, m.index + m[0].length, 'no-distribution', `“${m[0]}”提示：标明不得外传的材料不应在网站公开发布，请核实后撤下`);
      }
      findings.sort((a, b) => a.start - b.start);
      return findings;
    },
  };
}

/** 不得外传 as a notice on the material: its own line, in brackets, or after 本/此/内部... in its clause. */
function isNotice(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndAt = text.indexOf('\n', end);
  const line = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt).trim();
  if (line.replace(/[（）()【】[\]，,。！!、\s]/gu, '').length <= 8) return true;
  const before = text.slice(Math.max(lineStart, start - 24), start);
  const stop = Math.max(...['。', '；', '！', '？', ';'].map((p) => before.lastIndexOf(p)));
  // A window cut mid-sentence does not show where the sentence starts.
  const sentence = stop < 0 && start - 24 > lineStart ? '' : before.slice(stop + 1);
  const clause = sentence.slice(Math.max(sentence.lastIndexOf('，'), sentence.lastIndexOf(',')) + 1);
  return NOTICE_SUBJECT.test(sentence) || /[（(【[][^）)】\]]{0,10}$/u.test(clause);
}
