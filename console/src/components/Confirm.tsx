/**
 * A button that asks once more before it acts, in the page (no browser dialog): the first click
 * shows what will happen and a 确定 / 取消 pair.
 */
import { useState, type ReactNode } from 'react';

export function Confirm(props: { label: string; question: ReactNode; onConfirm: () => void; busy?: boolean; testId?: string; primary?: boolean }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={props.primary ? 'primary' : undefined} disabled={props.busy} onClick={() => setAsking(true)} data-testid={props.testId}>
        {props.label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={`确认${props.label}`} data-testid={props.testId ? `${props.testId}-confirm` : undefined}>
      <span className="notice">{props.question}</span>
      <button type="button" className="primary" disabled={props.busy} onClick={() => { setAsking(false); props.onConfirm(); }}>确定</button>
      <button type="button" onClick={() => setAsking(false)}>取消</button>
    </span>
  );
}
