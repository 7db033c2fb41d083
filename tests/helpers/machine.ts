/** Pure machine tests go through the engine's own decision (src/engine/step.ts decideEvent). */
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, WorkflowDefinition } from '../../machines/definition';
import { shanghaiDate } from '../../src/calendar/calendar';
import { WorkflowError } from '../../src/kernel/errors';
import { decideEvent } from '../../src/engine/step';

export type Outcome =
  | { code: 'OK'; snapshot: AnyMachineSnapshot }
  | { code: string; issues?: { path: string; message?: string }[] };

/** One event as the engine would decide it at time `at`: the next snapshot, or the error code. */
export function act(
  definition: WorkflowDefinition,
  snapshot: AnyMachineSnapshot,
  type: string,
  payload: unknown,
  actor: Actor,
  at: string,
): Outcome {
  const now = new Date(at);
  try {
    const { next } = decideEvent(definition, snapshot, { type, payload, actor }, now, shanghaiDate(now));
    return { code: 'OK', snapshot: next };
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    const issues = (error.details.invalidFields as { path: string; message: string }[] | undefined)?.map((i) => ({
      path: i.path,
      message: i.message,
    }));
    return issues ? { code: error.code, issues } : { code: error.code };
  }
}
