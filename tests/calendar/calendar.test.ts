/** Working days of the PRC statutory calendar, Asia/Shanghai, and deadlines built on them. */
import { endOfShanghaiDay, shanghaiDate, WorkingCalendar } from '../../src/calendar/calendar';
import { alertLevelAt, resolveDeadline } from '../../src/calendar/deadlines';

const calendar = new WorkingCalendar();

describe('working days', () => {
  test('weekends are off and weekdays are working days in an ordinary week', () => {
    expect(calendar.isWorkingDay('2026-11-20')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-11-21')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false); // Sunday
  });

  test('the 2026 National Day holiday is off and its adjusted Saturday (10 October) is a working day', () => {
    for (const day of ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07']) {
      expect(calendar.isWorkingDay(day)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // 调休补班, a Saturday
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true); // 调休补班, a Sunday
  });

  test('three working days from 29 September cross the National Day holiday', () => {
    // 30 Sep (1), then the holiday 1–7 Oct, then 8 Oct (2), 9 Oct (3)
    expect(calendar.addWorkingDays('2026-09-29', 3)).toEqual({ date: '2026-10-09', provisional: false });
  });

  test('an adjusted working Saturday counts as a working day in a count', () => {
    // from Friday 9 Oct: Saturday 10 Oct is 调休补班 (1), Monday 12 (2), Tuesday 13 (3)
    expect(calendar.addWorkingDays('2026-10-09', 3).date).toBe('2026-10-13');
  });

  test('Spring Festival 2026 is skipped', () => {
    // Friday 13 Feb 2026; 14 Feb (Sat) is 调休补班 in 2026; the holiday runs 15–23 Feb
    expect(calendar.addWorkingDays('2026-02-13', 1).date).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-14', 1).date).toBe('2026-02-24');
  });

  test('counting backwards skips off days too', () => {
    expect(calendar.addWorkingDays('2026-10-08', -1).date).toBe('2026-09-30');
  });

  test('a year the calendar does not know is counted Monday to Friday and marked provisional', () => {
    const result = calendar.addWorkingDays('2026-12-30', 3);
    expect(result.provisional).toBe(true);
    // 31 Dec (Thu, 1), 1 Jan 2027 (Fri, 2: not guessed as a holiday), 4 Jan (Mon, 3)
    expect(result.date).toBe('2027-01-04');
  });

  test('an administrator override makes a year known and changes single days', () => {
    const loaded = new WorkingCalendar([{ date: '2027-01-01', working: false }], [2027]);
    expect(loaded.addWorkingDays('2026-12-30', 3)).toEqual({ date: '2027-01-05', provisional: false });
  });
});

describe('deadlines', () => {
  test('N working days end at 24:00 Asia/Shanghai of the N-th working day', () => {
    // issued 09:00 Shanghai on Tuesday 29 September 2026
    const d = resolveDeadline(
      { kind: 'feedback', label: '反馈', workingDays: 3, from: '2026-09-29T01:00:00Z' },
      calendar,
    );
    expect(d.due.toISOString()).toBe('2026-10-09T16:00:00.000Z'); // 24:00 on 9 October, Shanghai
    // warned from the end of the working day before: 8 October
    expect(d.warnAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
    expect(d.provisional).toBe(false);
  });

  test('the start day is the Shanghai date, even when it is still the previous day in UTC', () => {
    // 23:30 UTC on Sunday 22 November = 07:30 Monday 23 November in Shanghai
    expect(shanghaiDate(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
    const d = resolveDeadline({ kind: 'f', label: 'f', workingDays: 1, from: '2026-11-22T23:30:00Z' }, calendar);
    expect(d.due.toISOString()).toBe(endOfShanghaiDay('2026-11-24').toISOString());
  });

  test('minute-scale deadlines are exact and warn at 75% of the allowed time', () => {
    const d = resolveDeadline({ kind: 'step', label: '会商', minutes: 30, from: '2026-11-23T02:00:00.000Z' }, calendar);
    expect(d.due.toISOString()).toBe('2026-11-23T02:30:00.000Z');
    expect(d.warnAt.toISOString()).toBe('2026-11-23T02:22:30.000Z');
  });

  test('a due date in an unpublished year is provisional', () => {
    expect(resolveDeadline({ kind: 'final', label: '限期', date: '2027-03-01' }, calendar).provisional).toBe(true);
    expect(resolveDeadline({ kind: 'final', label: '限期', date: '2026-12-01' }, calendar).provisional).toBe(false);
  });

  test('the alert level is BLUE before the warning, YELLOW after it, RED from the due time', () => {
    const due = new Date('2026-11-05T16:00:00Z');
    const warnAt = new Date('2026-11-04T16:00:00Z');
    expect(alertLevelAt(due, warnAt, new Date('2026-11-04T15:59:59Z'))).toBe('BLUE');
    expect(alertLevelAt(due, warnAt, new Date('2026-11-04T16:00:00Z'))).toBe('YELLOW');
    expect(alertLevelAt(due, warnAt, new Date('2026-11-05T16:00:00Z'))).toBe('RED');
    expect(alertLevelAt(null, null, new Date())).toBe('BLUE');
  });
});
