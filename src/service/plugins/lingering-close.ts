import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long a connection whose request was refused unread (a body over `BODY_LIMIT`) keeps
 * reading and discarding what the client still sends after the error response: up to
 * `maxBytes` more, `maxMs` in all, and no more than `idleMs` without data. Then it closes.
 */
export interface LingerLimits {
  maxBytes: number;
  maxMs: number;
  idleMs: number;
}

/** About nginx's lingering close (lingering_time 30 s, lingering_timeout 5 s), shorter. */
export const DEFAULT_LINGER: LingerLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000, idleMs: 2_000 };

const lingering = new WeakSet<Socket>();

/**
 * Lingering close for a response sent before the request body was read (fastify answers a
 * body over the limit with `Connection: close` at once). Closing a socket that still has
 * unread data in its receive buffer makes the kernel send a reset, and a client that is
 * still sending (most read only once they are done) then loses the response it has not read
 * yet and sees "connection reset" instead of the 413. So once the response is written, this
 * side sends FIN (no more responses) and goes on reading — the HTTP parser discards the rest
 * of the refused body — until the client closes or a limit is reached, then closes.
 *
 * Node ends a `Connection: close` response's socket with `socket.destroySoon()`; this
 * replaces that one call on this one socket.
 */
export function lingerAfterResponse(request: IncomingMessage, limits: LingerLimits = DEFAULT_LINGER): void {
  const socket = request.socket as Socket | null;
  if (!socket || socket.destroyed || lingering.has(socket)) return;
  lingering.add(socket);
  const destroySoon = socket.destroySoon;
  socket.destroySoon = function lingerInstead(this: Socket): void {
    socket.destroySoon = destroySoon;
    linger(socket, limits);
  };
}

/** How often a lingering socket's byte count and clocks are looked at. */
const LINGER_TICK_MS = 50;

function linger(socket: Socket, limits: LingerLimits): void {
  socket.end();
  const started = Date.now();
  // Node's HTTP parser reads the socket natively and drops a dumped request's body before
  // JavaScript sees it, so the bytes are counted off the socket, every tick: the byte limit
  // holds within what one tick brings.
  const startBytes = socket.bytesRead;
  let lastBytes = startBytes;
  let lastData = started;
  const close = (): void => {
    clearInterval(timer);
    socket.destroy();
  };
  const timer = setInterval(() => {
    const now = Date.now();
    const read = socket.bytesRead;
    if (read !== lastBytes) {
      lastBytes = read;
      lastData = now;
    }
    if (read - startBytes > limits.maxBytes || now - started > limits.maxMs || now - lastData > limits.idleMs) close();
  }, LINGER_TICK_MS);
  timer.unref();
  // The client has sent all it will (FIN) or went away: nothing is left to discard.
  socket.once('end', close);
  socket.once('close', () => clearInterval(timer));
  socket.resume();
}
