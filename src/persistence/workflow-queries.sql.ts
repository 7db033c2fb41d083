/** The read side's statements: workflow lists (keyset pagination), histories and their pages, the readiness ping. */
import { createHash } from 'node:crypto';
import type { AlertLevel } from '../calendar/deadlines';
import type { ReaderScope } from '../engine/visibility';
import { sqlParams } from './sql-params';
import { personSql, readerDraftsSql, visibilitySql } from './visibility.sql';
import { WORKFLOW_COLUMNS } from './workflow-store.sql';
import type { Cursor, WorkflowFilter } from './workflow-queries';

/** The 蓝黄红 level at `now` in SQL: the same rule as alertLevelAt (src/calendar/deadlines.ts). */
export function levelSql(now: string, table = ''): string {
  const t = table ? `${table}.` : '';
  return `CASE WHEN ${t}status = 'ACTIVE' AND ${t}deadline <= ${now} THEN 'RED'
    WHEN ${t}status = 'ACTIVE' AND ${t}warn_at <= ${now} THEN 'YELLOW' ELSE 'BLUE' END`;
}

const alertCondition = (level: AlertLevel, now: string) => `${levelSql(now, 'w')} = '${level}'`;

/**
 * A page of workflows, newest first, after the cursor (one row more than `first`, to tell
 * whether another page follows). A reader who sees everything, with no unit filter, walks the
 * workflow table in (created_at, id) order. Otherwise the page is found through
 * workflow_reader: the unit filter's party, or the reader's own unit and person (the visibility
 * rule itself), each walked in order and stopped after a page; the walks are merged and a
 * workflow met twice (its unit and its creator, say) counted once. Either way the cost is about
 * a page of rows, not a share of the table.
 *
 * Whole drafts have their party rows apart (`draft:unit:…`, migrations/1765497600000): seen by
 * their draft readers only, they would otherwise sit in every walk of the units they name, to be
 * read and thrown away. A reader who sees everything walks the filter party's `draft:` rows as
 * well (it reads most drafts); anyone else takes the few whole drafts it may read by its own
 * tokens (workflow_draft_readers_idx).
 */
export function listWorkflowsStatement(
  filter: WorkflowFilter,
  first: number,
  after: Cursor | null,
  now: Date,
  scope: ReaderScope,
): { name: string; text: string; values: unknown[] } {
  const { values, param } = sqlParams();
  const party = filter.unit ? `unit:${filter.unit}` : filter.person ? `person:${filter.person}` : null;
  const parties = party ? [party] : scope.seesAll ? null : [`unit:${scope.unit}`, `person:${scope.person}`];
  const where: string[] = [];
  if (filter.state) where.push(`w.state = ${param(filter.state)}`);
  if (filter.states?.length) where.push(`w.state = ANY(${param(filter.states)}::text[])`);
  // a unit and a person: the walk takes the unit, the person is a condition on the same rows
  if (filter.unit && filter.person) where.push(personSql(param(filter.person)));
  if (filter.leadUnit) where.push(`w.units[1] = ${param(filter.leadUnit)}`);
  if (filter.text) where.push(`w.title ILIKE ${param(`%${likeEscaped(filter.text)}%`)}`);
  const facets = facetFilter(filter);
  if (facets) where.push(`w.facets @> ${param(JSON.stringify(facets))}::jsonb`);
  if (filter.period) {
    where.push(`w.facets->'period'->>'from' <= ${param(filter.period.to)} AND w.facets->'period'->>'to' >= ${param(filter.period.from)}`);
  }
  if (filter.deadlineBefore) where.push(`w.deadline < ${param(filter.deadlineBefore)}`);
  if (filter.alertLevel) where.push(`(${alertCondition(filter.alertLevel, param(now) + '::timestamptz')})`);
  const limit = param(first + 1);
  const visible = visibilitySql(scope, param, 'w');
  // kind, status and the cursor, on a walk's own rows: the workflow table's, or workflow_reader's
  // (numbered when used: a prepared statement must use each of its parameters)
  const onRows = (t: 'w' | 'r') => {
    const id = t === 'w' ? 'w.id' : 'r.workflow_id';
    return [
      ...(filter.machineId ? [`${t}.machine_id = ${param(filter.machineId)}`] : []),
      ...(filter.status ? [`${t}.status = ${param(filter.status)}`] : []),
      ...(after ? [`(${t}.created_at, ${id}) < (${param(after.createdAt)}::timestamptz, ${param(after.id)}::uuid)`] : []),
    ];
  };
  const directly = (conditions: string[]) => `SELECT ${WORKFLOW_COLUMNS_OF_W} FROM workflow w
      ${conditions.length ? 'WHERE ' + conditions.join(' AND ') : ''}
      ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit}`;
  if (!parties) return named(directly([...onRows('w'), ...where, visible]), values);

  const onReader = onRows('r');
  const through = (token: string, rule: string[]) => `SELECT ${WORKFLOW_COLUMNS_OF_W} FROM workflow_reader r JOIN workflow w ON w.id = r.workflow_id
        WHERE ${[`r.token = ${param(token)}`, ...onReader, ...where, ...rule].join(' AND ')}
        ORDER BY r.created_at DESC, r.workflow_id DESC LIMIT ${limit}`;
  // the reader's own parties' rows hold no whole draft: readable by construction; a filter's party's are not
  const walks = parties.map((p) => through(p, party ? [visible] : []));
  if (scope.seesAll) {
    walks.push(through(`draft:${party}`, [visible]));
  } else {
    const ofParty = !party ? [] : filter.unit ? [`w.units @> ARRAY[${param(filter.unit)}]::text[]`] : [personSql(param(filter.person))];
    walks.push(directly([readerDraftsSql(scope, param), ...ofParty, ...onRows('w'), ...where, visible]));
  }
  const text = `SELECT DISTINCT ON (created_at, id) * FROM (${walks.map((w) => `(${w})`).join(' UNION ALL ')}) page
      ORDER BY created_at DESC, id DESC LIMIT ${limit}`;
  return named(text, values);
}

