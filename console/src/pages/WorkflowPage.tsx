/**
 * One item: its fields (labelled from the machine's input schema), current state and
 * deadlines, the state diagram with the path taken, the history timeline, the hash-chain
 * check, and the actions the caller may take now as forms generated from each event's JSON
 * Schema, sent with expectedVersion.
 */
import { useEffect, useRef, useState } from 'react';
import { gql, useMutation, useQuery } from 'urql';
import { codeOf, plainError } from '../api/errors';
import { useServerNow } from '../api/serverClock';
import { TIMELINE_FIELDS, TIMELINE_VARIABLES, usePathTaken, useTimeline, type Timeline as TimelineData } from '../api/timeline';
import { AlertChip } from '../components/AlertChip';
import { SchemaForm } from '../components/SchemaForm';
import { StateDiagram } from '../components/StateDiagram';
import { displayValue, fieldLabel } from '../fieldLabels';
import { formatTime, STATUS_LABELS, timeLeft } from '../labels';
import { Link } from '../router';

const WORKFLOW_FIELDS = `
  id machineId machineVersion title state stateLabel status version context alertLevel deadline deadlineProvisional
  confidential units awaiting createdAt updatedAt createdBy { id name unit }
  deadlines { kind label due warnAt provisional }
  availableEvents { type label payloadSchema }
`;

const WORKFLOW = gql`
  query WorkflowPage($id: ID!) { workflow(id: $id) { ${WORKFLOW_FIELDS} } }
`;

const MACHINE = gql`
  query WorkflowMachine($id: String!) {
    machine(id: $id) {
      id version title initialState inputSchema
      states { id label final }
      transitions { source target event eventLabel }
    }
  }
`;

const SEND = gql`
  mutation ConsoleSendEvent($input: SendEventInput!, ${TIMELINE_VARIABLES}) {
    sendEvent(input: $input) { ${WORKFLOW_FIELDS} ${TIMELINE_FIELDS} }
  }
`;

const VERIFY = gql`
  query VerifyHistory($id: ID!) { verifyHistory(workflowId: $id) { ok checked problem detail snapshotChecked } }
`;

