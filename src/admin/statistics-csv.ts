/**
 * Unit statistics as CSV for the office's 通报: UTF-8 with a byte order mark and CRLF line ends,
 * so Excel opens the Chinese headers and unit names correctly.
 */
import type { UnitStatisticsView } from './admin-service';

export const CSV_BOM = '\uFEFF';

const COLUMNS: [keyof UnitStatisticsView, string][] = [
  ['unit', '承办单位'],
  ['received', '收到件数'],
  ['answered', '已反馈'],
  ['answeredOnTime', '按期反馈'],
  ['late', '发生逾期'],
  ['overdueNow', '当前超期'],
  ['avgDaysToFeedback', '平均反馈用时（天）'],
  ['countersignAvgHours', '会签平均用时（小时）'],
];

/** A field quoted when it needs to be; a leading = + - @ is neutralised (spreadsheet formulas). */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The fixed columns, then each process figure and rate any row has, headed by its label. */
export function statisticsCsv(rows: UnitStatisticsView[]): string {
  const extra = new Map<string, string>();
  for (const r of rows) for (const f of [...r.figures, ...r.rates]) extra.set(`${f.machineId}.${f.key}`, f.label);
  const extraOf = (r: UnitStatisticsView) => {
    const values = new Map([...r.figures, ...r.rates].map((f) => [`${f.machineId}.${f.key}`, f.value]));
    return [...extra.keys()].map((k) => field(values.get(k)));
  };
  const lines = [
    [...COLUMNS.map(([, header]) => header), ...extra.values()].map(field),
    ...rows.map((r) => [...COLUMNS.map(([key]) => field(r[key])), ...extraOf(r)]),
  ];
  return CSV_BOM + lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}
