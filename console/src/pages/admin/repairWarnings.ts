/**
 * What a repair skipped, in Chinese, worded by each warning's code and particulars
 * (`warningDetails`); the API's English message is shown only for a code this console does not
 * know yet.
 */
import { formatTime, STATUS_LABELS } from '../../labels';

type Label = (state: string) => string;

export interface RepairWarning {
  code: string;
  message: string;
  status: string | null;
  from: string | null;
  to: string | null;
  bypassed: { type: string | null; label: string | null }[] | null;
  deadline: { kind: string; label: string; due: string } | null;
  path: string | null;
}

export const WARNING_FIELDS = 'warningDetails { code message status from to bypassed { type label } deadline { kind label due } path }';

const step = (s: { type: string | null; label: string | null }) => (s.type ? (s.label ?? s.type) : '（自动转入）');

export function warningText(w: RepairWarning, label: Label = (s) => s): string {
  switch (w.code) {
    case 'DEADLINE_PAST':
      if (w.deadline) return `期限「${w.deadline.label}」已经过去（${formatTime(w.deadline.due)}）：将立即按逾期处理。`;
      break;
    case 'REOPENED':
      return `重新打开了一个${STATUS_LABELS[w.status ?? ''] ?? w.status ?? ''}的事项。`;
    case 'STATE_UNCHANGED':
      return `环节没有变化（仍在「${label(w.from ?? '')}」）。`;
    case 'NO_PATH':
      return `从「${label(w.from ?? '')}」直接移至「${label(w.to ?? '')}」：按流程规则没有办理步骤能到达该环节。`;
    case 'BYPASSED':
      return `从「${label(w.from ?? '')}」移至「${label(w.to ?? '')}」，跳过了：${(w.bypassed ?? []).map(step).join(' → ')}。`;
    case 'DUPLICATE_PARTY':
      return `字段「${w.path}」中现在有重复的单位或人员，请核对。`;
  }
  return `提示：${w.message}`;
}
