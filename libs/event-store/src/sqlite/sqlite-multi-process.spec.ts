import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TempSqliteFile, tempSqliteFile } from './test-fixtures/temp-store';

const APPENDER = join(__dirname, 'test-fixtures', 'appender-process.js');

interface Appender {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves once the child printed `count` lines. */
  waitForLines(count: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** These tests run real OS processes against one file: nothing here is simulated. */
describe('SqliteEventStore across processes', () => {
  let temp: TempSqliteFile;
  const children: ChildProcess[] = [];

  function startAppender(config: Record<string, unknown>): Appender {
    const child = spawn(process.execPath, [APPENDER, JSON.stringify({ file: temp.file, ...config })], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    const lines: string[] = [];
    const waiters = new Set<() => void>();
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const wake of waiters) wake();
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    const waitForLines = (count: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (lines.length < count) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        void exited.then(({ code }) => reject(new Error(`Appender exited (${code}) after ${lines.length} lines: ${stderr}`)));
        check();
      });
    return { child, lines, waitForLines, exited };
  }

  beforeEach(() => {
    temp = tempSqliteFile();
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await temp.cleanup();
  });

  it('keeps every acknowledged append when the writing process is killed with SIGKILL', async () => {
    const appender = startAppender({ mode: 'append-until-killed', streamPrefix: 'killed', concurrency: 20 });
    await appender.waitForLines(1000);
    appender.child.kill('SIGKILL');
    expect((await appender.exited).signal).toBe('SIGKILL');

    const acknowledged = appender.lines.map((line) => {
      const [, position, firstId, secondId] = line.split(' ');
      return { position: Number(position), firstId, secondId };
    });
    const recorded = await temp.open().readAll();
    const positionById = new Map(recorded.map((event) => [event.id, event.position]));

    expect(acknowledged.length).toBeGreaterThanOrEqual(1000);
    for (const { position, firstId, secondId } of acknowledged) {
      expect(positionById.get(secondId)).toBe(position);
      expect(positionById.get(firstId)).toBe(position - 1);
    }
    // Appends are atomic: each stream holds whole two-event appends, with gapless revisions.
    const revisionsByStream = new Map<string, number[]>();
    for (const { streamId, revision } of recorded) {
      revisionsByStream.set(streamId, [...(revisionsByStream.get(streamId) ?? []), revision]);
    }
    for (const revisions of revisionsByStream.values()) {
      expect(revisions.length % 2).toBe(0);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
  });

  it('loses no update when two processes increment one stream with optimistic concurrency', async () => {
    const streamId = 'shared-counter';
    const appenders = [1, 2].map(() => startAppender({ mode: 'increment', streamId, count: 150, concurrency: 5 }));
    await Promise.all(appenders.map((appender) => appender.waitForLines(1)));
    for (const appender of appenders) appender.child.stdin!.write('go\n');

    const exits = await Promise.all(appenders.map((appender) => appender.exited));

    expect(exits.map(({ code }) => code)).toEqual([0, 0]);
    for (const appender of appenders) expect(appender.lines).toEqual(['ready', expect.stringMatching(/^done \d+$/)]);
    const stream = await temp.open().readStream(streamId);
    expect(stream.map((event) => event.revision)).toEqual(Array.from({ length: 300 }, (_, i) => i));
  });
});
