/** Every registered version of every machine, with the instances on it (administrators). */
import { gql, useQuery } from 'urql';
import { plainError } from '../../api/errors';

const MACHINES = gql`query AdminMachines { adminMachines { id version title newest activeInstances states { id label activeInstances } } }`;

export function MachinesAdmin() {
  const [{ data, error }] = useQuery({ query: MACHINES, requestPolicy: 'cache-and-network' });
  return (
    <section className="panel">
      {error && <p className="error">{plainError(error)}</p>}
      <table>
        <thead><tr><th>流程</th><th>版本</th><th>新建使用</th><th>进行中</th><th>各环节进行中</th></tr></thead>
        <tbody>
          {(data?.adminMachines ?? []).map((m: any) => (
            <tr key={`${m.id}@${m.version}`}><td>{m.title}（{m.id}）</td><td>{m.version}</td><td>{m.newest ? '是' : ''}</td><td>{m.activeInstances}</td>
              <td className="hint">{m.states.filter((s: any) => s.activeInstances).map((s: any) => `${s.label} ${s.activeInstances}`).join('、') || '—'}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
