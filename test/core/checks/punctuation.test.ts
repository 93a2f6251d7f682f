import t from 'tap';
import { createPunctuationCheck } from '../../../src/core/checks/punctuation.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

const cases: CheckCase[] = [
  // Pairing.
  { name: 'balanced pairs', text: '根据《政府网站发展指引》（2017年）“四统一”【要求】‘单引号’。', expect: [] },
  { name: 'nested quotes, alternating', text: '他说：“这是‘集约化’平台。”', expect: [] },
  { name: 'nested quotes, same kind', text: '见第 1.3 节“我想面向一个“垂直市场”发布一个发行版，我该怎么做？”获得更多信息。', expect: [] },
  { name: 'unclosed book title', text: '印发《关于加强政府网站建设的通知，要求各地落实。', expect: [{ match: '《', suggestions: [], rule: 'punctuation:unpaired' }] },
  { name: 'stray closing bracket', text: '11个县区、市）政府门户网站。', expect: [{ match: '）', rule: 'punctuation:unpaired' }] },
  { name: 'crossing pairs', text: '学习“《条例》”和“《办法”》。', expect: [{ match: '《办法”》', rule: 'punctuation:misnested' }] },
  { name: 'opener left open inside a closed quote', text: '学习“《条例”。\n下一段。', expect: [{ match: '《', rule: 'punctuation:unpaired' }] },
  { name: 'closing quote typed as opening', text: '“互联网+“背景下政府的管理能力明显提升。', expect: [{ match: '“', nth: 1, suggestions: ['”'], rule: 'punctuation:quote-direction' }] },
  { name: 'opening quote typed as closing', text: '树立”政府网站是第一平台”的理念。', expect: [{ match: '”', suggestions: ['“'], rule: 'punctuation:quote-direction' }] },
  { name: 'both quotes reversed', text: '请参见 ”/init“ 脚本。', expect: [{ match: '”/init“', suggestions: ['“/init”'], rule: 'punctuation:quote-direction' }] },
  { name: 'quote across paragraphs', text: '他说：“第一段。\n第二段。”\n结束。', expect: [] },
  { name: 'quote repeated at each paragraph start', text: '“第一段。\n“第二段。\n“第三段。”', expect: [] },
  { name: 'bracket across hard-wrapped lines', text: '自由软件基金会（Free Software\n    Foundation）核准。', expect: [] },
  { name: 'enumeration markers', text: '1）摸清底数；2）开展整合；\na）一是；十）十是', expect: [] },
  { name: 'apostrophe', text: '参见 Debian’s FAQ 和 ‘stable’。', expect: [] },
  { name: 'unclosed at end of text', text: '第一段“没有关闭。\n第二段。', expect: [{ match: '“', rule: 'punctuation:unpaired' }] },

  // Doubled marks.
  { name: 'doubled comma', text: '晋中市，，持续推进。', expect: [{ match: '，，', suggestions: ['，'], rule: 'punctuation:doubled', severity: 'warning' }] },
  { name: 'doubled full stop', text: '完成建设。。下一步', expect: [{ match: '。。', suggestions: ['。'] }] },
  { name: 'doubled exclamation is only info', text: '太好了！！', expect: [{ match: '！！', severity: 'info' }] },

  // ASCII marks between Chinese characters.
  { name: 'ASCII comma', text: '政务公开,政务服务', expect: [{ match: ',', suggestions: ['，'], rule: 'punctuation:ascii' }] },
  { name: 'ASCII comma and space', text: '政务公开, 政务服务', expect: [{ match: ', ', suggestions: ['，'] }] },
  { name: 'ASCII colon and semicolon', text: '要求:一是;二是', expect: [{ match: ':', suggestions: ['：'] }, { match: ';', suggestions: ['；'] }] },
  { name: 'ASCII question mark', text: '怎么办?请看', expect: [{ match: '?', suggestions: ['？'] }] },
  { name: 'ASCII period after a Chinese ordinal', text: '一.总则\n十二.附则', expect: [{ match: '.', suggestions: ['、'] }, { match: '.', nth: 1, suggestions: ['、'] }] },
  { name: 'decimal point', text: '整合率达到76.5%，圆周率3.14。', expect: [] },
  { name: 'URL and email', text: '访问www.gov.cn或写信至admin@gov.cn，网址http://example.org/a.html。', expect: [] },
  { name: 'time of day', text: '会议于10:30开始，9:00签到。', expect: [] },
  { name: 'numbered list', text: '1.摸清底数\n2.开展整合', expect: [] },
  { name: 'ASCII comma in English', text: 'Debian, Linux 和 GNU', expect: [] },
  { name: 'ASCII mark after Chinese, before Latin', text: '版本号:11.0', expect: [] },

  // Ellipsis.
  { name: 'three full stops', text: '等等。。。还有', expect: [{ match: '。。。', suggestions: ['……'], rule: 'punctuation:ellipsis' }] },
  { name: 'ASCII dots after Chinese', text: '网站、栏目...都要', expect: [{ match: '...', suggestions: ['……'] }] },
  { name: 'single ellipsis character', text: '网站、栏目…都要', expect: [{ match: '…', suggestions: ['……'] }] },
  { name: 'correct ellipsis', text: '网站、栏目……都要', expect: [] },
  { name: 'dots in code', text: 'apt-get install ... 或 ls ..', expect: [] },

  // Spaces before Chinese punctuation.
  { name: 'space before comma', text: '晋中市 ，持续推进', expect: [{ match: ' ', suggestions: [''], rule: 'punctuation:space', severity: 'warning' }] },
  { name: 'ideographic space before full stop', text: '完成建设\u3000。', expect: [{ match: '\u3000', suggestions: [''] }] },
  { name: 'space after a URL is only info', text: '参见 https://www.debian.org/ 。', expect: [{ match: ' ', nth: 1, severity: 'info' }] },
  { name: 'indentation before punctuation', text: '源代码\n\u00a0\u00a0\u00a0 ，编译', expect: [] },
  { name: 'space before opening bracket', text: 'Debian （FAQ）', expect: [] },
];

runCases(t, createPunctuationCheck(), cases);
