/** Repair operations (administrators): each needs a reason, recorded in the item's history. */
import { useState, type FormEvent } from 'react';
import { gql, useMutation } from 'urql';
import { plainError } from '../../api/errors';
import { Link } from '../../router';

const CANCEL = gql`mutation AdminCancel($id: ID!, $reason: String!) { adminCancel(workflowId: $id, reason: $reason) { warnings workflow { id version state stateLabel status } } }`;
const MOVE = gql`mutation AdminMove($id: ID!, $state: String!, $reason: String!) { adminMoveToState(workflowId: $id, state: $state, reason: $reason) { warnings workflow { id version state stateLabel status } } }`;

export function RepairAdmin() {
  const [form, setForm] = useState({ id: '', op: 'cancel', state: '', reason: '' });
  const [{ fetching: a }, cancel] = useMutation(CANCEL);
  const [{ fetching: b }, move] = useMutation(MOVE);
  const [result, setResult] = useState<{ ok: boolean; text: string; id?: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = form.op === 'cancel' ? await cancel({ id: form.id, reason: form.reason }) : await move({ id: form.id, state: form.state, reason: form.reason });
    if (res.error) return setResult({ ok: false, text: plainError(res.error)! });
    const r = res.data.adminCancel ?? res.data.adminMoveToState;
    setResult({ ok: true, id: r.workflow.id, text: `已完成：当前环节 ${r.workflow.stateLabel}${r.warnings.length ? `。注意：${r.warnings.join('；')}` : ''}` });
  };
  const set = (k: string) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <section className="panel">
      <p className="notice">修复操作直接改变事项状态，不经过流程规则；每次操作须填写理由，记入办理记录。</p>
      <form className="filters" onSubmit={submit}>
        <label>事项编号<input required value={form.id} onChange={set('id')} size={38} /></label>
        <label>操作<select value={form.op} onChange={set('op')}><option value="cancel">撤销事项</option><option value="move">移至环节</option></select></label>
        {form.op === 'move' && <label>环节（路径）<input required value={form.state} onChange={set('state')} /></label>}
        <label>理由（必填）<input required value={form.reason} onChange={set('reason')} size={30} /></label>
        <button type="submit" className="primary" disabled={a || b}>执行</button>
      </form>
      {result && <p className={result.ok ? 'ok' : 'error'}>{result.text} {result.id && <Link to={`/workflows/${result.id}`}>查看事项</Link>}</p>}
    </section>
  );
}
