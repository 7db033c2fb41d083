/**
 * 通报: per lead unit, the items started in a period: received, answered on time, late, overdue
 * now; charts of the on-time rate and the overdue counts, the last six months side by side,
 * and the existing CSV (GET /admin/statistics.csv).
 */
import { useMemo, useState } from 'react';
import { gql, useQuery } from 'urql';
import { plainError } from '../api/errors';
import { useMachines } from '../api/machines';
import { session } from '../api/session';
import { BarChart, MonthChart } from '../components/BarChart';
import { useRoute } from '../router';

const STATS = gql`
  query UnitStatistics($from: String!, $to: String!, $machineId: String) {
    unitStatistics(from: $from, to: $to, machineId: $machineId) {
      unit received answered answeredOnTime late overdueNow avgDaysToFeedback
    }
  }
`;

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const monthStart = (d: string, back: number) => {
  const [y, m] = d.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1 - back, 1));
  return x.toISOString().slice(0, 10);
};
const monthEnd = (start: string) => {
  const [y, m] = start.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** Six months in one request: one alias per month. */
function monthsQuery(starts: string[]) {
  return gql(`query StatisticsByMonth($machineId: String) {
    ${starts.map((s, i) => `m${i}: unitStatistics(from: "${s}", to: "${monthEnd(s)}", machineId: $machineId) { unit received late overdueNow }`).join('\n')}
  }`);
}

export function Statistics() {
  const machines = useMachines();
  const query = useRoute().query;
  // a period in the address (?from=&to=) opens that period: a link to a report keeps it
  const [range, setRange] = useState({ from: query.get('from') ?? monthStart(today(), 11), to: query.get('to') ?? today(), machineId: query.get('machineId') ?? '' });
  const variables = { ...range, machineId: range.machineId || null };
  const [{ data, error }] = useQuery({ query: STATS, variables });
  const starts = [5, 4, 3, 2, 1, 0].map((b) => monthStart(today(), b));
  const byMonth = useMemo(() => monthsQuery(starts), [starts.join()]);
  const [months] = useQuery({ query: byMonth, variables: { machineId: variables.machineId } });
  const [csvState, setCsvState] = useState<string | null>(null);
  const rows: any[] = data?.unitStatistics ?? [];
  const csv = async () => {
    const q = new URLSearchParams({ from: range.from, to: range.to, ...(range.machineId ? { machineId: range.machineId } : {}) });
    const res = await fetch(`/admin/statistics.csv?${q}`, { headers: { authorization: `Bearer ${session.token()}` } });
    if (!res.ok) return setCsvState('导出失败：您可能没有权限。');
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = `通报-${range.from}-${range.to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setCsvState('已导出');
  };
  const set = (k: string) => (e: { target: { value: string } }) => setRange({ ...range, [k]: e.target.value });
  return (
    <div>
      <h2>通报 · 各承办单位办理情况</h2>
      <div className="filters">
        <label>开始<input type="date" value={range.from} onChange={set('from')} /></label>
        <label>结束<input type="date" value={range.to} onChange={set('to')} /></label>
        <label>流程<select value={range.machineId} onChange={set('machineId')}>
          <option value="">全部</option>
          {machines.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
        </select></label>
        <button onClick={csv}>导出 CSV</button> <span className="hint">{csvState}</span>
      </div>
      {error && <p className="error" role="alert">{plainError(error)}</p>}
      <div className="grid">
        <section className="panel">
          <h3>按期反馈率</h3>
          <BarChart testId="on-time" rows={rows.map((r) => ({ label: r.unit, value: r.answered ? r.answeredOnTime / r.answered : null }))} max={1} format={(v) => `${Math.round(v * 100)}%`} />
        </section>
        <section className="panel">
          <h3>当前逾期</h3>
          <BarChart testId="overdue" rows={rows.map((r) => ({ label: r.unit, value: r.overdueNow }))} color="#d4380d" />
        </section>
      </div>
      <section className="panel">
        <h3>近六个月：收办 / 逾期（含逾期反馈）</h3>
        {months.data && (
          <MonthChart labels={['收办', '逾期']} months={starts.map((s, i) => {
            const list: any[] = months.data[`m${i}`] ?? [];
            return { month: s.slice(0, 7), a: list.reduce((n, r) => n + r.received, 0), b: list.reduce((n, r) => n + r.late, 0) };
          })} />
        )}
      </section>
      <table data-testid="statistics">
        <thead><tr><th>承办单位</th><th>收办</th><th>已反馈</th><th>按期反馈</th><th>逾期反馈</th><th>当前逾期</th><th>平均反馈天数</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.unit}><td>{r.unit}</td><td>{r.received}</td><td>{r.answered}</td><td>{r.answeredOnTime}</td><td>{r.late}</td><td>{r.overdueNow}</td><td>{r.avgDaysToFeedback ?? '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
