/**
 * Webhook endpoints (administrators): register one (address, body format, which transitions,
 * from when), pause and resume, switch the format, rotate the secret, replay from a stream
 * position, and read its recent deliveries. A secret is shown once, in the answer of the
 * mutation that made it; the list never asks for it.
 */
import { useState, type FormEvent } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { plainError } from '../../api/errors';
import { useMachines } from '../../api/machines';
import { Confirm } from '../../components/Confirm';
import { formatTime, LEVEL_LABELS } from '../../labels';

const ENDPOINT = 'id url active format filter attempts lastError retryAt cursor createdAt previousSecretUntil';
const WEBHOOKS = gql`query Webhooks { webhooks { ${ENDPOINT} } }`;
const DELIVERIES = gql`query Deliveries($id: ID!) { webhookDeliveries(webhookId: $id, first: 20) { id at attempt ok status error workflowId position } }`;
const REGISTER = gql`mutation RegisterWebhook($input: RegisterWebhookInput!) { registerWebhook(input: $input) { ${ENDPOINT} secret } }`;
const ROTATE = gql`mutation RotateWebhookSecret($id: ID!) { rotateWebhookSecret(webhookId: $id) { ${ENDPOINT} secret } }`;
const UPDATE = gql`mutation UpdateWebhook($id: ID!, $active: Boolean!, $from: String) { updateWebhook(webhookId: $id, active: $active, from: $from) { ${ENDPOINT} } }`;
const FORMAT = gql`mutation SetWebhookFormat($id: ID!, $format: WebhookFormat!) { setWebhookFormat(webhookId: $id, format: $format) { ${ENDPOINT} } }`;

const FORMATS: Record<string, string> = { JSON: 'JSON', CLOUDEVENTS: 'CloudEvents 1.0' };

type Message = { ok: boolean; text: string } | null;
/** a secret just made: shown until the administrator closes it, never again */
type Secret = { url: string; secret: string; previousUntil: string | null } | null;

export function WebhooksAdmin() {
  const [{ data, error }, reload] = useQuery({ query: WEBHOOKS, requestPolicy: 'cache-and-network' });
  const [open, setOpen] = useState<string | null>(null);
  const [secret, setSecret] = useState<Secret>(null);
  const [message, setMessage] = useState<Message>(null);
  return (
    <div>
      <Register onRegistered={(w) => {
        setSecret({ url: w.url, secret: w.secret, previousUntil: null });
        reload({ requestPolicy: 'network-only' });
      }} />
      {secret && <SecretOnce secret={secret} onClose={() => setSecret(null)} />}
      <section className="panel">
        <h3>已登记的推送接口</h3>
        {error && <p className="error">{plainError(error)}</p>}
        {message && <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="webhook-message">{message.text}</p>}
        <table data-testid="webhooks">
          <thead><tr><th>地址</th><th>推送范围</th><th>状态</th><th>格式</th><th>已推送至</th><th>连续失败</th><th>最近错误</th><th>操作</th></tr></thead>
          <tbody>
            {(data?.webhooks ?? []).map((w: any) => (
              <Row key={w.id} webhook={w} open={open === w.id} onToggle={() => setOpen(open === w.id ? null : w.id)} onMessage={setMessage}
                onSecret={(s) => setSecret({ url: w.url, secret: s.secret, previousUntil: s.previousSecretUntil })} />
            ))}
            {data?.webhooks.length === 0 && <tr><td colSpan={8} className="empty">尚未登记推送接口。</td></tr>}
          </tbody>
        </table>
        {open && <Deliveries id={open} />}
      </section>
    </div>
  );
}

function SecretOnce({ secret, onClose }: { secret: NonNullable<Secret>; onClose: () => void }) {
  return (
    <section className="panel notice" data-testid="new-secret" role="status">
      <p>
        <strong>{secret.url}</strong> 的签名密钥（只显示这一次，关闭后无法再查看，请立即交给接收方保存）：
      </p>
      <p><code data-testid="secret-value">{secret.secret}</code></p>
      {secret.previousUntil && <p>旧密钥在 {formatTime(secret.previousUntil)} 之前仍同时签名，接收方可在此之前切换。</p>}
      <button type="button" onClick={onClose}>我已保存，关闭</button>
    </section>
  );
}

