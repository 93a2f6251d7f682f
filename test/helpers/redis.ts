import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on the loopback interface (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const CANDIDATES = [process.env.REDIS_SERVER, '/usr/bin/redis-server', '/usr/local/bin/redis-server'].filter((path): path is string => typeof path === 'string');

/**
 * Starts a real redis-server on a free loopback port, nothing persisted. Resolves to
 * undefined (with the reason) only when no redis-server can be started; tests then skip.
 */
export async function startRedis(): Promise<RedisServer | { skip: string }> {
  const binary = CANDIDATES.find((path) => existsSync(path));
  if (binary === undefined) return { skip: 'redis-server is not installed (apt-get install redis-server; .ci/run does it)' };
  const port = await freePort();
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<true | string>((resolve) => {
    let output = '';
    const timer = setTimeout(() => resolve(`redis-server did not start within 10 s: ${output.slice(-300)}`), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`redis-server could not be started: ${error.message}`);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`redis-server exited with ${code}: ${output.slice(-300)}`);
    });
  });
  if (ready !== true) {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    return { skip: ready };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.pid === undefined) return resolve();
        child.once('exit', () => resolve());
        process.kill(child.pid, 'SIGTERM');
      }),
  };
}
