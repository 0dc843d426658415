import { releaseStartupGarbage } from './heap-tuning';
import './kernel/tracing';
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { createServiceLogger, requestLineWriter } from '@app/common/service-logger';
import { PinoNestLogger } from '@app/common/pino-nest-logger';
import { createApp } from './app.factory';
import { loadConfig } from '@app/config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createServiceLogger({ level: config.operations.logLevel });
  const app = await createApp(config, new PinoNestLogger(logger), requestLineWriter(logger));
  releaseStartupGarbage();
  await app.listen(config.port, config.host);
  // The bound port, not the configured one: with PORT=0 the OS picks it and this line is how callers learn it.
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('RunnerRegistry').log(`Listening on ${config.host}:${port}, data in ${config.dataDir}`);
}

main().catch((error) => {
  new Logger('RunnerRegistry').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
