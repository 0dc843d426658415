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
    if (path.startsWith('POST ')) {
      // A job request that finds no job: parse the body, answer 204 with the queue header.
      app.post(path.slice(5), async (_request, reply) => reply.code(204).header('X-GitLab-Last-Update', String(body)).send());
      continue;
    }
    const [url] = path.split('?');
    app.get(url, async (_request, reply) => reply.header('content-type', 'application/json').send(body));
  }
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${address}\n`);
}

void main();
