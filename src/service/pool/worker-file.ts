import { fileURLToPath } from 'node:url';

/**
 * Locates a worker script next to this module. From dist/ it is compiled JavaScript; under
 * tsx (tests, benchmarks) it is TypeScript, and the worker must load tsx itself.
 */
export function workerFile(name: string): { filename: string; execArgv: string[] } {
  const typescript = import.meta.url.endsWith('.ts');
  const filename = fileURLToPath(new URL(`./${name}${typescript ? '.ts' : '.js'}`, import.meta.url));
  return { filename, execArgv: typescript ? ['--import', 'tsx'] : [] };
}
