/**
 * The baseline: a bare Fastify route that only parses the same JSON and echoes it back.
 *
 * Run in its own process by run.ts, on the port it is given.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/v1/check', async (request) => request.body);
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