/** A fresh key per submission (crypto.randomUUID needs https, which an intranet address may lack). */
const retryKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export function WorkflowPage({ id }: { id: string }) {
  // cache-and-network: a repair from the administration page changes deadlines the cache holds
  const [{ data, error, fetching }, refetch] = useQuery({ query: WORKFLOW, variables: { id }, requestPolicy: 'cache-and-network' });
  const w = data?.workflow;
  const [{ data: m }] = useQuery({ query: MACHINE, variables: { id: w?.machineId ?? '' }, pause: !w });
  // the version of this item only (not of the one shown before, while this one loads)
  const version = w?.id === id ? w.version : undefined;
  const timeline = useTimeline(id, version);
  const path = usePathTaken(id, version);
  const now = useServerNow();
  if (error) return <p className="error" role="alert">{plainError(error)}</p>;
  if (!w) return fetching ? <p className="loading">正在载入…</p> : <p className="empty" data-testid="not-found">没有找到该事项：它不存在，或您无权查看。<Link to="/ledger">返回台账</Link></p>;
  const machine = m?.machine;
  const inputKeys = Object.keys(machine?.inputSchema?.properties ?? {});
  return (
    <div className="workflow" data-workflow-page={w.id}>
      <h2>
        <AlertChip level={w.alertLevel} /> {w.title}
      </h2>
      <p className="hint">
        {machine?.title ?? w.machineId}（第 {w.machineVersion} 版）· 第 {w.version} 次变更 · {STATUS_LABELS[w.status]}
        {w.confidential ? ' · 涉密' : ''} · 创建：{w.createdBy.unit} {w.createdBy.name} {formatTime(w.createdAt)}
      </p>
      <div className="grid">
        <div>
          <section className="panel">
            <h3>当前环节：<span data-testid="state">{w.stateLabel}</span></h3>
            {w.deadlines.length === 0 ? <p className="hint">当前环节没有期限。</p> : (
              <table>
                <thead><tr><th>期限</th><th>到期</th><th>预警</th><th>剩余</th></tr></thead>
                <tbody>
                  {w.deadlines.map((d: any) => (
                    <tr key={d.kind}><td>{d.label}{d.provisional ? '（暂定）' : ''}</td><td>{formatTime(d.due)}</td><td>{formatTime(d.warnAt)}</td><td>{timeLeft(d.due, now)}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          {machine && (
            <section className="panel">
              <h3>流程图</h3>
              <StateDiagram states={machine.states} transitions={machine.transitions} initial={machine.initialState} current={w.state}
                path={path} />
            </section>
          )}
          <section className="panel">
            <h3>事项信息</h3>
            <dl className="fields">
              {inputKeys.filter((k) => k in w.context).map((k) => (
                <div key={k} className="field-row" data-field={k}>
                  <dt>{fieldLabel(k, machine.inputSchema.properties[k])}</dt>
                  <dd>{displayValue(w.context[k])}</dd>
                </div>
              ))}
            </dl>
          </section>
          <Timeline timeline={timeline} />
        </div>
        <div>
          <Actions workflow={w} timeline={timeline} onConflict={() => {
            refetch({ requestPolicy: 'network-only' });
            timeline.refresh();
          }} />
          <HistoryCheck id={w.id} version={w.version} />
        </div>
      </div>
    </div>
  );
}

/** Newest first; older pages load when the end of the list scrolls into view (or on the button). */
function Timeline({ timeline }: { timeline: TimelineData }) {
  const { entries, total, hasMore, loadMore, fetching, problem } = timeline;
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const end = sentinel.current;
    if (!end || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((seen) => seen.some((s) => s.isIntersecting) && loadMore(), { rootMargin: '200px' });
    observer.observe(end);
    return () => observer.disconnect();
  }, [hasMore, loadMore]);
  return (
    <section className="panel">
      <h3>办理记录（<span data-testid="timeline-count">{total > entries.length ? `共 ${total} 条，已显示 ${entries.length} 条` : `${total}`}</span>）</h3>
      <p className="hint">最新的记录在最上方。</p>
      <ol className="timeline" data-testid="timeline">
        {entries.map((e) => (
          <li key={e.seq} data-seq={e.seq} data-event-type={e.eventType}>
            <div>
              <strong>{e.eventLabel}</strong> → {e.stateAfterLabel} <AlertChip level={e.alertLevel} />
            </div>
            <div className="when">
              {formatTime(e.at)} · {e.actor.unit} {e.actor.name}
              {e.onBehalfOf ? `（受 ${e.onBehalfOf.unit} ${e.onBehalfOf.name} 委派）` : ''}
            </div>
            {Object.keys(e.payload ?? {}).length > 0 && (
              <dl className="fields payload">
                {Object.entries(e.payload).map(([k, v]) => (
                  <div key={k}><dt>{fieldLabel(k, null)}</dt><dd>{displayValue(v)}</dd></div>
                ))}
              </dl>
            )}
          </li>
        ))}
      </ol>
      {problem && <p className="error">{problem}</p>}
      {hasMore && (
        <div ref={sentinel} className="timeline-more" data-testid="timeline-more">
          <button onClick={loadMore} disabled={fetching}>{fetching ? '正在载入…' : '加载更早的记录'}</button>
        </div>
      )}
    </section>
  );
}

function Actions({ workflow: w, timeline, onConflict }: { workflow: any; timeline: TimelineData; onConflict: () => void }) {
  const [{ fetching }, send] = useMutation(SEND);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (type: string, label: string, payload: Record<string, unknown>) => {
    setOutcome(null);
    const input = { workflowId: w.id, type, payload, expectedVersion: w.version, idempotencyKey: retryKey() };
    // the answer carries the latest page as the timeline will ask for it at the next version
    const res = await send({ input, ...timeline.timelineVariables(w.version + 1) });
    if (res.error) {
      setOutcome({ ok: false, text: plainError(res.error)! });
      if (['VERSION_CONFLICT', 'EVENT_NOT_ACCEPTED'].includes(codeOf(res.error) ?? '')) onConflict();
    } else setOutcome({ ok: true, text: `已提交：${label}。当前环节：${res.data.sendEvent.stateLabel}` });
  };
  return (
    <section className="panel" aria-label="可办理的操作">
      <h3>您现在可以办理</h3>
      {outcome && <p className={outcome.ok ? 'ok' : 'error'} role={outcome.ok ? 'status' : 'alert'} data-testid="outcome">{outcome.text}</p>}
      {w.availableEvents.length === 0 && <p className="hint" data-testid="no-actions">当前环节没有您可以办理的操作。</p>}
      {w.availableEvents.map((e: any) => (
        <SchemaForm key={`${e.type}-${w.version}`} title={e.label} schema={e.payloadSchema} busy={fetching} testId={e.type}
          onSubmit={(payload) => submit(e.type, e.label, payload)} />
      ))}
    </section>
  );
}

function HistoryCheck({ id, version }: { id: string; version: number }) {
  const [asked, setAsked] = useState<number | null>(null);
  const [{ data, error, fetching }] = useQuery({ query: VERIFY, variables: { id }, pause: asked === null, requestPolicy: 'network-only' });
  const r = data?.verifyHistory;
  return (
    <section className="panel">
      <h3>历史链校验</h3>
      <p className="hint">重新计算办理记录的哈希链，检查记录是否被篡改。</p>
      <button onClick={() => setAsked(version)} disabled={fetching}>校验</button>
      {error && <p className="error">{plainError(error)}</p>}
      {r && asked !== null && (
        <p className={r.ok ? 'ok' : 'error'} data-testid="chain">
          {r.ok ? `完整：${r.checked} 条记录均已核验${r.snapshotChecked ? '，当前状态与最后一条记录一致' : ''}。` : `发现问题：${r.detail ?? r.problem}`}
        </p>
      )}
    </section>
  );
}