/** One prepared statement per shape of query (which filters, which walk): planned once per connection. */
function named(text: string, values: unknown[]): { name: string; text: string; values: unknown[] } {
  return { name: statementName(text), text, values };
}

/** The facets every match must contain (`facets @> …`, answered by the GIN index), or null. */
function facetFilter(filter: WorkflowFilter): Record<string, unknown> | null {
  const facets: Record<string, unknown> = {};
  if (filter.source != null) facets.source = filter.source;
  if (filter.kind != null) facets.kind = filter.kind;
  if (filter.flagged != null) facets.flagged = filter.flagged;
  return Object.keys(facets).length ? facets : null;
}

/** A LIKE pattern's own characters taken literally (the default escape is the backslash). */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const statementNames = new Map<string, string>();

/** A stable name for a statement text; there are a few dozen shapes at most. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `workflow-list-${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** The columns of a list row: the workflow's, and its created_at exactly, as text, for the cursor. */
const WORKFLOW_COLUMNS_OF_W = [
  ...WORKFLOW_COLUMNS.split(',').map((c) => `w.${c.trim()}`),
  `to_char(w.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`,
].join(', ');

/** Histories of several workflows ($1, their ids), each in sequence order. */
export const selectHistories = {
  name: 'history-select',
  text: `SELECT * FROM workflow_transition WHERE workflow_id = ANY($1::uuid[]) ORDER BY workflow_id, seq`,
};

/**
 * Pages of several workflows' histories in one statement: for the k-th of the arrays ($1 ids,
 * $2 after, $3 up to, $4 how many), the rows with after < seq <= up to, in seq order, at most that
 * many; each walk reads only its page through the primary key (workflow_id, seq).
 */
export const selectHistoryPages = {
  name: 'history-pages-select',
  text: `SELECT k.n AS page, t.* FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(workflow_id, after_seq, up_to, lim, n)
    CROSS JOIN LATERAL (
      SELECT * FROM workflow_transition t
      WHERE t.workflow_id = k.workflow_id AND t.seq > k.after_seq AND t.seq <= k.up_to
      ORDER BY t.seq LIMIT k.lim
    ) t
    ORDER BY k.n, t.seq`,
};

/** /readyz: the database answers. */
export const ping = 'SELECT 1';
