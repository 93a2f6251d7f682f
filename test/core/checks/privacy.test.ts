import t from 'tap';
import { cardScheme, createPrivacyCheck, isCreditCode, isResidentId15, isResidentId18, luhnValid } from '../../../src/core/checks/privacy.js';
import { runCases, type CheckCase } from '../../helpers/check-cases.js';

// Check characters below were computed independently (a few lines of Python over the GB 11643,
// GB 32100 and Luhn definitions), not with the module under test. 11010519491231002X is the
// example printed in GB 11643-1999; 914403001922038216 is a real company's published code.
const cases: CheckCase[] = [
  // Resident IDs.
  { name: 'GB 11643 example ID', text: '身份证号：11010519491231002X，', expect: [{ match: '11010519491231002X', suggestions: ['1101**********002X'], rule: 'privacy:id-number:18', severity: 'error' }] },
  { name: 'ID in a 公示 list', text: '张三 140702199001011231 李四 440306198511110010', expect: [{ match: '140702199001011231', suggestions: ['1407**********1231'] }, { match: '440306198511110010' }] },
  { name: 'ID born on a leap day', text: '510107200002290053', expect: [{ match: '510107200002290053' }] },
  { name: 'ID with lower-case x', text: '证件号11010519491231002x', expect: [{ match: '11010519491231002x' }] },
  { name: 'ID grouped 6-8-4', text: '身份证 110105 19491231 002X 。', expect: [{ match: '110105 19491231 002X', suggestions: ['1101** ******** 002X'] }] },
  { name: 'full-width ID', text: '１４０７０２１９９００１０１１２３１', expect: [{ match: '１４０７０２１９９００１０１１２３１', suggestions: ['１４０７**********１２３１'] }] },
  { name: '15-digit old ID after a label', text: '旧身份证号 140702900101123。', expect: [{ match: '140702900101123', suggestions: ['1407*******1123'], rule: 'privacy:id-number:15' }] },
  { name: '15-digit number without a label', text: '编号140702900101123。', expect: [] },
  { name: 'wrong check digit', text: '140702199001011232', expect: [] },
  { name: 'impossible birth date', text: '140702199002301236，140702190002290000', expect: [] },
  { name: 'unknown province', text: '990702199001011231，200702199001011231', expect: [] },
  { name: '15 digits with an impossible date', text: '140702901301123', expect: [] },
  { name: 'masked IDs', text: '1407**********1231，140702********1231，14070219900101****，1407021990****1231', expect: [] },
  { name: 'ID inside a longer digit run or code', text: '1407021990010112310，A140702199001011231，140702199001011231B', expect: [] },

  // Unified social credit codes: never reported.
  { name: 'credit codes', text: '统一社会信用代码：914403001922038216；91110000802100433B；511100005000000071', expect: [] },
  { name: 'code valid as both, labelled as a credit code', text: '统一社会信用代码：130102198001011013', expect: [] },
  { name: 'code valid as both, unlabelled: an ID', text: '身份证号130102198001011013', expect: [{ match: '130102198001011013' }] },

  // Mobiles.
  { name: 'mobile', text: '联系电话：13800138000。', expect: [{ match: '13800138000', suggestions: ['138****8000'], rule: 'privacy:mobile:cn', severity: 'warning' }] },
  { name: 'mobile with +86 and spaces', text: '电话 +86 138 0013 8000，', expect: [{ match: '+86 138 0013 8000', suggestions: ['+86 138 **** 8000'] }] },
  { name: 'mobile with dashes and (+86)', text: '(+86)139-1234-5678；8613912345678', expect: [{ match: '(+86)139-1234-5678', suggestions: ['(+86)139-****-5678'] }] },
  { name: 'two mobiles separated by a space', text: '13800138000 15912345678', expect: [{ match: '13800138000' }, { match: '15912345678' }] },
  { name: 'masked mobiles', text: '138****8000，138 **** 8000，1380013****', expect: [] },
  { name: 'not mobile prefixes', text: '12012345678，14012345678，10012345678', expect: [] },
  { name: 'mobile shape inside longer runs', text: '213800138000，138001380001，138-0013-8000-1，0351-13800138000', expect: [] },
  { name: 'landlines, hotlines, 400/800', text: '0351-1234567，(0354)3022345，12345，12345-1，95598，400-123-4567，800-820-8820，4001234567', expect: [] },
  { name: 'mixed separators are not one number', text: '138-0013 8000', expect: [] },

  // Bank cards.
  { name: 'UnionPay 19 digits', text: '卡号6222021234567890128，', expect: [{ match: '6222021234567890128', suggestions: ['6222***********0128'], rule: 'privacy:bank-card:unionpay', severity: 'error' }] },
  { name: 'UnionPay 16 digits grouped', text: '账号：6217 0012 3456 7893。', expect: [{ match: '6217 0012 3456 7893', suggestions: ['6217 **** **** 7893'] }] },
  { name: 'Visa and Mastercard', text: '4111111111111111 与 5454-5454-5454-5454', expect: [{ match: '4111111111111111', rule: 'privacy:bank-card:visa' }, { match: '5454-5454-5454-5454', rule: 'privacy:bank-card:mastercard' }] },
  { name: 'Luhn failure (order number)', text: '订单号6222021234567890127，流水号4111111111111112', expect: [] },
  { name: 'no card prefix', text: '1234567812345670，7000000000000007', expect: [] },
  { name: 'masked cards', text: '6222 **** **** 0128，6222***********0128，622202******0128', expect: [] },
  { name: 'five groups are not a card', text: '6217 0012 3456 7893 1234', expect: [] },
  { name: 'an organisation account published for payments', text: '收款单位：晋中市财政局，开户银行：工商银行，收款账户：6222021234567890128', expect: [] },

  // Ordinary numbers.
  { name: 'dates, amounts, document numbers', text: '2024年3月5日，金额12345678.90元，晋政发〔2024〕12号，邮编030600，20240305123456', expect: [] },
];

runCases(t, createPrivacyCheck(), cases);

t.test('codes and severities', async (t) => {
  const check = createPrivacyCheck({ severity: { mobile: 'error', 'id-number': 'critical' } });
  const segmenter = { cut: (s: string) => [s] };
  const findings = check.run({ text: '13800138000 11010519491231002X 6222021234567890128', segmenter });
  t.same(
    findings.map((f) => [f.code, f.category, f.severity]),
    [
      ['privacy.mobile', 'mobile', 'error'],
      ['privacy.id-number', 'id-number', 'critical'],
      ['privacy.bank-card', 'bank-card', 'error'],
    ],
  );
  for (const f of findings) t.notOk(f.message.includes(f.match), 'the message does not repeat the number');
});

t.test('validators', async (t) => {
  t.ok(isResidentId18('11010519491231002X'));
  t.notOk(isResidentId18('110105194912310021'));
  t.notOk(isResidentId18('110105189912310028'), 'born before 1900');
  t.ok(isResidentId15('110105491231002'));
  t.notOk(isResidentId15('110105491331002'));
  t.ok(isCreditCode('914403001922038216'));
  t.ok(isCreditCode('91110000802100433b'), 'case-insensitive');
  t.notOk(isCreditCode('914403001922038217'));
  t.notOk(isCreditCode('91440300192203821I'), 'I is not in the alphabet');
  t.ok(luhnValid('79927398713'));
  t.notOk(luhnValid('79927398710'));
  t.equal(cardScheme('6222021234567890128'), 'unionpay');
  t.equal(cardScheme('411111111111111'), undefined, '15 digits');
  t.equal(cardScheme('2221000000000009'), 'mastercard');
});
