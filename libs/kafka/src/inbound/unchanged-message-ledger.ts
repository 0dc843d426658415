import type { QueryModelStore } from '@app/projections';

/**
 * Remembers the inbound messages that changed nothing, per stream.
 *
 * A message that changes something is idempotent by itself: its events' ids derive from the
 * message id, so a redelivery appends nothing, whatever happened since (the store returns the
 * original append). A message whose command decided nothing leaves no event behind, though: were it
 * redelivered after a later change to the same entity (grant 40 while already 40; grant 30; the
 * first grant again), it would decide again and undo that change. So those messages are recorded
 * here, and a message found here is skipped.
 *
 * Kept with the query models (its own projection name, never touched by the engine), the last
 * LIMIT message ids per stream: a duplicate (a producer's retry, an outbox publishing again) comes
 * soon after the original, or as the uncommitted tail of a partition after a crash or a rebalance
 * (offsets are committed per batch); the ledger stays bounded by the number of entities.
 */
export class UnchangedMessageLedger {
  static readonly PROJECTION = 'kafka-inbound-unchanged-messages';
  static readonly COLLECTION = 'streams';
  static readonly LIMIT = 50;

  private byStream = new Map<string, string[]>();

  constructor(private readonly store: QueryModelStore) {}

  /**
   * Reads the ledger from the store, replacing what is in memory (every record is stored before it
   * is remembered, so the store knows at least as much). Called whenever this consumer's partitions
   * are (re)assigned: another replica may have recorded messages of those partitions meanwhile.
   */
  async reload(): Promise<void> {
    const { documents } = await this.store.load(UnchangedMessageLedger.PROJECTION);
    this.byStream = new Map(documents.map(({ id, doc }) => [id, [...(doc as { messageIds: string[] }).messageIds]]));
  }

  has(streamId: string, messageId: string): boolean {
    return this.byStream.get(streamId)?.includes(messageId) ?? false;
  }

  async record(streamId: string, messageId: string): Promise<void> {
    const messageIds = [...(this.byStream.get(streamId) ?? []).filter((id) => id !== messageId), messageId].slice(-UnchangedMessageLedger.LIMIT);
    await this.store.save([
      {
        projection: UnchangedMessageLedger.PROJECTION,
        changes: [{ kind: 'upsert', collection: UnchangedMessageLedger.COLLECTION, id: streamId, doc: { messageIds } }],
        checkpoint: 0,
      },
    ]);
    // Only once stored: a failed save is retried with the message, which then decides again.
    this.byStream.set(streamId, messageIds);
  }
}
