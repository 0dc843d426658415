import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
import type { EventStore } from '@app/event-store';
import { ProjectionEngine, type QueryModelStore } from '@app/projections';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { RELAY_STATUS, ServiceLifecycle, type RelayStatus } from '../../kernel/service-lifecycle';
import { EVENT_STORE, QUERY_MODEL_STORE } from '../../kernel/tokens';

/** A probe must answer before the kubelet gives up on it (1 s by default); a store that hangs is as bad as one that refuses. */
const CHECK_TIMEOUT_MS = 900;

/**
 * What readiness checks, each a terminus indicator: the process is not shutting down, the event
 * store and the query-model store answer, and the query models are at most
 * READINESS_MAX_PROJECTION_LAG behind the log. The Kafka relay's state is shown but never fails
 * the probe: writes go to the log either way, and the relay catches up once the broker is back.
 */
@Injectable()
export class ReadinessChecks {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly lifecycle: ServiceLifecycle,
    private readonly engine: ProjectionEngine,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(QUERY_MODEL_STORE) private readonly queryModels: QueryModelStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(RELAY_STATUS) private readonly relay?: RelayStatus,
  ) {}

  /** One set of checks per probe: the log's head is read once and shared by the two checks that need it. */
  checks(): HealthIndicatorFunction[] {
    const head = within(CHECK_TIMEOUT_MS, this.store.headPosition());
    head.catch(() => undefined);
    const checks: HealthIndicatorFunction[] = [
      () => this.running(),
      () => this.eventStore(head),
      () => this.queryModelStore(),
      () => this.projections(head),
    ];
    if (this.config.kafka.brokers.length > 0) checks.push(() => this.kafkaRelay());
    return checks;
  }

  private running(): HealthIndicatorResult {
    const check = this.indicators.check('lifecycle');
    return this.lifecycle.draining ? check.down({ message: 'shutting down' }) : check.up();
  }

  private async eventStore(head: Promise<number>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('event_store');
    try {
      return check.up({ head_position: await head });
    } catch (error) {
      return check.down({ message: describe(error) });
    }
  }

  private async queryModelStore(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('query_models');
    try {
      await within(CHECK_TIMEOUT_MS, this.queryModels.ping());
      return check.up();
    } catch (error) {
      return check.down({ message: describe(error) });
    }
  }

  private async projections(head: Promise<number>): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('projections');
    if (this.engine.failed !== undefined) return check.down({ message: `stopped following the log: ${describe(this.engine.failed)}` });
    const position = this.engine.position;
    const maxLag = this.config.operations.maxProjectionLag;
    let lag: number;
    try {
      lag = Math.max(0, (await head) - position);
    } catch {
      return check.down({ message: 'the log cannot be read', position });
    }
    return lag > maxLag ? check.down({ position, lag, max_lag: maxLag }) : check.up({ position, lag, max_lag: maxLag });
  }

  private async kafkaRelay(): Promise<HealthIndicatorResult> {
    const check = this.indicators.check('kafka_relay');
    if (!this.relay) return check.up({ state: 'off (KAFKA_RELAY=off on this replica)' });
    return check.up(await this.relay.report().catch((error: unknown) => ({ state: 'unknown', message: describe(error) })));
  }
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
