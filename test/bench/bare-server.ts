import Fastify from 'fastify';

/**
 * The baseline: bare Fastify answering the same paths with the same JSON the service gave,
 * serialised per request as the service does. Bodies arrive on stdin as {path: body}.
 */
async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const bodies = JSON.parse(input) as Record<string, unknown>;
  const app = Fastify({ logger: false });
  for (const [path, body] of Object.entries(bodies)) {
    const [url] = path.split('?');
    app.get(url, async (_request, reply) => reply.header('content-type', 'application/json').send(body));
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}\n`);
}

void main();
