/** The webhook store's statements: endpoints, their cursors and leases, the delivery log. */

/** $5 the starting position; null: the stream's head, from now on. */
export const insertEndpoint = `INSERT INTO webhook_endpoint (id, url, secret, filter, cursor, created_by, created_at, format)
  VALUES ($1, $2, $3, $4, coalesce($5, (SELECT coalesce(max(position), 0) FROM outbox)), $6, $7, $8) RETURNING *`;

/** $2 the new secret; the current one signs beside it until $3. */
export const rotateSecret = `UPDATE webhook_endpoint SET previous_secret = secret, previous_secret_until = $3, secret = $2
  WHERE id = $1 RETURNING *`;

export const setFormat = `UPDATE webhook_endpoint SET format = $2 WHERE id = $1 RETURNING *`;

export const countActive = `SELECT count(*)::int AS n FROM webhook_endpoint WHERE active`;

export const selectEndpoints = `SELECT * FROM webhook_endpoint ORDER BY created_at, id`;

export const selectEndpoint = `SELECT * FROM webhook_endpoint WHERE id = $1`;

/** Moves the cursor and clears any backoff. */
export const repositionEndpoint = `UPDATE webhook_endpoint SET cursor = $2, active = $3, attempts = 0, retry_at = NULL, last_error = NULL
  WHERE id = $1 RETURNING *`;

/** One delivery attempt by its serial number. */
export const selectDelivery = `SELECT * FROM webhook_delivery WHERE id = $1`;

/** Newest first. */
export const selectDeliveries = `SELECT * FROM webhook_delivery WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`;

/** One endpoint with work to try now ($1), leased for $2 ms, so one node at a time delivers to it. */
export const leaseEndpoint = `UPDATE webhook_endpoint SET leased_until = $1::timestamptz + make_interval(secs => $2::float8 / 1000)
  WHERE id = (
    SELECT e.id FROM webhook_endpoint e
    WHERE e.active AND (e.retry_at IS NULL OR e.retry_at <= $1) AND (e.leased_until IS NULL OR e.leased_until < $1)
      AND EXISTS (SELECT 1 FROM outbox o WHERE o.position > e.cursor)
    ORDER BY e.retry_at NULLS FIRST, e.id LIMIT 1 FOR UPDATE SKIP LOCKED
  ) RETURNING *`;

/** Advances the cursor and logs the delivery, in one statement. */
export const recordDelivered = `WITH moved AS (UPDATE webhook_endpoint SET cursor = $2, attempts = 0, retry_at = NULL, last_error = NULL WHERE id = $1)
  INSERT INTO webhook_delivery (endpoint_id, position, workflow_id, attempt, ok, status, at) VALUES ($1, $2, $3, $4, true, $5, $6)`;

/** Past rows the filter does not select (never backwards). */
export const skipEndpointTo = `UPDATE webhook_endpoint SET cursor = greatest(cursor, $2) WHERE id = $1`;

/** Backs off, keeps the cursor, logs the attempt, in one statement. */
export const recordFailed = `WITH backoff AS (UPDATE webhook_endpoint SET attempts = attempts + 1, retry_at = $6, last_error = $5, leased_until = NULL WHERE id = $1)
  INSERT INTO webhook_delivery (endpoint_id, position, workflow_id, attempt, ok, status, error, at) VALUES ($1, $2, $3, $4, false, $7, $5, $8)`;

export const releaseEndpoint = `UPDATE webhook_endpoint SET leased_until = NULL WHERE id = $1`;
