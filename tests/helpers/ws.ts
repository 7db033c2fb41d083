/** A real graphql-ws client over a real WebSocket, collecting what a subscription delivers. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const TRANSITIONS = `subscription($filter: TransitionFilter, $after: String) {
  transitions(filter: $filter, after: $after) {
    cursor workflowId machineId machineVersion title version eventType payload
    actor { id name roles unit } stateBefore stateAfter alertLevel at
  }
}`;

export interface Collected {
  messages: any[];
  errors: unknown[];
  completed: boolean;
  /** resolves when `n` messages have arrived in all */
  waitFor(n: number, ms?: number): Promise<any[]>;
  close(): Promise<void>;
}

export function wsClient(url: string, token: string | null): Client {
  return createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** `query`: another selection of the same subscription, e.g. with `cloudEvent`. */
export function collect(client: Client, variables: Record<string, unknown> = {}, query = TRANSITIONS): Collected {
  const state = { messages: [] as any[], errors: [] as unknown[], completed: false };
  const waiters: (() => void)[] = [];
  const dispose = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) state.errors.push(value.errors);
        else state.messages.push((value.data as any).transitions);
        waiters.forEach((w) => w());
      },
      error: (error) => {
        state.errors.push(error);
        waiters.forEach((w) => w());
      },
      complete: () => {
        state.completed = true;
        waiters.forEach((w) => w());
      },
    },
  );
  return {
    ...state,
    get messages() {
      return state.messages;
    },
    get errors() {
      return state.errors;
    },
    get completed() {
      return state.completed;
    },
    waitFor: (n, ms = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (state.messages.length >= n) resolve(state.messages.slice(0, n));
          else if (state.errors.length) reject(new Error(`subscription failed: ${JSON.stringify(state.errors)}`));
        };
        const timer = setTimeout(() => reject(new Error(`only ${state.messages.length} of ${n} arrived`)), ms);
        waiters.push(() => {
          check();
          if (state.messages.length >= n || state.errors.length) clearTimeout(timer);
        });
        check();
      }),
    close: async () => {
      dispose();
      await client.dispose();
    },
  };
}
