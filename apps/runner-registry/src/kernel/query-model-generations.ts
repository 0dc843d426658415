import {
  DirectoryProjection,
  JobsProjection,
  PostgresQueryModelGenerations,
  RunnersProjection,
  SqliteQueryModelGenerations,
  StatusHistoryProjection,
  type Projection,
  type QueryModelGenerations,
} from '@app/projections';
import { queryModelsFile, type AppConfig } from '@app/config/app-config';

export const QUERY_MODEL_GENERATIONS = Symbol('QUERY_MODEL_GENERATIONS');

/** The query models the engine folds from the log, in the engine's order: all of them can be rebuilt and swapped. */
export const QUERY_MODEL_PROJECTIONS: Readonly<Record<string, () => Projection>> = {
  directory: () => new DirectoryProjection(),
  runners: () => new RunnersProjection(),
  jobs: () => new JobsProjection(),
  'status-history': () => new StatusHistoryProjection(),
};

export const QUERY_MODEL_NAMES: readonly string[] = Object.keys(QUERY_MODEL_PROJECTIONS);

export function createQueryModel(name: string): Projection {
  const create = QUERY_MODEL_PROJECTIONS[name];
  if (!create) throw new Error(`unknown query model ${name}`);
  return create();
}

/**
 * A query model for a replay, which folds, compares and saves documents but answers no request:
 * lookups kept only for requests (the jobs by runner and manager) are not kept as it folds.
 */
export function createRebuiltQueryModel(name: string): Projection {
  return name === 'jobs' ? new JobsProjection({ lookups: 'on first use' }) : createQueryModel(name);
}

/**
 * Query models live next to the log, in generations (see QueryModelGenerations): in PostgreSQL with
 * DATABASE_URL (public tables, schemas query_models_gN), else in DATA_DIR (query-models.sqlite,
 * query-models.gN.sqlite).
 */
export async function openQueryModelGenerations(config: AppConfig): Promise<QueryModelGenerations> {
  if (config.databaseUrl) return PostgresQueryModelGenerations.open({ connectionString: config.databaseUrl });
  return SqliteQueryModelGenerations.open(queryModelsFile(config));
}
