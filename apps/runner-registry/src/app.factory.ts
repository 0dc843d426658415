import { NestFactory } from '@nestjs/core';
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureGitLabApp, createFastifyAdapter } from '@app/http';
import { AppModule } from './app.module';
import type { AppConfig } from '@app/config/app-config';
import { installReadBarrier } from './kernel/install-read-barrier';

/** Builds and initialises the application (query models caught up, seed loaded) without listening. */
export async function createApp(config: AppConfig, logger: LoggerService | LogLevel[] | false = ['log', 'warn', 'error']): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), { logger, abortOnError: false });
  await configureGitLabApp(app);
  installReadBarrier(app, config);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
