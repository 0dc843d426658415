import { Client } from 'pg';
import { APPENDED_CHANNEL } from './postgres-event-schema';

const RECONNECT_DELAY_MS = 1000;
/** A hung connect must not hold back a subscription's first read for long: polling works without it. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * LISTENs for appends committed by other store instances (other processes), so their events reach
 * this process's subscriptions without waiting for the next poll. It holds a connection of its own,
 * outside the pool: a LISTENing session must stay open, and must not be lent to queries.
 *
 * Polling stays the guarantee; this only makes delivery faster. If the connection drops it wakes
 * everyone (notifications may have been missed meanwhile) and reconnects in the background.
 */
export class AppendNotifications {
  private client: Client | undefined;
  private starting: Promise<void> | undefined;
  /** The newest connection attempt, first or reconnect; stop() waits for it. */
  private connecting: Promise<void> = Promise.resolve();
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    /** Notifications carrying this id come from this instance, whose subscribers already got the events pushed. */
    private readonly writerId: string,
    private readonly onOtherWriterAppended: () => void,
  ) {}

  /**
   * Starts listening once; resolves when LISTEN is active, or when it failed (polling then covers).
   * A subscription reads the store only after this, so nothing committed after that read is missed.
   */
  start(): Promise<void> {
    this.starting ??= this.connect();
    return this.starting;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private connect(): Promise<void> {
    this.connecting = this.connectOnce();
    return this.connecting;
  }

  private async connectOnce(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (message.channel === APPENDED_CHANNEL && !message.payload?.startsWith(`${this.writerId} `)) this.onOtherWriterAppended();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch {
      this.lost(client);
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.onOtherWriterAppended();
    this.reconnectTimer = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
