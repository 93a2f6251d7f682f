import t from 'tap';
import { createConfusablePairsCheck } from '../../../src/core/checks/confusable-pairs.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const cases: CheckCase[] = [
  // 截止 / 截至.
  { name: '截止目前', text: '截止目前，已完成36个网站的集约化建设。', expect: [{ match: '截止', suggestions: ['截至'], rule: 'typo:usage:截止+时间', severity: 'error' }] },
  { name: '截止 + year', text: '截止2024年底，全市共有网站51个。', expect: [{ match: '截止', suggestions: ['截至'] }] },
  { name: '截止 + 发稿时', text: '截止记者发稿时，尚无伤亡报告。', expect: [{ match: '截止', suggestions: ['截至'] }] },
  { name: '截至 at clause end', text: '报名于3月5日截至。', expect: [{ match: '截至', suggestions: ['截止'], rule: 'typo:usage:截至+句末' }] },
  { name: '截至日期', text: '申报截至日期为3月5日', expect: [{ match: '截至', suggestions: ['截止'], rule: 'typo:usage:截至+日期' }] },
  { name: 'right uses of 截止 and 截至', text: '报名截止。报名截止时间为3月5日，截止日期前提交，报名截止前，截止到目前，截至目前，截至2024年底', expect: [] },

  // 做 / 作.
  { name: '做为一名党员', text: '做为一名党员，要带头。', expect: [{ match: '做为', suggestions: ['作为'] }] },
  { name: '把……做为重点', text: '把安全做为重点工作', expect: [{ match: '做为', suggestions: ['作为'] }] },
  { name: '作好', text: '作好各项准备工作', expect: [{ match: '作好', suggestions: ['做好'] }] },
  { name: 'right uses of 做 and 作', text: '作为一名党员，做为人民服务的事，做好准备，作出决定', expect: [] },

  // 的 / 地 / 得.
  { name: 'doubled adjective + 的 + verb', text: '认认真真的落实文件', expect: [{ match: '的', suggestions: ['地'], rule: 'typo:usage:的+动词' }] },
  { name: 'pure adverb + 的 + verb', text: '逐步的推进集约化', expect: [{ match: '的', suggestions: ['地'] }] },
  { name: 'verb + 的 + degree adverb', text: '这项工作落实的非常到位', expect: [{ match: '的', suggestions: ['得'], rule: 'typo:usage:动词+的+程度' }] },
  { name: 'right uses of 的', text: '深深的思念，高高兴兴的样子，认真的态度，我们做的很多工作，做的非常多，他说的很对，好好的一个人', expect: [] },
  { name: 'reduplicated nouns take 的', text: '方方面面的工作，妈妈的工作，大大小小的会议，新来的很年轻，认认真真的工作', expect: [] },

  // 制定 / 制订, 反映 / 反应.
  { name: '制订法律法规', text: '制订法律法规', expect: [{ match: '制订', suggestions: ['制定'] }] },
  { name: '制订 a plan is fine, so is 制定', text: '制订计划，制定计划，制订工作方案，制定规划', expect: [] },
  { name: '反应问题', text: '向有关部门反应问题', expect: [{ match: '反应', suggestions: ['反映'] }] },
  { name: '如实反应', text: '如实反应', expect: [{ match: '反应', suggestions: ['反映'] }] },
  { name: '不良反映', text: '出现不良反映', expect: [{ match: '反映', suggestions: ['反应'] }] },
  { name: '反映速度', text: '反映速度很快', expect: [{ match: '反映', suggestions: ['反应'] }] },
  { name: 'right uses of 反映 and 反应', text: '反映问题，群众反映强烈，市场反应，化学反应', expect: [] },
];

runCases(t, createConfusablePairsCheck(), cases);
