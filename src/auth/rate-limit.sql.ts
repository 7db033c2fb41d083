/** The failed-authentication counters every node shares (auth_failure). */

/**
 * One failure from an address: counted in its current window, or a new window begun. Answers
 * the count and the seconds left in the window by the database's clock (nodes' clocks may
 * differ), and tells every node when the address has just reached the limit.
 * $1 address, $2 window seconds, $3 the limit.
 */
export const recordFailure = `
  WITH counted AS (
    INSERT INTO auth_failure AS f (address, window_start, failures) VALUES ($1, now(), 1)
    ON CONFLICT (address) DO UPDATE SET
      failures = CASE WHEN f.window_start > now() - make_interval(secs => $2) THEN f.failures + 1 ELSE 1 END,
      window_start = CASE WHEN f.window_start > now() - make_interval(secs => $2) THEN f.window_start ELSE now() END
    RETURNING failures, window_start
  )
  SELECT failures,
    ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS wait,
    CASE WHEN failures = $3 THEN pg_notify('duban_auth_blocked', '') END AS notified
  FROM counted`;

/** Addresses at the limit in a window still running, with the seconds left. $1 limit, $2 window seconds. */
export const selectBlocked = `
  SELECT address, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS wait
  FROM auth_failure
  WHERE failures >= $1 AND window_start > now() - make_interval(secs => $2)
  LIMIT 100000`;

/** Windows that have ended. $1 window seconds. */
export const deleteEnded = `DELETE FROM auth_failure WHERE window_start <= now() - make_interval(secs => $1)`;

/** Every node LISTENs here and reads the blocked addresses again: the hint; the table stays the truth. */
export const AUTH_BLOCKED_CHANNEL = 'duban_auth_blocked';
