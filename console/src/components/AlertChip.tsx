import { LEVEL_LABELS, LEVEL_MEANING } from '../labels';

export function AlertChip({ level }: { level: string }) {
  return (
    <span className={`chip chip-${level.toLowerCase()}`} title={LEVEL_MEANING[level]} data-level={level}>
      {LEVEL_LABELS[level] ?? level}
    </span>
  );
}
