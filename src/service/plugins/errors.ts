import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError } from '../errors.js';
import { lingerAfterResponse } from './lingering-close.js';

/** Maps fastify's own error codes onto the catalogue. */
function fromFramework(error: FastifyError, bodyLimit: number): ServiceError | undefined {
  if (error.validation) {
    return new ServiceError('JD_SCHEMA_VIOLATION', error.message);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ServiceError('JD_INVALID_JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ServiceError('JD_EMPTY_BODY');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ServiceError('JD_BODY_TOO_LARGE', `Body is over the limit of ${bodyLimit} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ServiceError('JD_UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type; send application/json (application/x-ndjson on /v1/check/stream)');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ServiceError('JD_BAD_REQUEST', 'Body size does not match Content-Length');
    case 'FST_ERR_BAD_URL':
      return new ServiceError('JD_BAD_REQUEST', 'Malformed URL');
    default:
      return undefined;
  }
}

/** Turns any error into `{ error: { code, message } }`; only genuine bugs become 500s. */
export function toServiceError(error: unknown, bodyLimit: number): ServiceError {
  if (error instanceof ServiceError) return error;
  const framework = fromFramework(error as FastifyError, bodyLimit);
  if (framework) return framework;
  const status = (error as { statusCode?: number }).statusCode;
  // Errors from the HTTP layer (aborted uploads and the like) keep their 4xx meaning.
  if (typeof status === 'number' && status >= 400 && status < 500) return new ServiceError('JD_BAD_REQUEST');
  return new ServiceError('JD_INTERNAL');
}

export function sendError(reply: FastifyReply, error: ServiceError, retryAfterSeconds: number): FastifyReply {
  if (error.statusCode === 503) reply.header('retry-after', String(error.retryAfter ?? retryAfterSeconds));
  return reply.status(error.statusCode).send(error.toBody());
}

/**
 * Error and not-found handlers for the whole app. `onNotFound` runs after a not-found
 * response is sent (route-level hooks never see those requests).
 */
export function registerErrorHandlers(
  app: FastifyInstance,
  options: { bodyLimit: number; retryAfterSeconds: number },
  onNotFound: (request: FastifyRequest, reply: FastifyReply) => void = () => {},
): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const serviceError = toServiceError(error, options.bodyLimit);
    // The body was refused unread: let the client finish sending and read the 413.
    if (serviceError.code === 'JD_BODY_TOO_LARGE') lingerAfterResponse(request.raw);
    if (serviceError.statusCode >= 500 && serviceError.code === 'JD_INTERNAL') {
      request.log.error({ err: error }, 'request failed');
    } else {
      // The code is enough: messages of client errors may quote the request.
      request.log.info({ code: serviceError.code, statusCode: serviceError.statusCode }, 'request rejected');
    }
    return sendError(reply, serviceError, options.retryAfterSeconds);
  });
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, new ServiceError('JD_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0].slice(0, 200)}`), options.retryAfterSeconds);
    onNotFound(request, reply);
    return reply;
  });
}
