/** The page's only contact with the service: the public HTTP API, same origin. */

export interface Finding {
  type: string;
  category: string;
  severity: 'info' | 'warning' | 'error' | 'critical';
  rule: string;
  code: string;
  start: number;
  end: number;
  match: string;
  suggestions: string[];
  message: string;
  confidence?: number;
}

export type Verdict = 'pass' | 'review' | 'block';

export interface CheckResponse {
  verdict: Verdict;
  findings: Finding[];
  stats: { chars: number; elapsedMs: number; dictionaryVersion: string; cached: boolean };
}

export interface Limits {
  bodyLimit: number;
}

export interface Choice {
  value: string;
  label: string;
}

/** Key for services that require one (CHECK_REQUIRES_KEY): sent as `X-API-Key`. */
let apiKey: string | undefined;

export function setApiKey(key: string | undefined): void {
  apiKey = key === '' ? undefined : key;
}

function authHeaders(): Record<string, string> {
  return apiKey === undefined ? {} : { 'x-api-key': apiKey };
}

/** What went wrong, in words an editor understands; `code` is the API's when it sent one. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly kind: 'offline' | 'too-large' | 'overloaded' | 'unauthorized' | 'rejected' | 'server',
    readonly code?: string,
  ) {
    super(message);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
export { formatBytes };

/** Bytes the check request for `text` will take: the body limit applies to these. */
export function requestBytes(text: string, extra: Record<string, string> = {}): number {
  return new TextEncoder().encode(JSON.stringify({ text, ...extra })).length;
}

export async function check(text: string, options: { profile?: string; site?: string }, signal: AbortSignal, limits?: Limits): Promise<CheckResponse> {
  const body: Record<string, string> = { text };
  if (options.profile) body.profile = options.profile;
  if (options.site) body.site = options.site;
  let response: Response;
  try {
    response = await fetch('/v1/check', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders() },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CheckFailure('无法连接校对服务：服务可能已停止或网络中断。草稿已保存在本机浏览器中，恢复后会自动重新检查。', 'offline');
  }
  if (response.ok) return (await response.json()) as CheckResponse;
  let code: string | undefined;
  let apiMessage = '';
  try {
    const parsed = (await response.json()) as { error?: { code?: string; message?: string } };
    code = parsed.error?.code;
    apiMessage = parsed.error?.message ?? '';
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  const detail = apiMessage ? `（服务返回：${code ?? response.status} ${apiMessage}）` : `（HTTP ${response.status}）`;
  if (response.status === 413 || code === 'JD_BODY_TOO_LARGE') {
    const limit = limits ? `，上限为 ${formatBytes(limits.bodyLimit)}` : '';
    throw new CheckFailure(`草稿太长，超过了校对服务一次能接收的大小${limit}。请删减内容或分段检查。${detail}`, 'too-large', code);
  }
  if (response.status === 401 || response.status === 403) {
    throw new CheckFailure(`校对服务要求访问密钥：请在上方“访问密钥”中填写管理员发给您的密钥。${detail}`, 'unauthorized', code);
  }
  if (response.status === 503) throw new CheckFailure(`校对服务繁忙，请稍后再试。${detail}`, 'overloaded', code);
  if (response.status >= 500) throw new CheckFailure(`校对服务内部出错，请稍后再试。${detail}`, 'server', code);
  throw new CheckFailure(`校对服务拒绝了这次请求。${detail}`, 'rejected', code);
}

async function getJson(url: string): Promise<unknown | undefined> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json', ...authHeaders() } });
    if (!response.ok) return undefined;
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function fetchLimits(): Promise<Limits | undefined> {
  const body = (await getJson('/v1/limits')) as { bodyLimit?: unknown } | undefined;
  return typeof body?.bodyLimit === 'number' ? { bodyLimit: body.bodyLimit } : undefined;
}

const PROFILE_LABELS: Record<string, string> = {
  default: '默认（全部检查）',
  strict: '严格（警告即不宜发布）',
  lenient: '宽松（内部草稿）',
  'sensitive-only': '仅敏感词',
};

export async function fetchProfiles(): Promise<Choice[]> {
  const body = (await getJson('/v1/profiles')) as { profiles?: Array<{ name: string; description?: string }> } | undefined;
  return (body?.profiles ?? []).map((profile) => ({ value: profile.name, label: PROFILE_LABELS[profile.name] ?? profile.name }));
}

/**
 * Sites, when the service has a sites route (feature-detected: the selector stays hidden
 * otherwise). Accepts a bare array or `{ sites: [...] }`, entries with `id` or `name`.
 */
export async function fetchSites(): Promise<Choice[] | undefined> {
  const body = await getJson('/v1/sites');
  if (body === undefined) return undefined;
  const list = Array.isArray(body) ? body : (body as { sites?: unknown }).sites;
  if (!Array.isArray(list)) return undefined;
  const choices: Choice[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') choices.push({ value: entry, label: entry });
    else if (entry && typeof entry === 'object') {
      const site = entry as { id?: unknown; name?: unknown; title?: unknown; label?: unknown };
      const value = typeof site.id === 'string' ? site.id : typeof site.name === 'string' ? site.name : undefined;
      if (value === undefined) continue;
      const label = [site.title, site.label, site.name].find((candidate) => typeof candidate === 'string' && candidate !== value) as string | undefined;
      choices.push({ value, label: label ? `${label}（${value}）` : value });
    }
  }
  return choices;
}
