/**
 * Migration (administrators): move the ACTIVE items of one machine version to another, each
 * state mapped to a state of the new version. A dry run checks and reports without writing;
 * the migration itself asks for a reason and a second click, and reports per item.
 */
import { useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { plainError } from '../../api/errors';
import { Link } from '../../router';

const MACHINES = gql`query MigrateMachines { adminMachines { id version title newest activeInstances states { id label final activeInstances } } }`;
const MIGRATE = gql`
  mutation AdminMigrate($input: AdminMigrateInput!) {
    adminMigrate(input: $input) { machineId fromVersion toVersion dryRun migrated failed results { workflowId fromState toState ok code error } }
  }
`;

interface Version { id: string; version: number; title: string; newest: boolean; activeInstances: number; states: { id: string; label: string; final: boolean; activeInstances: number }[] }

export function MigrateAdmin() {
  const [{ data, error }, reload] = useQuery<{ adminMachines: Version[] }>({ query: MACHINES, requestPolicy: 'cache-and-network' });
  const all = data?.adminMachines ?? [];
  const [pick, setPick] = useState({ machineId: '', fromVersion: '', toVersion: '', ids: '', reason: '' });
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [asking, setAsking] = useState(false);
  const [{ fetching }, migrate] = useMutation(MIGRATE);
  const [report, setReport] = useState<any>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const versions = all.filter((m) => m.id === pick.machineId);
  const from = versions.find((m) => String(m.version) === pick.fromVersion);
  const to = versions.find((m) => String(m.version) === pick.toVersion);
  const occupied = from?.states.filter((s) => s.activeInstances > 0) ?? [];
  const machineIds = [...new Map(all.map((m) => [m.id, m.title])).entries()];
  const set = (k: keyof typeof pick) => (e: { target: { value: string } }) => {
    setAsking(false);
    setPick({ ...pick, [k]: e.target.value, ...(k === 'machineId' ? { fromVersion: '', toVersion: '' } : {}) });
  };
  const ready = from && to && from.version !== to.version && occupied.every((s) => mapping[s.id]);

  const run = async (dryRun: boolean) => {
    setAsking(false);
    setProblem(null);
    const workflowIds = pick.ids.split(/[\s,，]+/).filter(Boolean);
    const input = {
      machineId: pick.machineId, fromVersion: from!.version, toVersion: to!.version, dryRun,
      stateMapping: occupied.map((s) => ({ from: s.id, to: mapping[s.id] })),
      ...(workflowIds.length ? { workflowIds } : {}),
      ...(pick.reason.trim() ? { reason: pick.reason.trim() } : {}),
    };
    const res = await migrate({ input });
    if (res.error) return setProblem(plainError(res.error));
    setReport(res.data.adminMigrate);
    if (!dryRun) reload({ requestPolicy: 'network-only' });
  };
  return (
    <section className="panel" data-testid="migrate">
      <h3>流程版本迁移</h3>
      <p className="hint">把某一版本上进行中的事项迁移到另一版本：为每个有事项的环节指定新版本中的环节。先试运行，确认无误后再迁移；每个事项单独提交，理由记入办理记录。</p>
      {error && <p className="error">{plainError(error)}</p>}
      <div className="filters">
        <label>流程<select name="machineId" value={pick.machineId} onChange={set('machineId')}>
          <option value="">请选择</option>
          {machineIds.map(([id, title]) => <option key={id} value={id}>{title}（{id}）</option>)}
        </select></label>
        <label>原版本<select name="fromVersion" value={pick.fromVersion} onChange={set('fromVersion')} disabled={!versions.length}>
          <option value="">请选择</option>
          {versions.map((m) => <option key={m.version} value={m.version}>第 {m.version} 版（进行中 {m.activeInstances}）</option>)}
        </select></label>
        <label>新版本<select name="toVersion" value={pick.toVersion} onChange={set('toVersion')} disabled={!versions.length}>
          <option value="">请选择</option>
          {versions.map((m) => <option key={m.version} value={m.version}>第 {m.version} 版{m.newest ? '（最新）' : ''}</option>)}
        </select></label>
        <label>仅这些事项（编号，可空）<input name="ids" value={pick.ids} onChange={set('ids')} size={30} /></label>
        <label>理由（迁移时必填）<input name="reason" value={pick.reason} onChange={set('reason')} size={24} /></label>
      </div>
      {from && to && (
        <table>
          <thead><tr><th>原环节（第 {from.version} 版）</th><th>进行中</th><th>迁移到（第 {to.version} 版）</th></tr></thead>
          <tbody>
            {occupied.map((s) => (
              <tr key={s.id}><td>{s.label}（{s.id}）</td><td>{s.activeInstances}</td><td>
                <select aria-label={`${s.label}迁移到`} data-from={s.id} value={mapping[s.id] ?? ''} onChange={(e) => setMapping({ ...mapping, [s.id]: e.target.value })}>
                  <option value="">请选择</option>
                  {to.states.filter((x) => !x.final).map((x) => <option key={x.id} value={x.id}>{x.label}（{x.id}）</option>)}
                </select>
              </td></tr>
            ))}
            {occupied.length === 0 && <tr><td colSpan={3} className="empty">该版本没有进行中的事项。</td></tr>}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" disabled={!ready || fetching} onClick={() => run(true)}>试运行</button>{' '}
        {asking ? (
          <span className="notice" role="group" aria-label="确认迁移">
            确定把 {pick.ids.trim() ? '所列' : `全部 ${occupied.reduce((n, s) => n + s.activeInstances, 0)} 个`}事项从第 {from?.version} 版迁移到第 {to?.version} 版？
            <button type="button" className="primary" onClick={() => run(false)}>确定迁移</button>
            <button type="button" onClick={() => setAsking(false)}>取消</button>
          </span>
        ) : (
          <button type="button" className="primary" disabled={!ready || fetching || !pick.reason.trim()} onClick={() => setAsking(true)}>迁移</button>
        )}
      </p>
      {problem && <p className="error" role="alert">{problem}</p>}
      {report && <Report report={report} />}
    </section>
  );
}

function Report({ report: r }: { report: any }) {
  return (
    <div data-testid="migration-report">
      <p className={r.failed ? 'error' : 'ok'}>
        {r.dryRun ? `试运行：${r.results.length} 个事项可以迁移，未作任何改动。` : `已迁移 ${r.migrated} 个事项${r.failed ? `，${r.failed} 个失败` : ''}。`}
      </p>
      <table>
        <thead><tr><th>事项</th><th>原环节</th><th>新环节</th><th>结果</th></tr></thead>
        <tbody>
          {r.results.map((x: any) => (
            <tr key={x.workflowId}><td><Link to={`/workflows/${x.workflowId}`}>{x.workflowId}</Link></td><td>{x.fromState}</td><td>{x.toState ?? '—'}</td>
              <td>{x.ok ? (r.dryRun ? '可以迁移' : '已迁移') : `失败：${x.error ?? x.code}`}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
