/** The definitions, loaded once per session (graphcache keeps them). */
import { gql, useQuery } from 'urql';

export const MACHINES = gql`
  query ConsoleMachines {
    machines {
      id
      version
      title
      initialState
      inputSchema
      states { id label final }
      events { type label }
    }
  }
`;

export interface MachineSummary {
  id: string;
  version: number;
  title: string;
  initialState: string;
  inputSchema: any;
  states: { id: string; label: string; final: boolean }[];
  events: { type: string; label: string }[];
}

export function useMachines(): MachineSummary[] {
  const [{ data }] = useQuery<{ machines: MachineSummary[] }>({ query: MACHINES });
  return data?.machines ?? [];
}
