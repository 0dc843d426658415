import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type AppConfig } from '@app/config/app-config';
import { ContactCache } from './contact-cache';

/** How long local contacts wait before one pipelined write: polls arrive by the thousand per second. */
const FLUSH_INTERVAL_MS = 50;

/**
 * Shares the contact cache between replicas when REDIS_URL is set. Each replica keeps serving
 * reads from memory; contacts it sees are written in batches to one Redis hash per runner (so a
 * starting replica loads everyone's) and published, so the other replicas merge them within
 * milliseconds. Redis being down costs freshness across replicas, never availability.
 */
@Injectable()
export class RedisContactSync implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RedisContactSync');
  private writer?: Redis;
  private subscriber?: Redis;
  private pending = new Map<string, [number, string, number]>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly cache: ContactCache, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private get channel(): string {
    return `${this.config.redisKeyPrefix}contacts`;
  }

  private key(runnerId: number): string {
    return `${this.config.redisKeyPrefix}contacts:${runnerId}`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.writer = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    this.subscriber = new Redis(this.config.redisUrl, { lazyConnect: true });
    for (const client of [this.writer, this.subscriber]) client.on('error', (error) => this.logger.warn(`Redis: ${error.message}`));
    await Promise.all([this.writer.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel, message) => this.receive(message));
    await this.subscriber.subscribe(this.channel);
    await this.loadAll();
    this.cache.onTouch((runnerId, systemId, at) => this.queue(runnerId, systemId, at));
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    this.subscriber?.disconnect();
    this.writer?.disconnect();
  }

  private queue(runnerId: number, systemId: string, at: number): void {
    this.pending.set(`${runnerId} ${systemId}`, [runnerId, systemId, at]);
  }

  /** One pipeline per interval: HSET per contact (runner and manager fields), one PUBLISH of the batch. */
  async flush(): Promise<void> {
    if (!this.writer || this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    const pipeline = this.writer.pipeline();
    for (const [runnerId, systemId, at] of batch) pipeline.hset(this.key(runnerId), 'runner', at, `m:${systemId}`, at);
    pipeline.publish(this.channel, JSON.stringify(batch));
    await pipeline.exec().catch((error: Error) => this.logger.warn(`Redis write failed: ${error.message}`));
  }

  private receive(message: string): void {
    try {
      for (const [runnerId, systemId, at] of JSON.parse(message) as [number, string, number][]) this.cache.merge(runnerId, systemId, at);
    } catch {
      this.logger.warn('Ignored a malformed contact message');
    }
  }

  private async loadAll(): Promise<void> {
    let cursor = '0';
    do {
      const [next, keys] = await this.writer!.scan(cursor, 'MATCH', `${this.config.redisKeyPrefix}contacts:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const runnerId = Number(key.slice(key.lastIndexOf(':') + 1));
        const fields = await this.writer!.hgetall(key);
        for (const [field, value] of Object.entries(fields)) {
          if (field.startsWith('m:')) this.cache.merge(runnerId, field.slice(2), Number(value));
        }
      }
    } while (cursor !== '0');
  }
}
