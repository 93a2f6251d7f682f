import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import t from 'tap';
import { lingerAfterResponse } from '../../src/service/plugins/lingering-close.js';
import { testApp } from '../helpers/service-app.js';

/**
 * A body over BODY_LIMIT, over a real socket, from a client that is still sending when the
 * 413 comes: it must read the JSON error, not a reset connection. The client does what most
 * do (curl, a browser's upload): it reads the response only once it has sent the whole body.
 */

interface Outcome {
  /** The write side failed before the whole body was sent (EPIPE / ECONNRESET). */
  writeError?: string;
  readError?: string;
  response: string;
}

function sendLarge(port: number, head: string, body: () => Generator<Buffer>): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    // Not reading until the upload is done: unread data waits in the receive buffer, where a
    // reset would throw it away.
    socket.pause();
    let response = '';
    let sentAll = false;
    let writeError: string | undefined;
    let readError: string | undefined;
    socket.on('data', (data: Buffer) => {
      response += data.toString('utf8');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (sentAll) readError ??= error.code ?? error.message;
      else writeError ??= error.code ?? error.message;
    });
    socket.on('close', () => resolve({ writeError, readError, response }));
    socket.write(head);
    const chunks = body();
    const pump = (): void => {
      for (let next = chunks.next(); !next.done; next = chunks.next()) {
        if (!socket.write(next.value)) {
          socket.once('drain', pump);
          return;
        }
      }
      sentAll = true;
      socket.resume();
    };
    pump();
  });
}

const TOTAL = 12 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 'a');

/** Exactly TOTAL bytes, as the Content-Length says. */
function* fixedLength(): Generator<Buffer> {
  const open = Buffer.from('{"text":"');
  const close = Buffer.from('"}');
  yield open;
  let left = TOTAL - open.length - close.length;
  for (; left >= CHUNK.length; left -= CHUNK.length) yield CHUNK;
  yield CHUNK.subarray(0, left);
  yield close;
}

function* chunked(): Generator<Buffer> {
  const frame = (data: Buffer): Buffer => Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')]);
  yield frame(Buffer.from('{"text":"'));
  for (let sent = 0; sent < TOTAL; sent += CHUNK.length) yield frame(CHUNK);
  yield Buffer.from('0\r\n\r\n');
}

function parse(response: string): { status: number; connection?: string; body: unknown } {
  const split = response.indexOf('\r\n\r\n');
  const head = response.slice(0, split).split('\r\n');
  const status = Number(head[0].split(' ')[1]);
  const connection = head.find((line) => /^connection:/i.test(line))?.split(':')[1].trim();
  return { status, connection, body: JSON.parse(response.slice(split + 4)) };
}

t.test('12 MB of JSON on /v1/check and /v1/check/batch: the client receives the JSON 413', async (t) => {
  const app = await testApp();
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  for (const path of ['/v1/check', '/v1/check/batch']) {
    for (const [name, head, body] of [
      ['Content-Length', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${TOTAL}\r\n\r\n`, fixedLength],
      ['chunked', `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`, chunked],
    ] as const) {
      const outcome = await sendLarge(port, head, body);
      t.equal(outcome.writeError, undefined, `${path}, ${name}: the whole body could be sent`);
      t.equal(outcome.readError, undefined, `${path}, ${name}: the response was read without a reset`);
      const response = parse(outcome.response);
      t.equal(response.status, 413, `${path}, ${name}: 413`);
      t.equal(response.connection, 'close', `${path}, ${name}: the server announces the close`);
      t.match(response.body, { error: { code: 'JD_BODY_TOO_LARGE', message: /1048576 bytes/ } }, `${path}, ${name}: the JSON error`);
    }
  }
  // The service still answers on a new connection.
  const ok = await app.inject({ method: 'POST', url: '/v1/check', payload: { text: '网络赌场' } });
  t.equal(ok.statusCode, 200);
});

t.test('lingering is bounded: a client that never stops sending is closed soon after the byte limit', async (t) => {
  const server = createServer((request, response) => {
    lingerAfterResponse(request, { maxBytes: 2 * 1024 * 1024, maxMs: 5_000, idleMs: 1_000 });
    response.writeHead(413, { connection: 'close', 'content-type': 'application/json' });
    response.end('{"error":{"code":"JD_BODY_TOO_LARGE"}}');
  });
  t.teardown(() => server.close());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const started = Date.now();
  const closed = await new Promise<{ response: string; sent: number }>((resolve) => {
    // Half-open allowed: the client goes on sending after the server's FIN.
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let response = '';
    let sent = 0;
    socket.on('data', (data: Buffer) => {
      response += data.toString('utf8');
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve({ response, sent: socket.bytesWritten }));
    socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${1024 * 1024 * 1024}\r\n\r\n`);
    // 256 KiB every 20 ms (about 12.5 MiB/s, a fast uplink), for up to a gigabyte.
    const timer = setInterval(() => {
      if (socket.destroyed || sent >= 1024 * 1024 * 1024) return clearInterval(timer);
      sent += CHUNK.length;
      socket.write(CHUNK);
    }, 20);
    socket.on('close', () => clearInterval(timer));
  });
  t.match(closed.response, /^HTTP\/1\.1 413/, 'the response came first');
  t.ok(closed.sent < 8 * 1024 * 1024, `closed after ${(closed.sent / 1048576).toFixed(1)} MiB (limit 2 MiB), not the whole gigabyte`);
  t.ok(Date.now() - started < 5_000, 'within the time limit');
});

t.test('lingering is bounded: a client that stops sending without closing is closed when idle', async (t) => {
  const server = createServer((request, response) => {
    lingerAfterResponse(request, { maxBytes: 64 * 1024 * 1024, maxMs: 5_000, idleMs: 300 });
    response.writeHead(413, { connection: 'close' });
    response.end('too large');
  });
  // A half-open client never learns that the server closed (its FIN came with the response),
  // so the server's own socket tells.
  const serverSocketClosed = new Promise<number>((resolve) => {
    server.on('connection', (socket) => socket.on('close', () => resolve(Date.now())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  t.teardown(() => {
    client.destroy();
    server.close();
  });
  client.on('error', () => {});
  client.on('data', () => {});
  const started = Date.now();
  client.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n${'a'.repeat(1000)}`);
  const elapsed = (await serverSocketClosed) - started;
  t.ok(elapsed >= 250 && elapsed < 3_000, `closed after ${elapsed} ms of silence`);
});
