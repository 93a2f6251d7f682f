import t from 'tap';
import { createSecrecyCheck } from '../../../src/core/checks/secrecy.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const cases: CheckCase[] = [
  // Markings.
  { name: 'level with star', text: '机密★\n关于开展专项整治的通知', expect: [{ match: '机密★', rule: 'secrecy:star', severity: 'critical' }] },
  { name: 'level with star and period', text: '秘密★一年 绝密★10年 机密★长期 秘密★6个月', expect: [{ match: '秘密★一年' }, { match: '绝密★10年' }, { match: '机密★长期' }, { match: '秘密★6个月' }] },
  { name: 'spaces, hollow and ASCII stars', text: '秘密 ★ 1 年；机密☆；绝密*二十年', expect: [{ match: '秘密 ★ 1 年' }, { match: '机密☆' }, { match: '绝密*二十年' }] },
  { name: 'level alone on its line', text: '秘密\n晋中市人民政府文件\n 机密 \n', expect: [{ match: '秘密', rule: 'secrecy:line' }, { match: '机密' }] },
  { name: '密级 fields', text: '密级：秘密  密 级: 机密  密级：内部', expect: [{ match: '密级：秘密', rule: 'secrecy:field' }, { match: '密 级: 机密' }, { match: '密级：内部' }] },
  { name: '内部资料 注意保密', text: '内部资料 注意保密；内部资料，请勿外传', expect: [{ match: '内部资料 注意保密', rule: 'secrecy:internal' }, { match: '内部资料，请勿外传' }] },
  { name: '不得外传 as a notice', text: '（不得外传）\n本材料不得外传。\n此件仅供参阅，严禁外传', expect: [{ match: '不得外传', rule: 'secrecy:no-distribution' }, { match: '不得外传', nth: 1 }, { match: '严禁外传' }] },
  { name: '不得外传 on its own line', text: '会议纪要\n不得外传\n一、会议议定事项', expect: [{ match: '不得外传' }] },
  { name: 'exam papers', text: '绝密★启用前\n2024年普通高等学校招生全国统一考试', expect: [{ match: '绝密★启用前', rule: 'secrecy:exam', severity: 'warning' }] },

  // The words in prose.
  {
    name: 'ordinary uses of 秘密 and 机密',
    text: '依法保护商业秘密，保守国家秘密是公民的义务。机密文件应当存放在保密柜中，秘密级事项按规定管理，不得泄露工作秘密。',
    expect: [],
  },
  { name: 'secrecy rules in prose', text: '涉密载体一律不得外传，严禁在互联网上存储、处理涉密信息。各单位要加强保密工作，确保内部资料的管理。', expect: [] },
  { name: '密级 in prose and 公开', text: '要准确确定密级，密级：公开，文件密级为无', expect: [] },
  { name: 'star ratings and other stars', text: '★★★★★ 五星级服务 ★重要通知★', expect: [] },
];

runCases(t, createSecrecyCheck(), cases);

t.test('code and severity', async (t) => {
  const findings = createSecrecyCheck({ severity: 'error' }).run({ text: '秘密★一年', segmenter: { cut: (s) => [s] } });
  t.same(findings.map((f) => [f.type, f.code, f.category, f.severity]), [['secrecy', 'secrecy.marking', 'marking', 'error']]);
});
