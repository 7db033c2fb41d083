/** Working days left until a due time, from the server's calendar and clock (read once per session). */
import { gql, useQuery } from 'urql';

const DAYS = gql`
  query ConsoleWorkingDays($from: String!, $to: String!) {
    calendarDays(from: $from, to: $to) { date working }
  }
`;

const shanghaiDate = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * A function: due → "剩 N 个工作日" (or minutes on the last day), or null while loading or
 * when past due. `now` is the server's clock (useServerNow); nothing is counted without it.
 */
export function useWorkingDaysLeft(now: number | null): (due: string | null | undefined) => string | null {
  const from = shanghaiDate(now ?? 0);
  const to = shanghaiDate((now ?? 0) + 365 * 86_400_000);
  const [{ data }] = useQuery<{ calendarDays: { date: string; working: boolean }[] }>({ query: DAYS, variables: { from, to }, pause: now === null });
  return (due) => {
    if (!due || !data || now === null) return null;
    const ms = new Date(due).getTime() - now;
    if (ms < 0) return null;
    if (ms < 24 * 3600_000) return `剩 ${Math.max(1, Math.round(ms / 60_000))} 分钟`;
    const last = shanghaiDate(new Date(due).getTime() - 1);
    const n = data.calendarDays.filter((d) => d.working && d.date > from && d.date <= last).length;
    return `剩 ${n} 个工作日`;
  };
}
