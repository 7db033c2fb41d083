/** Webhook endpoints and their recent deliveries (administrators). */
import { useState } from 'react';
import { gql, useQuery } from 'urql';
import { plainError } from '../../api/errors';
import { formatTime } from '../../labels';

const WEBHOOKS = gql`query Webhooks { webhooks { id url active format attempts lastError retryAt cursor createdAt } }`;
const DELIVERIES = gql`query Deliveries($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { id at attempt ok status error workflowId position } }`;

export function WebhooksAdmin() {
  const [{ data, error }] = useQuery({ query: WEBHOOKS, requestPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="panel">
      {error && <p className="error">{plainError(error)}</p>}
      <table>
        <thead><tr><th>地址</th><th>启用</th><th>格式</th><th>连续失败</th><th>最近错误</th><th></th></tr></thead>
        <tbody>
          {(data?.webhooks ?? []).map((w: any) => (
            <tr key={w.id}><td>{w.url}</td><td>{w.active ? '是' : '暂停'}</td><td>{w.format}</td><td>{w.attempts}</td><td>{w.lastError ?? ''}</td>
              <td><button onClick={() => setOpen(open === w.id ? null : w.id)}>投递记录</button></td></tr>
          ))}
          {data?.webhooks.length === 0 && <tr><td colSpan={6} className="empty">尚未登记推送接口。</td></tr>}
        </tbody>
      </table>
      {open && <Deliveries id={open} />}
    </section>
  );
}

function Deliveries({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: DELIVERIES, variables: { id }, requestPolicy: 'network-only' });
  return (
    <table>
      <thead><tr><th>时间</th><th>次数</th><th>结果</th><th>HTTP</th><th>错误</th></tr></thead>
      <tbody>
        {(data?.webhookDeliveries ?? []).map((d: any) => (
          <tr key={d.id}><td>{formatTime(d.at)}</td><td>{d.attempt}</td><td>{d.ok ? '成功' : '失败'}</td><td>{d.status ?? ''}</td><td>{d.error ?? ''}</td></tr>
        ))}
      </tbody>
    </table>
  );
}
