/**
 * A record entry only if the record really has it. Keys that come from clients (a runner's
 * system_id) may be `__proto__` or `constructor`; a plain `record[key]` would return
 * Object.prototype's members instead of nothing.
 */
export const ownEntry = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
