/**
 * The working-day calendar: which years are known (others make deadlines provisional), a
 * month's days with their source, and the editor of administrator days (调休补班, holidays).
 */
import { useState, type FormEvent } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { plainError } from '../../api/errors';

const YEARS = gql`
  query CalendarYears { calendarYears { year known source overrideDays loadedAt note } }
`;
const DAYS = gql`
  query CalendarMonth($from: String!, $to: String!) { calendarDays(from: $from, to: $to) { date working name note source provisional } }
`;
const SET = gql`
  mutation SetCalendarDay($input: SetCalendarDaysInput!) { setCalendarDays(input: $input) { date working name note source provisional } }
`;
const REMOVE = gql`
  mutation RemoveCalendarDay($date: String!) { removeCalendarDay(date: $date) }
`;

const SOURCES: Record<string, string> = { OVERRIDE: '管理员维护', STATUTORY: '法定节假日', WEEKDAY_RULE: '周一至周五规则' };
const lastDay = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

export function CalendarAdmin() {
  const [{ data: years, error }] = useQuery({ query: YEARS });
  const [month, setMonth] = useState(() => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7));
  const [{ data: days }, reloadDays] = useQuery({ query: DAYS, variables: { from: `${month}-01`, to: lastDay(month) } });
  const provisional = (days?.calendarDays ?? []).some((d: any) => d.provisional);
  return (
    <div>
      {error && <p className="error">{plainError(error)}</p>}
      <section className="panel">
        <h3>已载入的年度</h3>
        <table>
          <thead><tr><th>年度</th><th>状态</th><th>来源</th><th>管理员维护天数</th><th>备注</th></tr></thead>
          <tbody>
            {(years?.calendarYears ?? []).map((y: any) => (
              <tr key={y.year} data-year={y.year}><td>{y.year}</td><td>{y.known ? '已载入' : <span className="notice">未载入：期限为暂定</span>}</td><td>{SOURCES[y.source] ?? '—'}</td><td>{y.overrideDays}</td><td>{y.note ?? ''}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h3>日历 <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-label="月份" /></h3>
        {provisional && <p className="notice" data-testid="provisional">本月所在年度的法定节假日尚未载入：按周一至周五工作计算，期限为暂定。请在下方维护调休与节假日，并标记年度已载入。</p>}
        <DayEditor onSaved={() => reloadDays({ requestPolicy: 'network-only' })} />
        <table data-testid="calendar-days">
          <thead><tr><th>日期</th><th>工作日</th><th>名称</th><th>来源</th><th></th></tr></thead>
          <tbody>
            {(days?.calendarDays ?? []).map((d: any) => <DayRow key={d.date} day={d} onChanged={() => reloadDays({ requestPolicy: 'network-only' })} />)}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function DayRow({ day: d, onChanged }: { day: any; onChanged: () => void }) {
  const [, remove] = useMutation(REMOVE);
  return (
    <tr data-date={d.date} data-working={String(d.working)} data-source={d.source}>
      <td>{d.date}</td>
      <td>{d.working ? '工作日' : '休息日'}</td>
      <td>{d.name ?? ''}{d.note ? <div className="hint">{d.note}</div> : null}</td>
      <td>{SOURCES[d.source] ?? d.source}</td>
      <td>{d.source === 'OVERRIDE' && <button onClick={async () => { await remove({ date: d.date }); onChanged(); }}>删除</button>}</td>
    </tr>
  );
}

function DayEditor({ onSaved }: { onSaved: () => void }) {
  const [form, setForm] = useState({ date: '', working: 'false', name: '', note: '' });
  const [{ fetching }, save] = useMutation(SET);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const day = { date: form.date, working: form.working === 'true', name: form.name || null, note: form.note || null };
    const res = await save({ input: { days: [day] } });
    setMessage(res.error ? { ok: false, text: plainError(res.error)! } : { ok: true, text: `已保存 ${form.date}` });
    if (!res.error) onSaved();
  };
  const set = (k: string) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  return (
    <form className="filters" onSubmit={submit} aria-label="维护日期" data-testid="day-editor">
      <label>日期<input type="date" name="date" required value={form.date} onChange={set('date')} /></label>
      <label>类型<select name="working" value={form.working} onChange={set('working')}>
        <option value="false">休息日（节假日）</option><option value="true">工作日（调休补班）</option>
      </select></label>
      <label>名称<input name="name" value={form.name} onChange={set('name')} placeholder="如：春节、调休补班" /></label>
      <label>依据<input name="note" value={form.note} onChange={set('note')} placeholder="如：国办发明电〔2026〕N号" /></label>
      <button type="submit" className="primary" disabled={fetching}>保存</button>
      {message && <span className={message.ok ? 'ok' : 'error'} data-testid="day-saved">{message.text}</span>}
    </form>
  );
}
