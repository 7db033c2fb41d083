/** 我的待办: what needs the caller, nearest deadline first (the API's order). */
import { gql, useQuery } from 'urql';
import { plainError } from '../api/errors';
import { useMachines } from '../api/machines';
import { useServerNow } from '../api/serverClock';
import { AlertChip } from '../components/AlertChip';
import { formatTime, timeLeft } from '../labels';
import { Link } from '../router';

const TASKS = gql`
  query MyTasks {
    myTasks(first: 100) {
      mustAct escalated delegatedToYou
      workflow { id title machineId stateLabel alertLevel deadline units }
    }
  }
`;

export function Tasks() {
  const [{ data, error, fetching }] = useQuery({ query: TASKS, requestPolicy: 'cache-and-network' });
  const machines = useMachines();
  const now = useServerNow();
  const tasks: any[] = data?.myTasks ?? [];
  return (
    <div>
      <h2>我的待办</h2>
      {error && <p className="error" role="alert">{plainError(error)}</p>}
      <table>
        <thead><tr><th>颜色</th><th>事项</th><th>流程</th><th>当前环节</th><th>承办单位</th><th>期限</th><th>原因</th></tr></thead>
        <tbody>
          {tasks.map(({ workflow: w, mustAct, escalated, delegatedToYou }) => (
            <tr key={w.id} data-task={w.id}>
              <td><AlertChip level={w.alertLevel} /></td>
              <td><Link to={`/workflows/${w.id}`}>{w.title}</Link></td>
              <td>{machines.find((m) => m.id === w.machineId)?.title ?? w.machineId}</td>
              <td>{w.stateLabel}</td>
              <td>{w.units[0] ?? '—'}</td>
              <td>{formatTime(w.deadline)}<div className="hint">{timeLeft(w.deadline, now)}</div></td>
              <td>{[mustAct && '待您办理', escalated && '逾期已上报您', delegatedToYou && '受委派'].filter(Boolean).join('、')}</td>
            </tr>
          ))}
          {!fetching && tasks.length === 0 && <tr><td colSpan={7} className="empty">暂无待办。</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
