import t from 'tap';
import { createDateCheck, parseSmallNumber } from '../../../src/core/checks/date.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const cases: CheckCase[] = [
  // Impossible dates.
  { name: '2月30日', text: '定于2月30日召开', expect: [{ match: '2月30日', suggestions: [], rule: 'date:impossible', severity: 'error' }] },
  { name: '13月', text: '计划于2024年13月完成', expect: [{ match: '2024年13月', rule: 'date:impossible' }] },
  { name: 'bare 13月', text: '13月底前完成', expect: [{ match: '13月' }] },
  { name: '31 in a 30-day month', text: '截至4月31日', expect: [{ match: '4月31日' }] },
  { name: '29 February in a common year', text: '2023年2月29日发布', expect: [{ match: '2023年2月29日' }] },
  { name: '29 February in 1900', text: '1900年2月29日', expect: [{ match: '1900年2月29日' }] },
  { name: 'spaces inside the date', text: '2023 年 2 月 29 日', expect: [{ match: '2023 年 2 月 29 日' }] },
  { name: 'Chinese numerals', text: '二〇二三年二月二十九日', expect: [{ match: '二〇二三年二月二十九日' }] },
  { name: 'Chinese numerals without year', text: '二月三十日', expect: [{ match: '二月三十日' }] },
  { name: 'second end of a range', text: '4月28日至31日举办', expect: [{ match: '31日' }] },
  { name: 'range across months', text: '2月27日至2月30日', expect: [{ match: '2月30日' }] },
  { name: 'ISO style', text: '发布日期：2023-02-29', expect: [{ match: '2023-02-29' }] },

  // Weekdays.
  { name: 'wrong weekday', text: '2024年3月5日（星期三）召开', expect: [{ match: '星期三', suggestions: ['星期二'], rule: 'date:weekday', severity: 'error' }] },
  { name: 'wrong weekday with 周 and half-width brackets', text: '2024年3月5日(周一)', expect: [{ match: '周一', suggestions: ['周二'] }] },
  { name: 'wrong weekday without brackets', text: '2024年3月10日礼拜六', expect: [{ match: '礼拜六', suggestions: ['礼拜日'] }] },
  { name: 'Sunday', text: '2024年3月10日星期五', expect: [{ match: '星期五', suggestions: ['星期日'] }] },
  { name: 'weekday in Chinese-numeral date', text: '二〇二四年三月五日星期三', expect: [{ match: '星期三', suggestions: ['星期二'] }] },
  { name: 'weekdays on both ends of a range', text: '2024年3月5日（周二）至7日（周五）', expect: [{ match: '周五', suggestions: ['周四'] }] },
  { name: 'ISO date with weekday', text: '2025-01-01（星期一）', expect: [{ match: '星期一', suggestions: ['星期三'] }] },

  // Correct dates and things that are not dates.
  { name: 'correct weekday', text: '2024年3月5日（星期二）、2024年3月10日（星期天）、2024年3月10日周日', expect: [] },
  { name: 'leap day', text: '2024年2月29日，2000年2月29日，2月29日', expect: [] },
  { name: 'range written correctly', text: '2024年3月5日至7日（星期四），3月5—7日，3月30日至4月2日', expect: [] },
  { name: 'months that are not dates', text: '6-36月龄婴幼儿，发放13月薪，第13月，九十月份，3个月', expect: [] },
  { name: 'weekday words that are not weekdays', text: '2024年3月5日周边地区，3月5日一周内', expect: [] },
  { name: 'lunar date', text: '农历二月三十，农历2月30日', expect: [] },
  { name: 'version numbers and paths', text: 'Debian 11.0 于 2021年8月14日发布，路径 /2024/13/05/，版本 1.2.3', expect: [] },
  { name: 'codes shaped like ISO dates', text: '编号2023-12-45，区号0351-2023-1', expect: [] },
  { name: 'day without a year keeps quiet about weekday', text: '3月5日（星期三）', expect: [] },
];

runCases(t, createDateCheck(), cases);

t.test('parseSmallNumber', async (t) => {
  const table: Array<[string, number]> = [['五', 5], ['十', 10], ['十二', 12], ['二十', 20], ['三十一', 31], ['１２', 12], ['07', 7]];
  for (const [s, n] of table) t.equal(parseSmallNumber(s), n, s);
  for (const s of ['一二', '十十', '二十三十', '零']) t.ok(Number.isNaN(parseSmallNumber(s)), `${s} is not a day or month number`);
});
