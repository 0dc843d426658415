import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The server the PostgreSQL specs run against. They fail, never skip, when it is unreachable: this
 * machine and CI both run one, and a silently skipped adapter suite would look like a passing one.
 */
export const POSTGRES_TEST_URL = process.env.RR_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ThrowawayDatabase {
  readonly name: string;
  readonly connectionString: string;
  /**
   * Drops the database, disconnecting whoever is still connected; calling it again is harmless.
   * The drop runs in the background (ThrowawayDatabases.dropAll waits for it, and drops whatever was
   * not dropped before): DROP DATABASE takes a few hundred milliseconds, and a spec has no reason to
   * wait for it between tests.
   */
  drop(): void;
}

/**
 * Makes a fresh database, named rr_test_<random>, for every test, so tests start clean and spec files
 * can run in parallel. Creating one takes a few hundred milliseconds (it copies a template's files),
 * so the next one is always created ahead, while the current test runs; and each is a copy of a
 * template prepared once (e.g. migrated), so every test does not pay for the schema again.
 * Call dropAll() in afterAll: it drops everything this created, the template included.
 */
export class ThrowawayDatabases {
  private template: Promise<string> | undefined;
  private next: Promise<ThrowawayDatabase> | undefined;
  private readonly handedOut: ThrowawayDatabase[] = [];
  private readonly drops: Array<Promise<void>> = [];

  constructor(private readonly prepareTemplate: (connectionString: string) => Promise<void> = async () => undefined) {}

  async create(): Promise<ThrowawayDatabase> {
    const database = await (this.next ?? this.copyOfTemplate());
    this.next = this.copyOfTemplate();
    // Unobserved until the next create(); an unreachable server must fail that test, not the process.
    this.next.catch(() => undefined);
    this.handedOut.push(database);
    return database;
  }

  async dropAll(): Promise<void> {
    const spare = await this.next?.catch(() => undefined);
    this.next = undefined;
    spare?.drop();
    for (const database of this.handedOut.splice(0)) database.drop();
    const results = await Promise.allSettled(this.drops);
    const template = await this.template?.catch(() => undefined);
    if (template) await dropDatabase(template);
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async copyOfTemplate(): Promise<ThrowawayDatabase> {
    this.template ??= this.createTemplate();
    const template = await this.template;
    const name = newName();
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    let dropped = false;
    return {
      name,
      connectionString: urlOf(name),
      drop: () => {
        if (dropped) return;
        dropped = true;
        this.drops.push(dropDatabase(name));
      },
    };
  }

  private async createTemplate(): Promise<string> {
    const name = newName();
    await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
    try {
      // Whatever prepareTemplate opened must be closed by now: a template with sessions cannot be copied.
      await this.prepareTemplate(urlOf(name));
      return name;
    } catch (error) {
      await dropDatabase(name);
      throw error;
    }
  }
}

function newName(): string {
  return `rr_test_${randomBytes(8).toString('hex')}`;
}

function urlOf(database: string): string {
  const url = new URL(POSTGRES_TEST_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** FORCE (PostgreSQL 13+) ends sessions a failed test left open instead of failing the cleanup. */
async function dropDatabase(name: string): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdminClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is required by this spec but is not reachable at ${redacted(POSTGRES_TEST_URL)} ` +
        `(${describe(error)}). Start it, or point RR_TEST_POSTGRES_URL at one.`,
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A refused connection to "localhost" is an AggregateError with an empty message; its code says more. */
function describe(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  return [code, message].filter(Boolean).join(': ') || String(error);
}

function redacted(connectionString: string): string {
  const url = new URL(connectionString);
  if (url.password) url.password = '***';
  return url.toString();
}
