/**
 * 挂图作战: open items as 蓝黄红 counts by lead unit × process, with totals and 挂牌 marks.
 * Loaded once, then moved by the transition stream; a cell that changes flashes.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { plainError } from '../api/errors';
import { useMachines, type MachineSummary } from '../api/machines';
import { loadItem, loadOpenItems, TRANSITIONS, type OpenItem, type StreamMessage } from '../api/wall';
import { LEVELS, LEVEL_LABELS } from '../labels';
import { navigate } from '../router';

type Counts = Record<string, number> & { total: number; flagged: number };
const empty = (): Counts => ({ RED: 0, YELLOW: 0, BLUE: 0, total: 0, flagged: 0 });
const FLASH_MS = 4000;

function tally(items: Iterable<OpenItem>) {
  const cells = new Map<string, Counts>();
  const add = (key: string, item: OpenItem) => {
    const c = cells.get(key) ?? empty();
    c[item.level] = (c[item.level] ?? 0) + 1;
    c.total += 1;
    if (item.flagged) c.flagged += 1;
    cells.set(key, c);
  };
  for (const item of items) {
    add(`${item.unit}|${item.machineId}`, item);
    add(`${item.unit}|total`, item);
    add(`total|${item.machineId}`, item);
    add('total|total', item);
  }
  return cells;
}

function useWallItems(machines: MachineSummary[]) {
  const client = useClient();
  const [items, setItems] = useState<Map<string, OpenItem> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flashes, setFlashes] = useState<Map<string, number>>(new Map());
  const [lastMessage, setLastMessage] = useState<StreamMessage | null>(null);
  const finals = useRef(new Set<string>());
  finals.current = new Set(machines.flatMap((m) => m.states.filter((s) => s.final).map((s) => `${m.id}|${s.id}`)));
  useEffect(() => {
    let current: Map<string, OpenItem> | null = null;
    const buffered: StreamMessage[] = [];
    let stopped = false;
    const flash = (...items: (OpenItem | undefined | null)[]) => {
      const at = Date.now();
      setFlashes((f) => {
        const next = new Map(f);
        for (const i of items) if (i) for (const key of [`${i.unit}|${i.machineId}`, `${i.unit}|total`, `total|${i.machineId}`, 'total|total']) next.set(key, at);
        return next;
      });
      (window as any).__wallLastChange = performance.now();
    };
    const apply = async (m: StreamMessage) => {
      const map = current!;
      const before = map.get(m.workflowId);
      if (before && m.version <= before.version) return;
      const closed = finals.current.has(`${m.machineId}|${m.stateAfter}`);
      let after: OpenItem | null = null;
      if (before) after = closed ? null : { ...before, level: m.alertLevel, version: m.version };
      else if (!closed) after = await loadItem(client, m.workflowId);
      if (stopped || !current) return;
      const next = new Map(current);
      if (after) next.set(after.id, after);
      else next.delete(m.workflowId);
      current = next;
      setItems(next);
      if (before?.level !== after?.level || !before !== !after) flash(before, after);
      setLastMessage(m);
    };
    const subscription = client.subscription(TRANSITIONS, {}).subscribe((result) => {
      if (result.error) return setError(plainError(result.error));
      const m = result.data?.transitions as StreamMessage | undefined;
      if (!m) return;
      if (current) void apply(m);
      else buffered.push(m);
    });
    loadOpenItems(client)
      .then(async (loaded) => {
        if (stopped) return;
        current = loaded;
        setItems(loaded);
        // messages that arrived while reading: an item's version says whether it is already counted
        for (const m of buffered.splice(0)) await apply(m);
      })
      .catch((e) => setError(plainError(e)));
    return () => {
      stopped = true;
      subscription.unsubscribe();
    };
  }, [client]);
  return { items, error, flashes, lastMessage };
}

export function Wall() {
  const machines = useMachines();
  const { items, error, flashes, lastMessage } = useWallItems(machines);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (items && machines.length && !(window as any).__wallFirstCounts) (window as any).__wallFirstCounts = performance.now();
  }, [items, machines.length]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!items || !machines.length) return <p className="loading">正在载入挂图…</p>;
  const cells = tally(items.values());
  const units = [...new Set([...items.values()].map((i) => i.unit))].sort((a, b) => {
    const x = cells.get(`${a}|total`)!;
    const y = cells.get(`${b}|total`)!;
    return y.RED - x.RED || y.YELLOW - x.YELLOW || y.total - x.total || a.localeCompare(b, 'zh-CN');
  });
  const columns = machines;
  const open = (unit: string, machineId: string, level?: string) => {
    const q = new URLSearchParams({ status: 'ACTIVE' });
    if (unit !== 'total') q.set('leadUnit', unit);
    if (machineId !== 'total') q.set('machineId', machineId);
    if (level) q.set('alertLevel', level);
    navigate(`/ledger?${q}`);
  };
  const cell = (unit: string, machineId: string) => {
    const key = `${unit}|${machineId}`;
    const c = cells.get(key) ?? empty();
    const flashing = now - (flashes.get(key) ?? 0) < FLASH_MS;
    return (
      <td key={key} data-cell={key} className={`cell${flashing ? ' changed' : ''}${c.total ? '' : ' none'}`} onClick={() => c.total && open(unit, machineId)}>
        {c.total > 0 && (
          <div className="counts">
            {LEVELS.map((l) => (
              <button key={l} className={`count count-${l.toLowerCase()}${c[l] ? '' : ' zero'}`} data-level={l} title={`${LEVEL_LABELS[l]}：${c[l]} 项`}
                onClick={(e) => { e.stopPropagation(); if (c[l]) open(unit, machineId, l); }}>
                {c[l]}
              </button>
            ))}
          </div>
        )}
        {c.flagged > 0 && <span className="flag" data-flagged={c.flagged} title="挂牌督办">挂牌 {c.flagged}</span>}
      </td>
    );
  };
  return (
    <div className="wall" data-wall-ready="true">
      <div className="wall-head">
        <h2>挂图作战 · 蓝黄红三色管理</h2>
        <Legend />
        <span className="live" data-testid="live">
          实时 {lastMessage ? `· 最新：${lastMessage.title}` : ''}
        </span>
      </div>
      <table className="wall-table">
        <thead>
          <tr>
            <th>承办单位</th>
            {columns.map((m) => <th key={m.id}>{m.title}</th>)}
            <th>合计</th>
          </tr>
        </thead>
        <tbody>
          {units.length === 0 && (
            <tr><td colSpan={columns.length + 2} className="empty">没有进行中的事项。</td></tr>
          )}
          {units.map((u) => (
            <tr key={u}>
              <th scope="row">{u}</th>
              {columns.map((m) => cell(u, m.id))}
              {cell(u, 'total')}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            {columns.map((m) => cell('total', m.id))}
            {cell('total', 'total')}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Legend() {
  return (
    <span className="legend">
      <span className="count count-red">红</span> 逾期未办
      <span className="count count-yellow">黄</span> 临近期限
      <span className="count count-blue">蓝</span> 正常推进
      <span className="flag">挂牌</span> 挂牌督办
    </span>
  );
}
