import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { RelayCheckpoint } from './checkpoint';

/**
 * A checkpoint in a JSON file (`{"position": 42}`). save() writes a temp file next to it, fsyncs it
 * and renames it over the old one, so a crash leaves either the old or the new checkpoint, never a torn one.
 * One writer per file.
 */
export class FileCheckpoint implements RelayCheckpoint {
  constructor(readonly file: string) {}

  async load(): Promise<number> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    const position = (JSON.parse(text) as { position?: unknown }).position;
    if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
      throw new Error(`Invalid relay checkpoint in ${this.file}: ${text}`);
    }
    return position;
  }

  async save(position: number): Promise<void> {
    if (!Number.isSafeInteger(position) || position < 0) throw new Error(`Invalid checkpoint position: ${position}`);
    await fs.mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomUUID()}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify({ position, savedAt: new Date().toISOString() }));
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.rename(temp, this.file);
    } catch (error) {
      await fs.rm(temp, { force: true });
      throw error;
    }
  }
}
