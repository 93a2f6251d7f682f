/**
 * The catalogue of every error a client can see. Codes are stable: clients branch on them,
 * so a code is never renamed or reused. Documented in ERRORS.md (a test keeps both in step).
 */
export const ERROR_CATALOGUE = {
  JD_INVALID_JSON: { status: 400, message: 'Body is not valid JSON' },
  JD_EMPTY_BODY: { status: 400, message: 'Body is empty' },
  JD_SCHEMA_VIOLATION: { status: 400, message: 'Request does not match the schema' },
  JD_UNKNOWN_PROFILE: { status: 400, message: 'Unknown profile' },
  JD_UNKNOWN_CHECK: { status: 400, message: 'Unknown check type' },
  JD_LANGUAGE_UNSUPPORTED: { status: 400, message: 'Language not supported (LanguageTool API: zh-CN only)' },
  JD_BAD_REQUEST: { status: 400, message: 'Malformed request' },
  JD_TOO_MANY_LINKS: { status: 400, message: 'Too many links in one request' },
  JD_UNKNOWN_SITE: { status: 400, message: 'Unknown site' },
  JD_UNAUTHORIZED: { status: 401, message: 'Missing or wrong admin token' },
  JD_ADMIN_DISABLED: { status: 403, message: 'Admin routes are disabled: ADMIN_TOKEN is not set and API_KEYS has no key for them' },
  JD_FORBIDDEN: { status: 403, message: 'This API key\'s role does not allow this' },
  JD_NOT_FOUND: { status: 404, message: 'No such route' },
  JD_ENTRY_NOT_FOUND: { status: 404, message: 'No such entry' },
  JD_VERSION_NOT_FOUND: { status: 404, message: 'No such version' },
  JD_SITES_NOT_CONFIGURED: { status: 409, message: 'No SITES_DIR: sites and managed lists are not configured' },
  JD_SITE_EXISTS: { status: 409, message: 'The site exists already' },
  JD_PRECONDITION_FAILED: { status: 412, message: 'The list changed since it was read (If-Match)' },
  JD_BODY_TOO_LARGE: { status: 413, message: 'Body is over the limit' },
  JD_LINE_TOO_LONG: { status: 413, message: 'NDJSON line is over the limit' },
  JD_UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported media type' },
  JD_DICTIONARY_INVALID: { status: 422, message: 'Dictionary is malformed' },
  JD_ENTRY_INVALID: { status: 422, message: 'An entry is malformed' },
  JD_LEXICON_INVALID: { status: 422, message: 'An uploaded word list cannot be read' },
  JD_INTERNAL: { status: 500, message: 'Internal error' },
  JD_OVERLOADED: { status: 503, message: 'Service is overloaded, retry later' },
  JD_NOT_READY: { status: 503, message: 'Service is not ready' },
  JD_EDITOR_NOT_BUILT: { status: 503, message: 'The editor page is not built: run `npm run build`' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** An error with a catalogue code; the error handler turns it into `{ error: { code, message } }`. */
export class ServiceError extends Error {
  readonly statusCode: number;
  /** Seconds, sent as `Retry-After` (overload responses). */
  readonly retryAfter?: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_CATALOGUE[code].message,
    options: { retryAfter?: number } = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.statusCode = ERROR_CATALOGUE[code].status;
    this.retryAfter = options.retryAfter;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}
