/**
 * 重大事项: the quarter cycle and the facts the machine's guards and the definition's checks
 * share. Pure functions of the context and of dates (Asia/Shanghai, which keeps no DST).
 */
import type { MajorMatterContext, Matter } from './majorMatter.types';

/** The Asia/Shanghai calendar date of an instant. */
export const shanghaiDateOf = (iso: string): string => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

const pad = (n: number) => String(n).padStart(2, '0');
/** First day of a quarter, YYYY-MM-DD. */
export const quarterStart = (year: number, quarter: number): string => `${year}-${pad(quarter * 3 - 2)}-01`;
/** Last day of a quarter, YYYY-MM-DD. */
export const quarterEnd = (year: number, quarter: number): string =>
  `${year}-${pad(quarter * 3)}-${quarter === 1 || quarter === 4 ? 31 : 30}`;
/** The list is due at the end of the first quarter (每年一季度). */
export const listDueDate = (year: number): string => quarterEnd(year, 1);
/** Carry-over is a year-end decision: from the first day of the fourth quarter. */
export const yearEndFrom = (year: number): string => quarterStart(year, 4);

/**
 * The first quarter reported on: the quarter of confirmation; the first one when confirmed
 * before the year began, the last one when confirmed after it ended.
 */
export function firstReportQuarter(year: number, confirmedAt: string): number {
  const day = shanghaiDateOf(confirmedAt);
  const y = Number(day.slice(0, 4));
  if (y < year) return 1;
  if (y > year) return 4;
  return Math.ceil(Number(day.slice(5, 7)) / 3);
}

export const openMatters = (c: Pick<MajorMatterContext, 'matters'>): Matter[] => c.matters.filter((m) => !m.outcome);

export const reportedOn = (c: Pick<MajorMatterContext, 'reports'>, matterId: string, quarter: number): boolean =>
  c.reports.some((r) => r.matterId === matterId && r.quarter === quarter);

/** Open matters still to report for the quarter now due (none once the fourth is in). */
export function pendingMatters(c: Pick<MajorMatterContext, 'matters' | 'reports' | 'reportQuarter'>): Matter[] {
  const q = c.reportQuarter;
  if (q === null || q > 4) return [];
  return openMatters(c).filter((m) => !reportedOn(c, m.id, q));
}

/** The quarter due once every open matter has reported for the current one. */
export function nextReportQuarter(c: Pick<MajorMatterContext, 'matters' | 'reports' | 'reportQuarter'>): number | null {
  let q = c.reportQuarter;
  if (q === null || openMatters(c).length === 0) return q;
  while (q <= 4 && pendingMatters({ ...c, reportQuarter: q }).length === 0) q++;
  return q;
}

/** Every matter of the confirmed list has its outcome: the year's list is closed. */
export const allDecided = (c: Pick<MajorMatterContext, 'matters'>): boolean =>
  c.matters.length > 0 && openMatters(c).length === 0;

export const findMatter = (c: Pick<MajorMatterContext, 'matters'>, id: unknown): Matter | undefined =>
  c.matters.find((m) => m.id === id);

/** A unit in charge (责任单位) of an open matter. */
export const leadsOpenMatter = (c: Pick<MajorMatterContext, 'matters'>, unit: string): boolean =>
  openMatters(c).some((m) => m.leadUnit === unit);
