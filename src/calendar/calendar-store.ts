/**
 * The administrator-maintained calendar in PostgreSQL (calendar_day, calendar_year) and the
 * copy in memory the engine computes deadlines with.
 *
 * Every change is written and committed with a NOTIFY, then the whole table is read again and
 * handed to the provider, so the next deadline this node computes uses it. Every other node
 * LISTENs (`follow`) and reloads on the notification, so a change holds everywhere within moments;
 * a slow poll covers a listener that was down. The tables are small, so a full reload is cheaper
 * than being clever.
 */
import type { Actor } from '../../machines/definition';
import { badInput } from '../kernel/errors';
import { followChannel, type Following } from '../kernel/follow';
import type { Notifications, Queryable, Sql } from '../kernel/sql';
import * as statements from './calendar.sql';
import type { CalendarProvider } from './provider';

export interface CalendarDayRow {
  date: string;
  working: boolean;
  name: string | null;
  note: string | null;
  createdBy: Actor;
  createdAt: Date;
}

export interface CalendarYearRow {
  year: number;
  loadedBy: Actor;
  loadedAt: Date;
  note: string | null;
}

export interface CalendarRows {
  days: readonly CalendarDayRow[];
  years: readonly CalendarYearRow[];
}

export type CalendarDayWrite = Pick<CalendarDayRow, 'date' | 'working' | 'name' | 'note'>;

export interface YearMark {
  year: number;
  note: string | null;
  /** refuse unless the table holds at least one day of the year (a year chinese-days does not know) */
  requireDays: boolean;
}

export class CalendarStore {
  private rows: CalendarRows = { days: [], years: [] };
  private loadsStarted = 0;
  private loadApplied = 0;
  private following: Following | null = null;

  constructor(
    private readonly sql: Sql & Notifications,
    private readonly provider: CalendarProvider,
  ) {}

  /**
   * Keeps this node's copy in step with changes made on any node: reloads on each notification,
   * after the listener reconnects, and every `pollMs` in any case. `onError` hears what failed.
   */
  async follow(options: { pollMs: number; onError: (error: Error, what: string) => void }): Promise<void> {
    this.following = await followChannel(
      this.sql,
      statements.CALENDAR_CHANNEL,
      () => void this.load().catch((error) => options.onError(error as Error, 'reloading the calendar failed')),
      options,
    );
  }

  async stop(): Promise<void> {
    await this.following?.stop();
    this.following = null;
  }

  /** What was last loaded from the database. */
  current(): CalendarRows {
    return this.rows;
  }

  /** Reads both tables and puts them in force. */
  async load(): Promise<void> {
    // two reloads may finish out of order; the one that started later saw a newer database
    const started = ++this.loadsStarted;
    const { rows } = await this.sql.query(statements.selectAll);
    if (started < this.loadApplied) return;
    this.loadApplied = started;
    const days: CalendarDayRow[] = rows[0].days.map((d: CalendarDayRow) => ({ ...d, createdAt: new Date(d.createdAt) }));
    const years: CalendarYearRow[] = rows[0].years.map((y: CalendarYearRow) => ({ ...y, loadedAt: new Date(y.loadedAt) }));
    this.rows = { days, years };
    this.provider.replace(
      days.map((d) => ({ date: d.date, working: d.working })),
      years.map((y) => y.year),
    );
  }

  /** Upserts days and optionally marks a year loaded, in one transaction. */
  async setDays(days: readonly CalendarDayWrite[], mark: YearMark | null, by: Actor, at: Date): Promise<void> {
    await this.transaction(async (client) => {
      if (days.length) {
        await client.query(statements.upsertDays, [
          days.map((d) => d.date),
          days.map((d) => d.working),
          days.map((d) => d.name),
          days.map((d) => d.note),
          JSON.stringify(by),
          at,
        ]);
      }
      if (mark) await markYear(client, mark, by, at, 'markYearLoaded');
    });
  }

  /** true when there was such a day. */
  async removeDay(date: string): Promise<boolean> {
    let removed = false;
    await this.transaction(async (client) => {
      const { rowCount } = await client.query(statements.deleteDay, [date]);
      removed = (rowCount ?? 0) > 0;
    });
    return removed;
  }

  async markYearLoaded(mark: YearMark, by: Actor, at: Date): Promise<void> {
    await this.transaction((client) => markYear(client, mark, by, at, 'year'));
  }

  async unmarkYearLoaded(year: number): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(statements.deleteYear, [year]);
    });
  }

  /** The change and its notification commit together. */
  private async transaction(work: (client: Queryable) => Promise<void>): Promise<void> {
    await this.sql.transaction(async (client) => {
      await work(client);
      await client.query(statements.notifyChanged);
    });
    // if this reload fails the change is committed but not yet in force here: the caller gets
    // the error, and a retry (an upsert) or the next change reloads it
    await this.load();
  }
}

async function markYear(client: Queryable, mark: YearMark, by: Actor, at: Date, path: string): Promise<void> {
  const { rowCount } = await client.query(statements.markYear, [mark.year, JSON.stringify(by), at, mark.note, mark.requireDays]);
  if (!rowCount) {
    // marking an empty year would make Monday–Friday guesses look authoritative
    throw badInput(`no calendar days of ${mark.year} are loaded`, [
      { path, message: `load the holidays and adjusted working days of ${mark.year} first` },
    ]);
  }
}
