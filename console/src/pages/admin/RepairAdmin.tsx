/**
 * Repair operations (administrators) on one item: cancel it, move it to a state, replace a unit
 * or a person it names (人员或单位调整), move a deadline of its current state. Each needs a
 * reason, recorded in the item's history, and a second click that says what will happen; the
 * answer and what the repair skipped are shown in Chinese. Migration between machine versions,
 * which works on many items, has its own form (MigrateAdmin).
 */
import { useState, type FormEvent } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { plainError } from '../../api/errors';
import { formatTime, STATUS_LABELS } from '../../labels';
import { Link } from '../../router';
import { MigrateAdmin } from './MigrateAdmin';
import { WARNING_FIELDS, warningText, type RepairWarning } from './repairWarnings';

const RESULT = `${WARNING_FIELDS} workflow { id version state stateLabel status alertLevel deadline deadlines { kind label due warnAt provisional } }`;
const CANCEL = gql`mutation AdminCancel($id: ID!, $reason: String!) { adminCancel(workflowId: $id, reason: $reason) { ${RESULT} } }`;
const MOVE = gql`mutation AdminMove($id: ID!, $state: String!, $reason: String!) { adminMoveToState(workflowId: $id, state: $state, reason: $reason) { ${RESULT} } }`;
const REASSIGN = gql`mutation AdminReassign($id: ID!, $input: AdminReassignInput!, $reason: String!) { adminReassign(workflowId: $id, input: $input, reason: $reason) { ${RESULT} } }`;
const RESCHEDULE = gql`mutation AdminReschedule($id: ID!, $kind: String!, $due: DateTime!, $reason: String!) { adminRescheduleDeadline(workflowId: $id, kind: $kind, due: $due, reason: $reason) { ${RESULT} } }`;

/** the item the form names, to offer its states and deadlines and to say what will change */
const ITEM = gql`
  query RepairItem($id: ID!) {
    workflow(id: $id) { id title machineId machineVersion state stateLabel status version units deadlines { kind label due provisional } }
  }
`;
const STATES = gql`query RepairStates($id: String!, $version: Int) { adminMachine(id: $id, version: $version) { id version title states { id label final } } }`;