/** What a filter (TransitionFilter) selects, in words. */
function scope(filter: Record<string, string> | null, title: (id: string) => string): string {
  const parts = [
    filter?.machineId && `流程：${title(filter.machineId)}`,
    filter?.unit && `单位：${filter.unit}`,
    filter?.eventType && `操作：${filter.eventType}`,
    filter?.alertLevel && `颜色：${LEVEL_LABELS[filter.alertLevel] ?? filter.alertLevel}`,
    filter?.toState && `进入环节：${filter.toState}`,
    filter?.workflowId && `事项：${filter.workflowId}`,
  ].filter(Boolean);
  return parts.length ? parts.join('；') : '全部（非涉密）';
}

function Row(props: { webhook: any; open: boolean; onToggle: () => void; onMessage: (m: Message) => void; onSecret: (w: any) => void }) {
  const { webhook: w, onMessage } = props;
  const machines = useMachines();
  const title = (id: string) => machines.find((m) => m.id === id)?.title ?? id;
  const [{ fetching: rotating }, rotate] = useMutation(ROTATE);
  const [{ fetching: updating }, update] = useMutation(UPDATE);
  const [{ fetching: formatting }, setFormat] = useMutation(FORMAT);
  const [replayFrom, setReplayFrom] = useState('');
  const busy = rotating || updating || formatting;
  const report = (res: { error?: any }, text: string) => onMessage(res.error ? { ok: false, text: plainError(res.error)! } : { ok: true, text });
  return (
    <tr data-webhook={w.url} data-active={String(w.active)}>
      <td>{w.url}<div className="hint">登记于 {formatTime(w.createdAt)}</div></td>
      <td>{scope(w.filter, title)}</td>
      <td data-testid="webhook-state">{w.active ? '推送中' : '已暂停'}{w.retryAt ? <div className="hint">{formatTime(w.retryAt)} 重试</div> : null}</td>
      <td>
        <select aria-label="推送格式" value={w.format} disabled={busy} onChange={async (e) => {
          const res = await setFormat({ id: w.id, format: e.target.value });
          report(res, `已改为 ${FORMATS[e.target.value]} 格式：${w.url}`);
        }}>
          {Object.entries(FORMATS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      </td>
      <td>{w.cursor}</td>
      <td>{w.attempts}</td>
      <td>{w.lastError ?? ''}</td>
      <td><div className="actions">
        <button type="button" disabled={busy} data-testid="toggle-active" onClick={async () => {
          const res = await update({ id: w.id, active: !w.active });
          report(res, w.active ? `已暂停推送：${w.url}` : `已恢复推送：${w.url}（从第 ${w.cursor} 条之后继续）`);
        }}>{w.active ? '暂停' : '恢复'}</button>
        <Confirm label="更换密钥" testId="rotate-secret" busy={busy}
          question="生成新的签名密钥？旧密钥在 24 小时内仍同时签名。"
          onConfirm={async () => {
            const res = await rotate({ id: w.id });
            report(res, `已更换密钥：${w.url}`);
            if (!res.error) props.onSecret(res.data.rotateWebhookSecret);
          }} />
        <span className="replay">
          <input aria-label="重放起点" placeholder="流位置，0 为全部" size={10} value={replayFrom} onChange={(e) => setReplayFrom(e.target.value.trim())} />
          <Confirm label="重放" testId="replay" busy={busy || !replayFrom}
            question={`从流位置 ${replayFrom || '?'} 之后重新推送${replayFrom === '0' ? '全部历史' : ''}？接收方会再次收到这些消息。`}
            onConfirm={async () => {
              const res = await update({ id: w.id, active: true, from: replayFrom });
              report(res, `已从流位置 ${replayFrom} 之后重新推送：${w.url}`);
              if (!res.error) setReplayFrom('');
            }} />
        </span>
        <button type="button" onClick={props.onToggle}>{props.open ? '收起' : '投递记录'}</button>
      </div></td>
    </tr>
  );
}

const EMPTY = { url: '', format: 'JSON', machineId: '', unit: '', eventType: '', alertLevel: '', from: '' };

function Register({ onRegistered }: { onRegistered: (w: any) => void }) {
  const machines = useMachines();
  const [form, setForm] = useState(EMPTY);
  const [{ fetching }, register] = useMutation(REGISTER);
  const [message, setMessage] = useState<Message>(null);
  const set = (k: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const machine = machines.find((m) => m.id === form.machineId);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const filter = Object.fromEntries((['machineId', 'unit', 'eventType', 'alertLevel'] as const).filter((k) => form[k]).map((k) => [k, form[k]]));
    const input = { url: form.url.trim(), format: form.format, filter, ...(form.from ? { from: form.from } : {}) };
    const res = await register({ input });
    if (res.error) return setMessage({ ok: false, text: plainError(res.error)! });
    setMessage({ ok: true, text: `已登记：${res.data.registerWebhook.url}` });
    setForm(EMPTY);
    onRegistered(res.data.registerWebhook);
  };
  return (
    <section className="panel">
      <h3>登记推送接口</h3>
      <p className="hint">接收方的地址须在服务器的 WEBHOOK_ALLOWED_HOSTS 白名单内；每条消息按 Standard Webhooks 签名，涉密事项不推送。</p>
      <form className="filters" onSubmit={submit} aria-label="登记推送接口" data-testid="register-webhook">
        <label>接收地址<input name="url" type="url" required size={36} value={form.url} onChange={set('url')} placeholder="https://…" /></label>
        <label>格式<select name="format" value={form.format} onChange={set('format')}>
          {Object.entries(FORMATS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select></label>
        <label>流程<select name="machineId" value={form.machineId} onChange={(e) => setForm({ ...form, machineId: e.target.value, eventType: '' })}>
          <option value="">全部</option>
          {machines.map((m) => <option key={m.id} value={m.id}>{m.title}</option>)}
        </select></label>
        <label>操作<select name="eventType" value={form.eventType} onChange={set('eventType')} disabled={!machine}>
          <option value="">全部</option>
          {machine?.events.map((ev) => <option key={ev.type} value={ev.type}>{ev.label}</option>)}
        </select></label>
        <label>涉及单位<input name="unit" value={form.unit} onChange={set('unit')} size={10} /></label>
        <label>颜色<select name="alertLevel" value={form.alertLevel} onChange={set('alertLevel')}>
          <option value="">全部</option>
          {['RED', 'YELLOW', 'BLUE'].map((v) => <option key={v} value={v}>{LEVEL_LABELS[v]}</option>)}
        </select></label>
        <label>从何时起<select name="from" value={form.from} onChange={set('from')}>
          <option value="">从现在起</option><option value="0">从头（全部历史）</option>
        </select></label>
        <button type="submit" className="primary" disabled={fetching}>登记</button>
        {message && <span className={message.ok ? 'ok' : 'error'} data-testid="register-message">{message.text}</span>}
      </form>
    </section>
  );
}

function Deliveries({ id }: { id: string }) {
  const [{ data }] = useQuery({ query: DELIVERIES, variables: { id }, requestPolicy: 'network-only' });
  return (
    <table data-testid="deliveries">
      <thead><tr><th>时间</th><th>流位置</th><th>次数</th><th>结果</th><th>HTTP</th><th>错误</th></tr></thead>
      <tbody>
        {(data?.webhookDeliveries ?? []).map((d: any) => (
          <tr key={d.id}><td>{formatTime(d.at)}</td><td>{d.position}</td><td>{d.attempt}</td><td>{d.ok ? '成功' : '失败'}</td><td>{d.status ?? ''}</td><td>{d.error ?? ''}</td></tr>
        ))}
        {data?.webhookDeliveries.length === 0 && <tr><td colSpan={6} className="empty">尚无投递记录。</td></tr>}
      </tbody>
    </table>
  );
}
