'use strict';
/**
 * Runs the real SqliteEventStore in a child process, for tests that need a second OS process or a
 * process to SIGKILL. Plain JS so Jest need not be involved; it compiles the adapter's TypeScript on
 * the fly with the project's own `typescript`.
 *
 *   node appender-process.js '<json config>'
 *
 * Modes (config.mode):
 *   - "append-until-killed": `concurrency` writers append two events at a time, each to its own stream,
 *     forever; after each acknowledged append prints `ack <position> <firstId> <secondId>`.
 *   - "increment": prints `ready`, waits for a line on stdin (so that several processes start together),
 *     then makes `count` read-then-append increments of `streamId` with an exact expected revision,
 *     retried on conflict, `concurrency` at a time; prints `done <conflicts>` and exits.
 */
const { readFileSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const ts = require('typescript');

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  module._compile(outputText, filename);
};

const { SqliteEventStore } = require('../sqlite-event-store');
const { WrongExpectedRevisionError } = require('../../event-store.port');

const config = JSON.parse(process.argv[2]);
const store = SqliteEventStore.open({ file: config.file });
const newEvent = () => ({ id: randomUUID(), type: 'Appended', data: { pid: process.pid }, metadata: {} });

async function appendUntilKilled(writer) {
  const streamId = `${config.streamPrefix}-${writer}`;
  for (let expectedRevision = 'no_stream'; ; ) {
    const events = [newEvent(), newEvent()];
    const result = await store.appendToStream(streamId, events, { expectedRevision });
    expectedRevision = result.nextExpectedRevision;
    process.stdout.write(`ack ${result.position} ${events[0].id} ${events[1].id}\n`);
  }
}

async function increment() {
  let conflicts = 0;
  for (;;) {
    const revision = (await store.readStream(config.streamId)).length - 1;
    try {
      await store.appendToStream(config.streamId, [newEvent()], { expectedRevision: revision < 0 ? 'no_stream' : revision });
      return conflicts;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      conflicts++;
    }
  }
}

async function incrementMany() {
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdin.pause();
  let remaining = config.count;
  let conflicts = 0;
  const worker = async () => {
    while (remaining > 0) {
      remaining--;
      conflicts += await increment();
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  await store.close();
  process.stdout.write(`done ${conflicts}\n`);
}

const run =
  config.mode === 'append-until-killed'
    ? () => Promise.all(Array.from({ length: config.concurrency }, (_, writer) => appendUntilKilled(writer)))
    : incrementMany;

run().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
