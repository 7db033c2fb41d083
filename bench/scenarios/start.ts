/** startWorkflow throughput at 8 connections: a new supervision letter (insert + history + outbox) per request. */
import { graphqlBody, letterInput, people, START, tokenFor } from '../lib/graphql';
import { assertClean, runLoad } from '../lib/load';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { loadTable } from './transitions';

export const start: Scenario = {
  name: 'start',
  title: 'Start: startWorkflow over HTTP',
  needsServer: true,
  async run({ options, server, db, log }): Promise<ScenarioResult> {
    const token = await tokenFor(people.office);
    // the same input every time: each request still creates a new workflow (no idempotency key)
    const body = graphqlBody(START, { input: { machineId: 'supervisionLetter', input: letterInput({ title: '基准测试督办事项' }) } });
    const connections = 8;
    log(`start: ${connections} connections, ${options.durationS} s`);
    const run = await runLoad({
      url: server!.url,
      token,
      bodyFor: () => () => body,
      connections,
      durationS: options.durationS,
      serverPid: server!.pid,
      postmasterPid: db.postmasterPid,
    });
    const problem = assertClean(run, 'startWorkflow');
    return {
      tables: [loadTable(`startWorkflow (supervisionLetter), ${options.durationS} s`, [run])],
      notes: problem ? [problem] : [],
      details: [],
      data: run,
    };
  },
};
