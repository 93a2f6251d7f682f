import { Agent, buildConnector, errors as undiciErrors, request } from 'undici';
import type { Dispatcher } from 'undici';
import { REFUSED_PRIVATE, RefusedTargetError } from './guard.js';
import type { TargetGuard } from './guard.js';

/** An HTTP answer: status, the headers that matter, and a bounded prefix of the body. */
export interface FetchAnswer {
  ok: true;
  status: number;
  location: string | undefined;
  contentType: string | undefined;
  retryAfter: string | undefined;
  /** At most maxBodyBytes of the body (empty for HEAD, or when the body was not wanted). */
  body: Buffer;
  /** True when the body was cut at the bound. */
  truncated: boolean;
}

/** A request that got no HTTP answer, with a machine-readable reason. */
export interface FetchFailure {
  ok: false;
  reason: 'refused-private' | 'dns' | 'dns-temporary' | 'refused' | 'reset' | 'tls' | 'timeout' | 'connect-timeout' | 'unreachable' | 'error';
  message: string;
}

export type FetchOutcome = FetchAnswer | FetchFailure;

export interface FetcherOptions {
  guard: TargetGuard;
  userAgent: string;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
}

const TLS_CODES = /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL|HOSTNAME_MISMATCH)/;

function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== undefined && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'ECONNABORTED') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return (error as { code?: string }).code;
}

/** Maps what undici and node:net throw to a reason. */
export function failureOf(error: unknown): FetchFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RefusedTargetError || (error as { cause?: unknown })?.cause instanceof RefusedTargetError) {
    return { ok: false, reason: 'refused-private', message };
  }
  const code = codeOf(error);
  const name = (error as { name?: string }).name;
  if (code === REFUSED_PRIVATE) return { ok: false, reason: 'refused-private', message };
  if (code === 'ENOTFOUND') return { ok: false, reason: 'dns', message };
  if (code === 'EAI_AGAIN') return { ok: false, reason: 'dns-temporary', message };
  if (code === 'ECONNREFUSED') return { ok: false, reason: 'refused', message };
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || error instanceof undiciErrors.SocketError) return { ok: false, reason: 'reset', message };
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return { ok: false, reason: 'connect-timeout', message };
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError' || name === 'AbortError') return { ok: false, reason: 'timeout', message };
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return { ok: false, reason: 'unreachable', message };
  if (code !== undefined && TLS_CODES.test(code)) return { ok: false, reason: 'tls', message: `${code}: ${message}` };
  return { ok: false, reason: 'error', message: code !== undefined ? `${code}: ${message}` : message };
}

function ignore(): void {}

/** Unwanted bodies up to this size are read to the end, keeping the connection alive. */
const DRAIN_BYTES = 32 * 1024;

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One HTTP request, no redirects followed, through an undici Agent whose connector resolves
 * names with the guard's lookup and re-checks the connected peer.
 */
export class Fetcher {
  readonly agent: Agent;

  constructor(private readonly options: FetcherOptions) {
    const { guard } = options;
    const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guard.lookup } as buildConnector.BuildOptions);
    this.agent = new Agent({
      connect: (connectOptions, callback) => {
        connect(connectOptions, (error, socket) => {
          if (error !== null) {
            callback(error, null);
            return;
          }
          const refused = guard.checkSocket(connectOptions.hostname, socket as import('node:net').Socket);
          if (refused !== undefined) {
            socket.destroy();
            callback(refused, null);
            return;
          }
          callback(null, socket);
        });
      },
      headersTimeout: options.totalTimeoutMs,
      bodyTimeout: options.totalTimeoutMs,
      connections: 4,
    });
  }

  /**
   * `method` on `url`; the body is read up to maxBodyBytes when `wantBody(status,
   * contentType)` says so, and dropped otherwise.
   */
  async fetch(url: string, method: 'HEAD' | 'GET', wantBody: (status: number, contentType: string | undefined) => boolean): Promise<FetchOutcome> {
    const signal = AbortSignal.timeout(this.options.totalTimeoutMs);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        dispatcher: this.agent,
        signal,
        headers: {
          'user-agent': this.options.userAgent,
          accept: method === 'GET' ? 'text/html,application/xhtml+xml,*/*;q=0.8' : '*/*',
          'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5',
        },
      });
    } catch (error) {
      return failureOf(error);
    }
    // Destroying a body emits 'error' (request aborted); that is how we stop reading, not a failure.
    response.body.on('error', ignore);
    const headers = response.headers as Record<string, string | string[] | undefined>;
    const contentType = header(headers, 'content-type');
    const answer: FetchAnswer = {
      ok: true,
      status: response.statusCode,
      location: header(headers, 'location'),
      contentType,
      retryAfter: header(headers, 'retry-after'),
      body: Buffer.alloc(0),
      truncated: false,
    };
    if (method === 'HEAD' || !wantBody(response.statusCode, contentType)) {
      // A short body is drained so the connection is reused; a longer one (a file) is cut off, not downloaded.
      await response.body.dump({ limit: DRAIN_BYTES }).catch(ignore);
      return answer;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        const room = this.options.maxBodyBytes - size;
        if (buffer.length >= room) {
          chunks.push(buffer.subarray(0, room));
          size += room;
          answer.truncated = true;
          break;
        }
        chunks.push(buffer);
        size += buffer.length;
      }
    } catch (error) {
      // A body cut short still tells what the page is; an empty one does not.
      if (size === 0) return failureOf(error);
    } finally {
      response.body.destroy();
    }
    answer.body = Buffer.concat(chunks, size);
    return answer;
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** Decodes an HTML prefix: charset from the header, then a `<meta charset>` in the first 2 KB, else UTF-8. */
export function decodeHtml(body: Buffer, contentType: string | undefined): string {
  let charset = /charset\s*=\s*["']?([\w-]+)/i.exec(contentType ?? '')?.[1];
  if (charset === undefined) {
    const head = body.subarray(0, 2048).toString('latin1');
    charset = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  }
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
