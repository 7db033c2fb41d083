/**
 * 台账: the workflows the caller may read, newest first, in keyset pages, with the API's
 * filters (kept in the address, so a wall cell or a shared link opens the same list), colour
 * chips, the next deadline with the time left, and a CSV of everything the filter matches.
 */
import { useState, type FormEvent } from 'react';
import { gql, useClient, useQuery, type CombinedError } from 'urql';
import { download, toCsv } from '../api/csv';
import { everyWorkflow } from '../api/pages';
import { plainError } from '../api/errors';
import { useMachines } from '../api/machines';
import { useServerNow } from '../api/serverClock';
import { useWorkingDaysLeft } from '../api/workingDays';
import { AlertChip } from '../components/AlertChip';
import { formatTime, LEVEL_LABELS, STATUS_LABELS, timeLeft } from '../labels';
import { Link, navigate, useRoute } from '../router';

const LIST = gql`
  query Ledger($filter: WorkflowFilter, $first: Int!, $after: String) {
    workflows(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node { id machineId title state stateLabel status alertLevel deadline deadlineProvisional units createdAt updatedAt }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const FIELDS = ['machineId', 'status', 'alertLevel', 'leadUnit', 'unit', 'state', 'text', 'source', 'flagged', 'deadlineBefore'] as const;
const PAGE = 20;

function filterOf(query: URLSearchParams): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = query.get(f);
    if (!v) continue;
    if (f === 'flagged') filter.flagged = v === 'true';
    else if (f === 'deadlineBefore') filter.deadlineBefore = new Date(`${v}T24:00:00+08:00`).toISOString();
    else filter[f] = v;
  }
  return filter;
}

export function Ledger() {
  const route = useRoute();
  const filter = filterOf(route.query);
  const machines = useMachines();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const key = route.query.toString();
  const [pageKey, setPageKey] = useState(key);
  if (pageKey !== key) {
    setPageKey(key);
    setCursors([null]);
  }
  const [{ data, error, fetching }] = useQuery({ query: LIST, variables: { filter, first: PAGE, after }, requestPolicy: 'cache-and-network' });
  const now = useServerNow();
  const left = useWorkingDaysLeft(now);
  const title = (id: string) => machines.find((m) => m.id === id)?.title ?? id;
  const edges: any[] = data?.workflows.edges ?? [];
  return (
    <div className="ledger">
      <h2>台账</h2>
      <Filters query={route.query} machines={machines} />
      <CsvExport filter={filter} title={title} />
      {error && <p className="error" role="alert">{plainError(error)}</p>}
      <table className="ledger-table">
        <thead>
          <tr><th>颜色</th><th>标题</th><th>流程</th><th>当前环节</th><th>承办单位</th><th>下一期限</th><th>状态</th></tr>
        </thead>
        <tbody>
          {edges.map(({ node: w }) => (
            <tr key={w.id} data-workflow={w.id}>
              <td><AlertChip level={w.alertLevel} /></td>
              <td><Link to={`/workflows/${w.id}`}>{w.title}</Link></td>
              <td>{title(w.machineId)}</td>
              <td>{w.stateLabel}</td>
              <td>{w.units[0] ?? '—'}</td>
              <td>
                {w.deadline ? (
                  <>
                    {formatTime(w.deadline)}
                    <div className="hint"><span data-testid="time-left">{left(w.deadline) ?? timeLeft(w.deadline, now)}</span>{w.deadlineProvisional ? '（暂定）' : ''}</div>
                  </>
                ) : '—'}
              </td>
              <td>{STATUS_LABELS[w.status] ?? w.status}</td>
            </tr>
          ))}
          {!fetching && edges.length === 0 && (
            <tr><td colSpan={7} className="empty">没有符合条件的事项。</td></tr>
          )}
        </tbody>
      </table>
      <div className="pager">
        <button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>上一页</button>
        <span>第 {cursors.length} 页</span>
        <button disabled={!data?.workflows.pageInfo.hasNextPage} onClick={() => setCursors([...cursors, data.workflows.pageInfo.endCursor])}>下一页</button>
      </div>
    </div>
  );
}

function Filters({ query, machines }: { query: URLSearchParams; machines: ReturnType<typeof useMachines> }) {
  const [draft, setDraft] = useState(() => Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ''])));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries(draft).filter(([, v]) => v));
    navigate(`/ledger?${q}`);
  };
  const set = (f: string) => (e: { target: { value: string } }) => setDraft({ ...draft, [f]: e.target.value });
  const machine = machines.find((m) => m.id === draft.machineId);
  return (
    <form className="filters" onSubmit={submit} aria-label="筛选">
      <label>流程<select name="machineId" value={draft.machineId} onChange={set('machineId')}>
        <option value="">全部</option>
        {machines.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
      </select></label>
      <label>环节<select name="state" value={draft.state} onChange={set('state')} disabled={!machine}>
        <option value="">全部</option>
        {machine?.states.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
      </select></label>
      <label>状态<select name="status" value={draft.status} onChange={set('status')}>
        <option value="">全部</option>
        {Object.entries(STATUS_LABELS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
      </select></label>
      <label>颜色<select name="alertLevel" value={draft.alertLevel} onChange={set('alertLevel')}>
        <option value="">全部</option>
        {['RED', 'YELLOW', 'BLUE'].map((v) => <option key={v} value={v}>{LEVEL_LABELS[v]}</option>)}
      </select></label>
      <label>承办单位<input name="leadUnit" value={draft.leadUnit} onChange={set('leadUnit')} size={10} /></label>
      <label>涉及单位<input name="unit" value={draft.unit} onChange={set('unit')} size={10} /></label>
      <label>挂牌<select name="flagged" value={draft.flagged} onChange={set('flagged')}>
        <option value="">全部</option><option value="true">挂牌督办</option><option value="false">未挂牌</option>
      </select></label>
      <label>期限早于<input type="date" name="deadlineBefore" value={draft.deadlineBefore} onChange={set('deadlineBefore')} /></label>
      <label>标题包含<input name="text" value={draft.text} onChange={set('text')} size={14} /></label>
      <button type="submit" className="primary">查询</button>
      <button type="button" onClick={() => { setDraft(Object.fromEntries(FIELDS.map((f) => [f, '']))); navigate('/ledger'); }}>清除</button>
    </form>
  );
}

function CsvExport({ filter, title }: { filter: Record<string, unknown>; title: (id: string) => string }) {
  const client = useClient();
  const [state, setState] = useState<string | null>(null);
  const run = async () => {
    setState('正在导出…');
    let found: any[];
    try {
      found = await everyWorkflow<any>(client, LIST, filter);
    } catch (error) {
      return setState(plainError(error as CombinedError));
    }
    const rows = found.map((w) => [w.title, title(w.machineId), w.stateLabel, LEVEL_LABELS[w.alertLevel], w.units[0] ?? '', w.units.slice(1).join('、'), formatTime(w.deadline), STATUS_LABELS[w.status], formatTime(w.createdAt), w.id]);
    download(`台账-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(['标题', '流程', '当前环节', '颜色', '承办单位', '协办单位', '下一期限', '状态', '创建时间', '编号'], rows));
    setState(`已导出 ${rows.length} 项`);
  };
  return (
    <p>
      <button onClick={run} data-testid="export-csv">导出 CSV（当前筛选）</button> <span className="hint" data-testid="export-state">{state}</span>
    </p>
  );
}
