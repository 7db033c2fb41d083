/**
 * Timers: many deadlines due at the same moment. Runs the real app in this process on its own
 * database with a clock the bench moves (a server child cannot have its clock moved): issues N
 * letters through the engine, jumps the clock past their feedback deadline (warning and due time
 * both pass: 2N timers), and lets the timer worker's own code fire them. Reports the time until
 * every alert change and escalation was applied, how late each was after the jump, and checks
 * none was applied twice.
 */
import pino from 'pino';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { inParallel, letterInput, people } from '../lib/graphql';
import { BENCH_JWT_SECRET } from '../lib/server';
import { withClient, withDatabase } from '../lib/postgres';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { fixed, summarise } from '../lib/stats';

const DATABASE = 'duban_bench_timers';

export const timers: Scenario = {
  name: 'timers',
  title: 'Timers: deadlines due at the same moment',
  needsServer: false,
  async run({ options, db, log }): Promise<ScenarioResult> {
    const letters = options.quick ? 1000 : 5000;
    await withClient(db.url, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${DATABASE}`);
    });
    let now = new Date('2026-11-02T01:00:00Z'); // a Monday
    const config = loadConfig({ AUTH_JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', TIMER_WORKER: 'false' });
    const app = await createApp({ config, logger: pino({ level: 'silent' }), databaseUrl: withDatabase(db.url, DATABASE), clock: { now: () => new Date(now) } });
    try {
      log(`timers: issuing ${letters} letters`);
      await inParallel(letters, 8, async () => {
        const w = await app.engine.start('supervisionLetter', letterInput({ dueDate: '2026-12-31' }), people.office as any);
        await app.engine.send(w.id, { type: 'ISSUE', payload: {}, actor: people.office as any });
      });
      const fired: number[] = [];
      app.engine.onTransition((_r, t) => t.actor.id === 'system' && fired.push(performance.now()));
      now = new Date('2026-11-06T00:00:00Z'); // past warning and due time of every feedback deadline
      const jump = performance.now();
      log(`timers: clock moved; firing ${2 * letters} timers`);
      await app.timers.runDue();
      const elapsedS = (performance.now() - jump) / 1000;
      const lateness = summarise(fired.map((t) => t - jump));
      const twice = await withClient(withDatabase(db.url, DATABASE), async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM (SELECT workflow_id, event_type FROM workflow_transition
           WHERE actor_id = 'system' GROUP BY 1, 2 HAVING count(*) > 1) d`)).rows[0].n as number,
      );
      const row = [2 * letters, fired.length, fixed(elapsedS, 2), fixed(fired.length / elapsedS, 0), fixed(lateness.p50, 0), fixed(lateness.p99, 0), twice];
      return {
        tables: [{ title: 'Timers due at the same moment (one node, TIMER_CONCURRENCY=8)', columns: ['due', 'applied', 'all applied after s', 'timers/s', 'late p50 ms', 'late p99 ms', 'applied twice'], rows: [row] }],
        notes: twice ? [`${twice} timers applied twice`] : [],
        details: [],
        data: { due: 2 * letters, applied: fired.length, elapsedS, perSecond: fired.length / elapsedS, lateness, appliedTwice: twice },
      };
    } finally {
      await app.close();
      await withClient(db.url, (c) => c.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));
    }
  },
};
