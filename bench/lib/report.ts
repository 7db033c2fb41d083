/** Output: tables on the console, and bench/results/latest.json and latest.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine-info';
import type { ScenarioResult, Table } from './scenario';

export interface Report {
  date: string;
  mode: 'quick' | 'full';
  totalS: number;
  machine: MachineInfo;
  /** how the run was set up: what shares the cores, pool size, durability */
  setup: string[];
  scenarios: Array<{ name: string; title: string; result: ScenarioResult }>;
}

/** Display width: CJK characters take two columns in a terminal. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number, right: boolean) => {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
};

export function renderTable(table: Table): string {
  const cells = table.rows.map((r) => r.map(String));
  const widths = table.columns.map((c, i) => Math.max(width(c), ...cells.map((r) => width(r[i] ?? ''))));
  // numbers read best right-aligned; the first column is a label
  const line = (r: string[]) => r.map((c, i) => pad(c, widths[i], i > 0)).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.title, line(table.columns), rule, ...cells.map(line)].join('\n');
}

const markdownTable = (table: Table) =>
  [
    `**${table.title}**`,
    '',
    `| ${table.columns.join(' | ')} |`,
    `|${table.columns.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
    ...table.rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const out = [
    `# Benchmark results (${report.mode} mode)`,
    '',
    `${report.date}, ${report.totalS.toFixed(0)} s in all.`,
    '',
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb.toFixed(1)} GB, ${m.os}; Node ${m.node}; ${m.postgres}.`,
    '',
    ...report.setup.map((s) => `- ${s}`),
    '',
  ];
  for (const { title, result } of report.scenarios) {
    out.push(`## ${title}`, '');
    for (const table of result.tables) out.push(markdownTable(table));
    for (const note of result.notes) out.push(`- ${note}`);
    if (result.notes.length) out.push('');
    for (const d of result.details) out.push(`**${d.title}**`, '', '```', d.text, '```', '');
  }
  return out.join('\n');
}

export function writeReport(dir: string, report: Report): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(path.join(dir, 'latest.md'), renderMarkdown(report));
}
