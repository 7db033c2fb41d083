/** The calendar store's statements (calendar_day, calendar_year). */

// one statement, so days and years come from the same snapshot
export const selectAll = `
  SELECT
    (SELECT coalesce(json_agg(json_build_object('date', date::text, 'working', working, 'name', name, 'note', note,
        'createdBy', created_by, 'createdAt', created_at) ORDER BY date), '[]') FROM calendar_day) AS days,
    (SELECT coalesce(json_agg(json_build_object('year', year, 'loadedBy', loaded_by, 'loadedAt', loaded_at,
        'note', note) ORDER BY year), '[]') FROM calendar_year) AS years`;

export const upsertDays = `
  INSERT INTO calendar_day (date, working, name, note, created_by, created_at)
  SELECT d, w, n, nt, $5, $6 FROM unnest($1::date[], $2::boolean[], $3::text[], $4::text[]) AS t (d, w, n, nt)
  ON CONFLICT (date) DO UPDATE SET working = excluded.working, name = excluded.name, note = excluded.note,
    created_by = excluded.created_by, created_at = excluded.created_at`;

// a year is marked only if it has days of its own, when asked (see YearMark.requireDays)
export const markYear = `
  INSERT INTO calendar_year (year, loaded_by, loaded_at, note)
  SELECT $1, $2, $3, $4
  WHERE NOT $5 OR EXISTS (SELECT 1 FROM calendar_day WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1))
  ON CONFLICT (year) DO UPDATE SET loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at,
    note = coalesce(excluded.note, calendar_year.note)`;

export const deleteDay = 'DELETE FROM calendar_day WHERE date = $1';

export const deleteYear = 'DELETE FROM calendar_year WHERE year = $1';

/** Every node LISTENs here and reloads: the hint; the tables stay the truth. */
export const CALENDAR_CHANNEL = 'duban_calendar';

// sent inside the change's transaction, so it is delivered only if the change commits
export const notifyChanged = `SELECT pg_notify('${CALENDAR_CHANNEL}', '')`;
