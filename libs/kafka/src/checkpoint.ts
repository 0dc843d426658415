/** Where the relay remembers the `$all` position of the last event the broker acknowledged. */
export interface RelayCheckpoint {
  /** 0 when nothing was relayed yet. */
  load(): Promise<number>;
  save(position: number): Promise<void>;
}
