/**
 * Fan-out: many graphql-ws subscribers on the server child, transitions made over HTTP at a
 * steady rate; latency from the transition's time (taken just before its commit) to receipt by
 * each subscriber.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { gql, issueLetters, people, SEND, tokenFor } from '../lib/graphql';
import type { Scenario, ScenarioResult } from '../lib/scenario';
import { fixed, sleep, summarise } from '../lib/stats';

const SUBSCRIPTION = `subscription { transitions(filter: { eventType: "URGE" }) { cursor at workflowId } }`;

export const fanout: Scenario = {
  name: 'fanout',
  title: 'Fan-out: graphql-ws subscribers',
  needsServer: true,
  async run({ options, server, log }): Promise<ScenarioResult> {
    const subscribers = options.quick ? 200 : 1000;
    const transitions = options.quick ? 50 : 200;
    const token = await tokenFor(people.office as any);
    const latencies: number[] = [];
    let received = 0;
    const clients = Array.from({ length: subscribers }, () =>
      createClient({
        url: server!.url.replace(/^http/, 'ws') + '/graphql',
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
      }),
    );
    log(`fanout: ${subscribers} subscribers`);
    const disposers = clients.map((client) =>
      client.subscribe(
        { query: SUBSCRIPTION },
        {
          next: (value) => {
            received++;
            latencies.push(Date.now() - Date.parse((value.data as any).transitions.at));
          },
          error: () => undefined,
          complete: () => undefined,
        },
      ),
    );
    await sleep(3000); // every socket connected and subscribed
    const [id] = await issueLetters(server!.url, 1);
    log(`fanout: ${transitions} transitions at ~20/s`);
    for (let i = 0; i < transitions; i++) {
      await gql(server!.url, token, SEND, { input: { workflowId: id, type: 'URGE', payload: {} } });
      await sleep(50);
    }
    const expected = subscribers * transitions;
    for (let i = 0; i < 100 && received < expected; i++) await sleep(100);
    disposers.forEach((d) => d());
    await Promise.all(clients.map((c) => c.dispose()));
    const l = summarise(latencies);
    return {
      tables: [{
        title: 'Commit → receipt over graphql-ws (same machine, same clock)',
        columns: ['subscribers', 'transitions', 'delivered', 'expected', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
        rows: [[subscribers, transitions, received, expected, fixed(l.p50, 0), fixed(l.p95, 0), fixed(l.p99, 0), fixed(l.max, 0)]],
      }],
      notes: received < expected ? [`only ${received} of ${expected} deliveries arrived`] : [],
      details: [],
      data: { subscribers, transitions, received, expected, latency: l },
    };
  },
};
