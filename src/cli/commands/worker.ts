import type { Command } from 'commander';
import { startWorker } from '../../scan/queue.js';
import { parsePositive } from '../options.js';

export function register(program: Command): void {
  program
    .command('worker')
    .description('check chunks of a distributed scan (`jiaodui scan --queue`) until stopped (SIGINT/SIGTERM)')
    .requiredOption('--queue <url>', 'Redis of the coordinator (redis://host:port)')
    .option('--queue-name <name>', 'BullMQ queue name (the same as the coordinator)', 'jiaodui-scan')
    .option('--dictionaries <dir>', 'dictionary folder (must give the coordinator\'s dictionary version)')
    .option('--sites-dir <dir>', 'site overlays folder, the same as the coordinator\'s (default: SITES_DIR)', process.env.SITES_DIR)
    .option('--workers <n>', 'check threads (default: one per core)', parsePositive)
    .option('--concurrency <n>', 'chunks processed at once', parsePositive, 2)
    .option('--lock-ms <ms>', "a chunk's lock; a dead worker's chunk goes to another worker after about this long", parsePositive, 30_000)
    .action(async (options: { queue: string; queueName: string; dictionaries?: string; sitesDir?: string; workers?: number; concurrency: number; lockMs: number }) => {
      const worker = await startWorker({ url: options.queue, queueName: options.queueName, dictionaries: options.dictionaries, sitesDir: options.sitesDir, workers: options.workers, concurrency: options.concurrency, lockMs: options.lockMs, log: (line) => process.stderr.write(`${line}\n`) });
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('worker: stopping after the chunks in hand\n');
      await worker.stop();
    });
}
