import { NestFactory } from '@nestjs/core';
import type { LoggerService, LogLevel } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { RequestLine } from '@app/common/service-logger';
import { configureGitLabApp, createFastifyAdapter, installRequestLog } from '@app/http';
import { AppModule } from './app.module';
import type { AppConfig } from '@app/config/app-config';
import { installReadBarrier } from './kernel/install-read-barrier';
import { ServiceMetrics } from './operations/serve-metrics/service-metrics';

/**
 * Builds and initialises the application (query models caught up, seed loaded) without listening.
 * With `requestLog`, one line per request goes to it (the service passes its logger's request line writer; tests pass none).
 */
export async function createApp(
  config: AppConfig,
  logger: LoggerService | LogLevel[] | false = ['log', 'warn', 'error'],
  requestLog?: (line: RequestLine) => void,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), { logger, abortOnError: false });
  await configureGitLabApp(app);
  // Before init: the hook is in place before Nest and the direct routes declare their routes.
  const metrics = app.get(ServiceMetrics);
  installRequestLog(app.getHttpAdapter().getInstance() as unknown as FastifyInstance, requestLog, (line) => metrics.observeRequest(line));
  installReadBarrier(app, config);
  // process.exit rather than re-raising the signal once closed: the 'exit' event lets pino flush what it buffered.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  await app.init();
  return app;
}
