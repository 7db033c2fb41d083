/** A horizontal bar chart in plain SVG: one bar per row, the value written beside it. */
export function BarChart(props: { rows: { label: string; value: number | null }[]; max?: number; format?: (v: number) => string; color?: string; testId?: string }) {
  const max = props.max ?? Math.max(1, ...props.rows.map((r) => r.value ?? 0));
  const rowH = 22;
  const labelW = 130;
  const barW = 300;
  const format = props.format ?? String;
  return (
    <svg className="chart" viewBox={`0 0 ${labelW + barW + 70} ${props.rows.length * rowH + 4}`} role="img" data-testid={props.testId}>
      {props.rows.map((r, i) => (
        <g key={r.label} transform={`translate(0,${i * rowH})`}>
          <text x={labelW - 6} y={15} textAnchor="end">{r.label}</text>
          <rect x={labelW} y={4} height={14} width={r.value == null ? 0 : (barW * r.value) / max} fill={props.color ?? '#1d5fbf'} />
          <text x={labelW + (r.value == null ? 0 : (barW * r.value) / max) + 6} y={15}>{r.value == null ? '—' : format(r.value)}</text>
        </g>
      ))}
    </svg>
  );
}

/** Columns by month: two series side by side (e.g. received and late). */
export function MonthChart(props: { months: { month: string; a: number; b: number }[]; labels: [string, string] }) {
  const max = Math.max(1, ...props.months.flatMap((m) => [m.a, m.b]));
  const colW = 56;
  const h = 140;
  return (
    <svg className="chart" viewBox={`0 0 ${props.months.length * colW + 20} ${h + 40}`} role="img" data-testid="month-chart">
      {props.months.map((m, i) => (
        <g key={m.month} transform={`translate(${10 + i * colW},0)`}>
          <rect x={8} y={h - (h * m.a) / max} width={16} height={(h * m.a) / max} fill="#1d5fbf"><title>{`${props.labels[0]} ${m.a}`}</title></rect>
          <rect x={26} y={h - (h * m.b) / max} width={16} height={(h * m.b) / max} fill="#d4380d"><title>{`${props.labels[1]} ${m.b}`}</title></rect>
          <text x={25} y={h + 14} textAnchor="middle">{m.month.slice(5)}月</text>
          <text x={25} y={h + 28} textAnchor="middle">{m.a}/{m.b}</text>
        </g>
      ))}
    </svg>
  );
}