const OPERATIONS: Record<string, string> = { cancel: '撤销事项', move: '移至环节', reassign: '调整单位或人员', reschedule: '调整期限' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY = { id: '', op: 'cancel', state: '', fromUnit: '', toUnit: '', fromPerson: '', toPerson: '', toPersonName: '', kind: '', due: '', reason: '' };
type Form = typeof EMPTY;

/** a datetime-local value (YYYY-MM-DDTHH:mm, seconds optional), read as Zhaoyuan time */
const shanghaiInstant = (local: string) => new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`).toISOString();

export function RepairAdmin() {
  return (
    <div>
      <ItemRepair />
      <MigrateAdmin />
    </div>
  );
}

function ItemRepair() {
  const [form, setForm] = useState(EMPTY);
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string; warnings: string[]; id?: string } | null>(null);
  const id = form.id.trim();
  const [{ data: item }] = useQuery({ query: ITEM, variables: { id }, pause: !UUID.test(id), requestPolicy: 'cache-and-network' });
  const w = item?.workflow;
  const [{ data: states }] = useQuery({ query: STATES, variables: { id: w?.machineId ?? '', version: w?.machineVersion }, pause: !w });
  const label = (s: string) => states?.adminMachine?.states.find((x: any) => x.id === s)?.label ?? s;
  const [{ fetching: c }, cancel] = useMutation(CANCEL);
  const [{ fetching: m }, move] = useMutation(MOVE);
  const [{ fetching: r }, reassign] = useMutation(REASSIGN);
  const [{ fetching: d }, reschedule] = useMutation(RESCHEDULE);
  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    setAsking(false);
    setForm({ ...form, [k]: e.target.value });
  };

  const run = async () => {
    setAsking(false);
    const reason = form.reason.trim();
    const opt = (v: string) => v.trim() || null;
    const res =
      form.op === 'cancel' ? await cancel({ id, reason })
      : form.op === 'move' ? await move({ id, state: form.state, reason })
      : form.op === 'reassign' ? await reassign({ id, reason, input: { fromUnit: opt(form.fromUnit), toUnit: opt(form.toUnit), fromPerson: opt(form.fromPerson), toPerson: opt(form.toPerson), toPersonName: opt(form.toPersonName) } })
      : await reschedule({ id, kind: form.kind, due: shanghaiInstant(form.due), reason });
    if (res.error) return setResult({ ok: false, text: plainError(res.error)!, warnings: [] });
    const done = Object.values(res.data)[0] as any;
    const now = done.workflow;
    const deadline = form.op === 'reschedule' ? now.deadlines.find((x: any) => x.kind === form.kind) : null;
    setResult({
      ok: true,
      id: now.id,
      text: `已完成${OPERATIONS[form.op]}：当前环节「${now.stateLabel}」，${STATUS_LABELS[now.status] ?? now.status}，第 ${now.version} 次变更${deadline ? `；${deadline.label}改为 ${formatTime(deadline.due)}` : ''}。理由已记入办理记录。`,
      warnings: done.warningDetails.map((x: RepairWarning) => warningText(x, label)),
    });
    setForm({ ...EMPTY, id: form.id, op: form.op });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setAsking(true);
  };
  const busy = c || m || r || d;
  return (
    <section className="panel">
      <h3>修复单个事项</h3>
      <p className="notice">修复操作直接改变事项，不经过流程规则；每次操作须填写理由，连同操作人记入办理记录。</p>
      <form className="filters" onSubmit={submit} aria-label="修复操作" data-testid="repair-form">
        <label>事项编号<input name="id" required value={form.id} onChange={set('id')} size={38} /></label>
        <label>操作<select name="op" value={form.op} onChange={set('op')}>
          {Object.entries(OPERATIONS).map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select></label>
        {form.op === 'move' && (
          <label>移至环节<select name="state" required value={form.state} onChange={set('state')}>
            <option value="">请选择</option>
            {(states?.adminMachine?.states ?? []).map((s: any) => <option key={s.id} value={s.id}>{s.label}（{s.id}）</option>)}
          </select></label>
        )}
        {form.op === 'reassign' && (
          <>
            <label>原单位<input name="fromUnit" value={form.fromUnit} onChange={set('fromUnit')} size={10} placeholder={w?.units.join('、')} /></label>
            <label>新单位<input name="toUnit" value={form.toUnit} onChange={set('toUnit')} size={10} required={!!form.fromUnit} /></label>
            <label>原人员（编号）<input name="fromPerson" value={form.fromPerson} onChange={set('fromPerson')} size={12} required={!form.fromUnit} /></label>
            <label>新人员（编号）<input name="toPerson" value={form.toPerson} onChange={set('toPerson')} size={12} required={!!form.fromPerson} /></label>
            <label>新人员姓名<input name="toPersonName" value={form.toPersonName} onChange={set('toPersonName')} size={8} /></label>
          </>
        )}
        {form.op === 'reschedule' && (
          <>
            <label>期限<select name="kind" required value={form.kind} onChange={set('kind')}>
              <option value="">请选择</option>
              {(w?.deadlines ?? []).map((x: any) => <option key={x.kind} value={x.kind}>{x.label}（现为 {formatTime(x.due)}）</option>)}
            </select></label>
            <label>新的到期时间<input name="due" type="datetime-local" required value={form.due} onChange={set('due')} /></label>
          </>
        )}
        <label>理由（必填）<input name="reason" required value={form.reason} onChange={set('reason')} size={30} /></label>
        <button type="submit" className="primary" disabled={busy}>执行</button>
      </form>
      {w ? (
        <p className="hint" data-testid="repair-item">事项：<Link to={`/workflows/${w.id}`}>{w.title}</Link> · 当前环节「{w.stateLabel}」 · {STATUS_LABELS[w.status]} · 第 {w.version} 次变更</p>
      ) : UUID.test(id) && item ? <p className="hint">没有找到该事项：它不存在，或您无权查看。</p> : null}
      {asking && (
        <p className="notice" role="group" aria-label="确认修复" data-testid="repair-confirm">
          确定对{w ? `「${w.title}」` : `事项 ${id} `}执行「{OPERATIONS[form.op]}」？理由：{form.reason}。此操作记入办理记录，不能撤回。
          <button type="button" className="primary" onClick={run} disabled={busy}>确定执行</button>
          <button type="button" onClick={() => setAsking(false)}>取消</button>
        </p>
      )}
      {result && (
        <div className={result.ok ? 'ok' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="repair-result">
          <p>{result.text} {result.id && <Link to={`/workflows/${result.id}`}>查看事项</Link>}</p>
          {result.warnings.length > 0 && <ul className="notice" data-testid="repair-warnings">{result.warnings.map((x) => <li key={x}>{x}</li>)}</ul>}
        </div>
      )}
    </section>
  );
}
