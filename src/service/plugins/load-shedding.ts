import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import underPressure from '@fastify/under-pressure';
import { ServiceError } from '../errors.js';

/** Route `config` of the routes never shed: probes, metrics and docs are how operators see the pressure. */
export const NEVER_SHED = { shed: false };

declare module 'fastify' {
  interface FastifyInstance {
    /** The event loop lags more than MAX_EVENT_LOOP_DELAY_MS (never when that is 0). */
    eventLoopOverloaded(): boolean;
  }
}

/**
 * Sheds requests with 503 `JD_OVERLOADED` while the event loop lags more than
 * `maxEventLoopDelayMs`. `@fastify/under-pressure` samples the lag (a 10 ms event-loop delay
 * histogram, read every second) and is given no threshold, so it adds no hook of its own:
 * its hook runs on every request and reads `request.routeOptions` (an object built on every
 * read) to find the exempt routes, about 4 µs of main-thread CPU per request in a fixed-rate
 * comparison on bench:service's cache hits. Instead every route but the `NEVER_SHED` ones
 * gets an `onRequest` check when it is registered, so requests are still shed before their
 * body is read.
 */
export async function registerLoadShedding(app: FastifyInstance, { maxEventLoopDelayMs }: { maxEventLoopDelayMs: number }): Promise<void> {
  await app.register(underPressure);
  const overloaded = () => maxEventLoopDelayMs > 0 && app.memoryUsage().eventLoopDelay > maxEventLoopDelayMs;
  app.decorate('eventLoopOverloaded', overloaded);
  if (maxEventLoopDelayMs === 0) return;
  const shed: onRequestHookHandler = (_request, _reply, done) => {
    if (overloaded()) done(new ServiceError('JD_OVERLOADED', 'The event loop is overloaded; retry later'));
    else done();
  };
  app.addHook('onRoute', (route) => {
    if ((route.config as { shed?: boolean } | undefined)?.shed === false) return;
    route.onRequest = route.onRequest === undefined ? [shed] : [shed, ...([] as onRequestHookHandler[]).concat(route.onRequest)];
  });
}
