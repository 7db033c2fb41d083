/**
 * The one GraphQL client: urql over HTTP POST, a normalized cache (graphcache: a Workflow a
 * mutation returns updates every view of it), and graphql-ws for the transition stream.
 */
import { cacheExchange } from '@urql/exchange-graphcache';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { session } from './session';

/** Objects without an identity of their own are kept inside their parent. */
const embedded = [
  'ActorRef', 'AlertSummary', 'UnitLevelCounts', 'MachineLevelCounts', 'MachineState', 'MachineEvent', 'AllowRule',
  'AvailableEvent', 'Transition', 'Deadline', 'PendingTimer', 'Escalation', 'PageInfo', 'WorkflowConnection',
  'WorkflowEdge', 'Task', 'HistoryCheck', 'BrokenLink', 'WorkingDayResult', 'UnitStatistics', 'StatisticFigure',
  'RuleSource', 'InvolvedUnit', 'Delegation', 'DelegationParty', 'DeadlineOverride', 'TransitionEvent',
  'AdminMachineState', 'AdminTransition', 'AdminRepairResult', 'Me', 'TransitionFeed', 'TransitionEdge',
  'TransitionConnection', 'TransitionHistoryEdge', 'MigrationReport', 'MigrationResult', 'AlertCell', 'CountedTransition',
];
const keys: Record<string, (data: any) => string | null> = Object.fromEntries(embedded.map((t) => [t, () => null]));
keys.Machine = (m) => `${m.id}@${m.version}`;
keys.AdminMachine = (m) => `${m.id}@${m.version}`;
keys.CalendarDay = (d) => d.date;
keys.CalendarYear = (y) => String(y.year);
keys.DirectoryUnit = (u) => u.code;

let ws: WsClient | null = null;

function socket(): WsClient {
  if (!ws) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    ws = createWsClient({
      url: `${scheme}://${location.host}/graphql`,
      connectionParams: () => ({ authorization: `Bearer ${session.token() ?? ''}` }),
      lazy: true,
      retryAttempts: 1000,
      shouldRetry: () => true,
    });
  }
  return ws;
}

export function makeClient(): Client {
  return new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { authorization: `Bearer ${session.token() ?? ''}` } }),
    exchanges: [
      cacheExchange({ keys }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: socket().subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
}

/** After sign-out: a new identity gets a new socket. */
export function closeSocket(): void {
  void ws?.dispose();
  ws = null;
}
