/**
 * The machine's states as a left-to-right diagram (hand-drawn SVG, no layout library): each
 * state in the column of its distance from the initial state; the current state filled, the
 * states and transitions the item went through in blue.
 */
interface State { id: string; label: string; final: boolean }
interface Edge { source: string; target: string; eventLabel: string }

const W = 132;
const H = 34;
const GAP_X = 56;
const GAP_Y = 16;

function layers(states: State[], edges: Edge[], initial: string): Map<string, number> {
  const depth = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  while (queue.length) {
    const s = queue.shift()!;
    for (const e of edges) {
      if (e.source === s && !depth.has(e.target)) {
        depth.set(e.target, depth.get(s)! + 1);
        queue.push(e.target);
      }
    }
  }
  const deepest = Math.max(0, ...depth.values());
  for (const s of states) if (!depth.has(s.id)) depth.set(s.id, deepest + 1);
  // final states in the last column, where a reader looks for the end
  const last = Math.max(...[...depth.values()]);
  for (const s of states) if (s.final) depth.set(s.id, last);
  return depth;
}

export function StateDiagram(props: { states: State[]; transitions: Edge[]; initial: string; current: string; path: [string | null, string][] }) {
  const edges = props.transitions.filter((e) => e.source !== e.target);
  const depth = layers(props.states, edges, props.initial);
  const columns = new Map<number, string[]>();
  for (const s of props.states) columns.set(depth.get(s.id)!, [...(columns.get(depth.get(s.id)!) ?? []), s.id]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [col, ids] of columns) ids.forEach((id, row) => pos.set(id, { x: 10 + col * (W + GAP_X), y: 10 + row * (H + GAP_Y) }));
  const width = 20 + Math.max(...columns.keys()) * (W + GAP_X) + W;
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length)) * (H + GAP_Y);
  const visited = new Set(props.path.map(([, to]) => to));
  const taken = new Set(props.path.map(([from, to]) => `${from}→${to}`));
  const unique = [...new Map(edges.map((e) => [`${e.source}→${e.target}`, e])).values()];
  const label = (id: string) => props.states.find((s) => s.id === id)?.label ?? id;
  return (
    <svg className="diagram" viewBox={`0 0 ${width} ${height}`} role="img" aria-label="流程图" data-testid="diagram">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="#8f959e" />
        </marker>
      </defs>
      {unique.map((e) => {
        const a = pos.get(e.source);
        const b = pos.get(e.target);
        if (!a || !b) return null;
        const forward = b.x > a.x;
        const x1 = forward ? a.x + W : a.x + W / 2;
        const y1 = forward ? a.y + H / 2 : a.y + H;
        const x2 = forward ? b.x : b.x + W / 2;
        const y2 = forward ? b.y + H / 2 : b.y + H;
        const d = forward
          ? `M ${x1} ${y1} C ${x1 + GAP_X / 2} ${y1}, ${x2 - GAP_X / 2} ${y2}, ${x2} ${y2}`
          : `M ${x1} ${y1} C ${x1} ${y1 + 40}, ${x2} ${y2 + 40}, ${x2} ${y2}`;
        const key = `${e.source}→${e.target}`;
        return (
          <path key={key} d={d} className={`edge${taken.has(key) ? ' taken' : ''}`} markerEnd="url(#arrow)">
            <title>{`${label(e.source)} → ${label(e.target)}：${e.eventLabel}`}</title>
          </path>
        );
      })}
      {props.states.map((s) => {
        const p = pos.get(s.id)!;
        const cls = s.id === props.current ? 'current' : visited.has(s.id) ? 'visited' : '';
        return (
          <g key={s.id} className={`state ${cls}`} transform={`translate(${p.x},${p.y})`} data-state={s.id} data-mark={cls || 'none'}>
            <rect width={W} height={H} rx={s.final ? 17 : 5} />
            <text x={W / 2} y={H / 2 + 4} textAnchor="middle">{s.label}</text>
          </g>
        );
      })}
    </svg>
  );
}
