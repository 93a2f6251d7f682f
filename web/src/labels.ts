/** Chinese names for what the API returns; unknown values fall back to the raw string. */

export const TYPE_ORDER = ['sensitive', 'secrecy', 'privacy', 'name', 'typo', 'normative', 'punctuation', 'repetition', 'date', 'compliance', 'link'] as const;

export const TYPE_LABELS: Record<string, string> = {
  sensitive: '敏感词',
  name: '名称错误',
  typo: '错别字',
  normative: '规范表述',
  punctuation: '标点',
  repetition: '重复',
  date: '日期',
  privacy: '个人信息',
  secrecy: '涉密',
  compliance: '页面规范',
  link: '链接',
};

export const SEVERITY_ORDER = ['critical', 'error', 'warning', 'info'] as const;

export const SEVERITY_LABELS: Record<string, string> = {
  critical: '严重',
  error: '错误',
  warning: '警告',
  info: '提示',
};

export const VERDICT_LABELS: Record<string, string> = {
  pass: '通过',
  review: '需复核',
  block: '不宜发布',
};

export const VERDICT_HINTS: Record<string, string> = {
  pass: '未发现需要处理的问题',
  review: '有问题需要人工复核',
  block: '有严重问题，修改后才能发布',
};

/** One-line explanations of each type, shown on the card above the finding's own message. */
export const TYPE_EXPLANATIONS: Record<string, string> = {
  sensitive: '命中敏感词库，发布前必须处理。',
  name: '与登记的机构名称或领导人姓名、职务不一致。',
  typo: '疑似错别字。',
  normative: '不符合规范用语（新华社禁用词、异形词、广告法等）。',
  punctuation: '标点符号使用不规范。',
  repetition: '疑似误输入的重复字词。',
  date: '日期或星期有误。',
  privacy: '疑似公开了个人信息（身份证号、手机号等）。',
  secrecy: '疑似涉密标识或内容，发布前须核实。',
  compliance: '不符合政府网站页面规范。',
  link: '链接有问题（失效、跳转或不安全）。',
};

export const CATEGORY_LABELS: Record<string, string> = {
  gambling: '赌博',
  drugs: '毒品',
  pornography: '色情',
  fraud: '诈骗与违法广告',
  violence: '暴力恐怖',
  terrorism: '暴力恐怖',
  cult: '邪教',
  cults: '邪教',
  separatism: '分裂',
  profanity: '粗俗用语',
  context: '上下文',
  variant: '异形词',
};

export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type;
}

export function severityLabel(severity: string): string {
  return SEVERITY_LABELS[severity] ?? severity;
}

export function categoryLabel(category: string): string {
  const label = CATEGORY_LABELS[category];
  return label ? `${label}（${category}）` : category;
}
