/**
 * A stream message as a CloudEvents 1.0 event (structured mode, JSON): the same message integrators
 * get today as `data`, with the envelope any CloudEvents SDK or broker understands.
 */
import { after, before, type StreamMessage } from './message';

export const TRANSITION_EVENT_TYPE = 'gov.zhaoyuan.duban.transition';

/** What integrators receive for one transition, without the visibility bookkeeping. */
export interface IntegratorMessage {
  cursor: string;
  workflowId: string;
  machineId: string;
  machineVersion: number;
  title: string;
  version: number;
  eventType: string;
  payload: Record<string, unknown>;
  actor: StreamMessage['actor'];
  stateBefore: string | null;
  stateAfter: string;
  alertLevel: string;
  at: string;
  /** the wall's fields (null on messages recorded before they were kept; the before-fields also for a start or a draft) */
  statusAfter: string | null;
  leadUnit: string | null;
  flagged: boolean | null;
  statusBefore: string | null;
  alertLevelBefore: string | null;
  leadUnitBefore: string | null;
  flaggedBefore: boolean | null;
}

export interface CloudEvent {
  specversion: '1.0';
  /** the stream cursor: unique, and the same on every redelivery */
  id: string;
  source: string;
  type: typeof TRANSITION_EVENT_TYPE;
  time: string;
  /** the workflow */
  subject: string;
  datacontenttype: 'application/json';
  data: IntegratorMessage;
}

export function integratorMessage(m: StreamMessage): IntegratorMessage {
  return {
    cursor: m.cursor,
    workflowId: m.workflowId,
    machineId: m.machineId,
    machineVersion: m.machineVersion,
    title: m.title,
    version: m.version,
    eventType: m.eventType,
    payload: m.payload,
    actor: m.actor,
    stateBefore: m.stateBefore,
    stateAfter: m.stateAfter,
    alertLevel: m.alertLevel,
    at: m.at.toISOString(),
    statusAfter: after(m, null)?.status ?? null,
    leadUnit: after(m, null)?.leadUnit ?? null,
    flagged: after(m, null)?.flagged ?? null,
    ...beforeFields(m),
  };
}

/** Integrators never saw a draft: its former place is null, as for a start. */
function beforeFields(m: StreamMessage) {
  const b = before(m, null);
  return { statusBefore: b?.status ?? null, alertLevelBefore: b?.alertLevel ?? null, leadUnitBefore: b?.leadUnit ?? null, flaggedBefore: b?.flagged ?? null };
}

export function cloudEventOf(m: StreamMessage, source: string): CloudEvent {
  return {
    specversion: '1.0',
    id: m.cursor,
    source,
    type: TRANSITION_EVENT_TYPE,
    time: m.at.toISOString(),
    subject: m.workflowId,
    datacontenttype: 'application/json',
    data: integratorMessage(m),
  };
}
