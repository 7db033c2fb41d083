/**
 * 挂图作战: open items as 蓝黄红 counts by lead unit × process, with totals and 挂牌 marks.
 * The counts are read (alertSummary's cells), then moved by the transition stream followed from
 * their cursor; a cell that changes flashes. They are read afresh every few minutes and whenever
 * the wall is shown again: a transition that takes an item out of this reader's sight (an
 * administrator reassigns it to another unit) reaches them by no message, as the visibility rule
 * has it, so only a fresh read can take it off their wall.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { plainError } from '../api/errors';
import { useMachines } from '../api/machines';
import { applyMove, emptyCounts, follow, loadCounts, moveOf, type Counts, type StreamMessage } from '../api/wall';
import { LEVELS, LEVEL_LABELS } from '../labels';
import { navigate } from '../router';

const FLASH_MS = 4000;
const RESYNC_MS = 5 * 60_000;

/** Counts that differ between two readings of the cells. */
function changedKeys(before: Map<string, Counts>, after: Map<string, Counts>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  const same = (a?: Counts, b?: Counts) => [...LEVELS, 'total', 'flagged'].every((k) => (a?.[k] ?? 0) === (b?.[k] ?? 0));
  return [...keys].filter((k) => !same(before.get(k), after.get(k)));
}

/** A number that grows every RESYNC_MS and whenever the page is shown again. */
function useResync(): number {
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    const again = () => setGeneration((g) => g + 1);
    const shown = () => document.visibilityState === 'visible' && again();
    const t = setInterval(again, RESYNC_MS);
    document.addEventListener('visibilitychange', shown);
    return () => {
      clearInterval(t);
      document.removeEventListener('visibilitychange', shown);
    };
  }, []);
  return generation;
}

/** The cells with each unit's and each process's totals, and the grand total. */
function withTotals(cells: Map<string, Counts>) {
  const all = new Map(cells);
  const add = (key: string, c: Counts) => {
    const t = { ...(all.get(key) ?? emptyCounts()) };
    for (const k of [...LEVELS, 'total', 'flagged']) t[k] = (t[k] ?? 0) + (c[k] ?? 0);
    all.set(key, t);
  };
  for (const [key, c] of cells) {
    const [unit, machineId] = key.split('|');
    add(`${unit}|total`, c);
    add(`total|${machineId}`, c);
    add('total|total', c);
  }
  return all;
}

/** The keys a change of `key` shows on: the cell, its row's and column's totals, the grand total. */
const shownAt = (key: string) => {
  const [unit, machineId] = key.split('|');
  return [key, `${unit}|total`, `total|${machineId}`, 'total|total'];
};

function useWallCounts() {
  const client = useClient();
  const [cells, setCells] = useState<Map<string, Counts> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [flashes, setFlashes] = useState<Map<string, number>>(new Map());
  const [lastMessage, setLastMessage] = useState<StreamMessage | null>(null);
  const generation = useResync();
  // the cells on screen, for the next reading to compare with
  const shown = useRef<Map<string, Counts> | null>(null);
  const show = (c: Map<string, Counts>) => {
    shown.current = c;
    setCells(c);
  };
  useEffect(() => {
    let stopped = false;
    let subscription: { unsubscribe(): void } | null = null;
    loadCounts(client)
      .then((counts) => {
        if (stopped) return;
        let current = counts.cells;
        // a fresh reading: what it changed flashes, as a streamed move does
        const changed = shown.current ? changedKeys(shown.current, current) : [];
        show(current);
        if (changed.length) {
          const at = Date.now();
          setFlashes((f) => new Map([...f, ...changed.flatMap((key) => shownAt(key).map((k) => [k, at] as const))]));
        }
        subscription = follow(
          client,
          counts.cursor,
          (m) => {
            // a transition the counts already hold (committed, numbered after they were read)
            if (counts.counted.delete(`${m.workflowId}:${m.version}`)) return;
            const move = moveOf(m);
            setLastMessage(m);
            if (!move.from && !move.to) return;
            if (move.from?.key === move.to?.key && move.from?.level === move.to?.level && move.from?.flagged === move.to?.flagged) return;
            current = applyMove(current, move);
            show(current);
            const at = Date.now();
            setFlashes((f) => {
              const next = new Map(f);
              for (const place of [move.from, move.to]) if (place) for (const key of shownAt(place.key)) next.set(key, at);
              return next;
            });
            (window as any).__wallLastChange = performance.now();
          },
          (e) => setError(plainError(e)),
        );
      })
      .catch((e) => setError(plainError(e)));
    return () => {
      stopped = true;
      subscription?.unsubscribe();
    };
  }, [client, generation]);
  return { cells, error, flashes, lastMessage };
}

export function Wall() {
  const machines = useMachines();
  const { cells: counted, error, flashes, lastMessage } = useWallCounts();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (counted && machines.length && !(window as any).__wallFirstCounts) (window as any).__wallFirstCounts = performance.now();
  }, [counted, machines.length]);
  if (error) return <p className="error" role="alert">{error}</p>;
  if (!counted || !machines.length) return <p className="loading">正在载入挂图…</p>;
  const cells = withTotals(counted);
  const units = [...new Set([...counted.keys()].map((key) => key.split('|')[0]))].sort((a, b) => {
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
    const c = cells.get(key) ?? emptyCounts();
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
