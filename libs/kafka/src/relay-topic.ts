import { Kafka, logLevel } from 'kafkajs';

export interface RelayTopicSpec {
  readonly topic: string;
  /**
   * Partitions bound how many consumers of one group share the topic; ordering is per key (per
   * runner), so more partitions never reorder a runner's events. Default 6.
   */
  readonly partitions?: number;
  /** Default: the broker's default.replication.factor. */
  readonly replicationFactor?: number;
}

/**
 * Creates the topic unless it exists (an existing topic is left as it is: its partition count is an
 * operator's decision). Resolves true when this call created it. Throws when the broker is unreachable.
 */
export async function ensureTopic(brokers: readonly string[], spec: RelayTopicSpec, clientId = 'runner-registry-relay-admin'): Promise<boolean> {
  const admin = new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3_000,
    retry: { retries: 2, initialRetryTime: 200 },
  }).admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (existing.includes(spec.topic)) return false;
    // false when it already exists (another process won the race): fine either way.
    return await admin.createTopics({
      waitForLeaders: true,
      timeout: 10_000,
      topics: [
        {
          topic: spec.topic,
          numPartitions: spec.partitions ?? 6,
          ...(spec.replicationFactor !== undefined && { replicationFactor: spec.replicationFactor }),
        },
      ],
    });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
