import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config/app-config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  new Logger('RunnerRegistry').log(`Listening on ${config.host}:${config.port}, data in ${config.dataDir}`);
}

main().catch((error) => {
  new Logger('RunnerRegistry').error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
