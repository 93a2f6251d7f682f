import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DictionaryBuildError } from './pool/check-pool.js';

/**
 * `npm start`: reads the environment, listens, reloads dictionaries on SIGHUP and shuts
 * down gracefully on SIGTERM/SIGINT (stop accepting, finish in-flight requests, exit 0).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`jiaodui: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  const app = await buildApp(config, {
    level: config.logLevel,
    // Article text never reaches the logs: bodies are not logged, and credentials are masked.
    redact: { paths: ['req.body', 'req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.body', 'body'], censor: '[redacted]' },
  });

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => {
        app.log.info('closed');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGHUP', () => {
    app.jiaodui.store.reload().then(
      ({ previous, next }) => {
        app.jiaodui.metrics.reloads.inc({ result: 'ok' });
        app.log.info({ previousVersion: previous.version, version: next.version, loadMs: next.info.loadMs }, 'dictionaries reloaded (SIGHUP)');
        app.jiaodui.sites.reloadFolders().then(
          (sites) => {
            if (sites.length > 0) app.log.info({ sites }, 'site folders reloaded (SIGHUP)');
          },
          (error: unknown) => app.log.error({ reason: (error as Error).message }, 'site folder reload rejected; sites keep their overlays'),
        );
      },
      (error: unknown) => {
        app.jiaodui.metrics.reloads.inc({ result: 'rejected' });
        if (error instanceof DictionaryBuildError) app.log.error({ reason: error.message }, 'dictionary reload rejected; old version keeps serving');
        else app.log.error({ err: error }, 'dictionary reload failed; old version keeps serving');
      },
    );
  });

  await app.listen({ port: config.port, host: config.host });
}

await main();
