/**
 * What a repair skipped, in Chinese. The API words its warnings in English for logs and
 * integrators; the known shapes are put in plain words here, anything else is shown as given.
 */
import { formatTime, STATUS_LABELS } from '../../labels';

type Label = (state: string) => string;

const SHAPES: [RegExp, (m: RegExpMatchArray, label: Label) => string][] = [
  [/^deadline (\S+) \((.*)\) is already past: (\S+)$/, (m) => `期限「${m[2]}」已经过去（${formatTime(m[3])}）：将立即按逾期处理。`],
  [/^reopened a (\w+) workflow$/, (m) => `重新打开了一个${STATUS_LABELS[m[1]] ?? m[1]}的事项。`],
  [/^state unchanged \((.*)\)$/, (m, label) => `环节没有变化（仍在「${label(m[1])}」）。`],
  [/^skipped from (\S+) to (\S+): no sequence of events leads there$/, (m, label) => `从「${label(m[1])}」直接移至「${label(m[2])}」：按流程规则没有办理步骤能到达该环节。`],
  [/^skipped from (\S+) to (\S+), bypassing (.*)$/, (m, label) => `从「${label(m[1])}」移至「${label(m[2])}」，跳过了：${m[3].replace(/\b[A-Z][A-Z_]+\b\s*/g, '').replace(/\(automatic\)/g, '（自动转入）')}。`],
  [/^(\S+) now lists a unit or person twice$/, (m) => `字段「${m[1]}」中现在有重复的单位或人员，请核对。`],
];

export function warningText(warning: string, label: Label = (s) => s): string {
  for (const [shape, say] of SHAPES) {
    const m = warning.match(shape);
    if (m) return say(m, label);
  }
  return `提示：${warning}`;
}
