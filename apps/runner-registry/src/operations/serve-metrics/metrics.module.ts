import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from './metrics.controller';
import { ServiceMetrics } from './service-metrics';

/**
 * One Prometheus registry per application (not prom-client's global one: tests run several apps in
 * one process, and each must show only its own metrics). Features register their metrics in it.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    ServiceMetrics,
  ],
  exports: [Registry, ServiceMetrics],
})
export class MetricsModule {}
