import { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Bindings, ChildLoggerOptions } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
type Write = (...args: unknown[]) => void;

/**
 * A request's logger that becomes a pino child (bound to the request id) when it first writes
 * a line, not before. pino's `child()` serializes its bindings at once, about 1% of a cache
 * hit's CPU in bench:service; at `LOG_LEVEL=warn` most requests never write a line, and now
 * never pay for one. Lines that are written carry the request id as before.
 */
class RequestLogger {
  private created: FastifyBaseLogger | undefined;

  constructor(
    private readonly parent: FastifyBaseLogger & { isLevelEnabled(level: string): boolean },
    private readonly requestBindings: Bindings,
  ) {}

  private get logger(): FastifyBaseLogger {
    this.created ??= this.parent.child(this.requestBindings);
    return this.created;
  }

  private write(level: Level, args: unknown[]): void {
    // Disabled levels cost one comparison and never create the child.
    if (!this.isLevelEnabled(level)) return;
    const { logger } = this;
    (logger[level] as Write).apply(logger, args);
  }

  get level(): string {
    return (this.created ?? this.parent).level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  isLevelEnabled(level: string): boolean {
    return ((this.created ?? this.parent) as FastifyBaseLogger & { isLevelEnabled(level: string): boolean }).isLevelEnabled(level);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  trace(...args: unknown[]): void {
    this.write('trace', args);
  }

  silent(): void {}

  bindings(): Bindings {
    return { ...(this.parent as { bindings?: () => Bindings }).bindings?.(), ...this.requestBindings };
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/**
 * Fastify's `childLoggerFactory`: request loggers that write lines with the request id but
 * cost nothing until they write. Falls back to an ordinary child when the logger cannot say
 * which levels are enabled, or when a route sets its own log level.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const levels = logger as FastifyBaseLogger & { isLevelEnabled?: (level: string) => boolean };
  if (typeof levels.isLevelEnabled !== 'function' || Object.keys(options).length > 0) return logger.child(bindings, options);
  return new RequestLogger(levels as FastifyBaseLogger & { isLevelEnabled(level: string): boolean }, bindings) as unknown as FastifyBaseLogger;
}

/** Whether `logger` writes info lines; loggers that cannot say are assumed to. */
function infoEnabled(logger: FastifyBaseLogger): boolean {
  const { isLevelEnabled } = logger as { isLevelEnabled?: (level: string) => boolean };
  return typeof isLevelEnabled !== 'function' || isLevelEnabled.call(logger, 'info');
}

/**
 * Fastify's two lines per request ("incoming request", "request completed") are info lines;
 * fastify builds their arguments before the logger drops them. When info is off they are
 * skipped up front (about 2 µs of main-thread CPU per request in a fixed-rate comparison on
 * bench:service's cache hits). A request that failed still gets its error line.
 */
export class RequestLogLines extends LogController {
  override incomingRequest(request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (infoEnabled(request.log)) super.incomingRequest(request, reply, metadata);
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply, metadata?: Record<string, unknown>): void {
    if (error || infoEnabled(reply.log)) super.requestCompleted(error, request, reply, metadata);
  }
}
