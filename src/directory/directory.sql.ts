/** The directory's statements (migrations/1764547200000-CreateDirectory.ts). */

/** The name a unit had at $2: its latest name from before then, else its first. */
const nameAt = (code: string, at: string) => `(SELECT n.name FROM directory_unit_name n WHERE n.code = ${code}
  ORDER BY (n.valid_from <= ${at}) DESC, CASE WHEN n.valid_from <= ${at} THEN n.valid_from END DESC, n.valid_from LIMIT 1)`;

export const IN_USE = `SELECT EXISTS (SELECT 1 FROM directory_unit) AS in_use`;

/** $1 units, $2 people, $3 units whose leader is wanted, $4 the instant: one round trip per act. */
export const LOOKUP = `
  WITH leaders AS (
    SELECT r.unit, p.id, p.name, p.active, p.unit AS person_unit FROM directory_responsibility r JOIN directory_person p ON p.id = r.leader_id
    WHERE r.unit = ANY($3) AND r.valid_from <= $4 AND (r.valid_to IS NULL OR r.valid_to > $4))
  SELECT
    EXISTS (SELECT 1 FROM directory_unit) AS in_use,
    (SELECT coalesce(json_agg(json_build_object('code', u.code, 'active', u.active, 'name', ${nameAt('u.code', '$4')})), '[]')
       FROM directory_unit u WHERE u.code = ANY($1)) AS units,
    (SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'active', p.active, 'unit', p.unit)), '[]')
       FROM directory_person p WHERE p.id = ANY($2)) AS people,
    (SELECT coalesce(json_agg(json_build_object('unit', l.unit, 'id', l.id, 'name', l.name, 'active', l.active, 'personUnit', l.person_unit)), '[]')
       FROM leaders l) AS leaders`;

/** the unit's name at the instant in parameter `at` (the service's clock) */
const unitColumns = (at: string) => `u.code, u.kind, u.active, u.dissolved_at, u.merged_into, ${nameAt('u.code', at)} AS name`;

/** $1 kind or null, $2 active or null, $3 text in the code or name or null, $4 after code or null, $5 limit, $6 now */
export const UNITS_PAGE = `
  SELECT ${unitColumns('$6')} FROM directory_unit u
  WHERE ($1::text IS NULL OR u.kind = $1) AND ($2::boolean IS NULL OR u.active = $2)
    AND ($3::text IS NULL OR strpos(u.code, $3) > 0
         OR EXISTS (SELECT 1 FROM directory_unit_name n WHERE n.code = u.code AND strpos(n.name, $3) > 0))
    AND ($4::text IS NULL OR u.code > $4)
  ORDER BY u.code LIMIT $5`;

/** $1 codes, $2 now */
export const UNITS_BY_CODE = `SELECT ${unitColumns('$2')} FROM directory_unit u WHERE u.code = ANY($1)`;

export const UNIT_NAMES = `SELECT name, valid_from FROM directory_unit_name WHERE code = $1 ORDER BY valid_from`;

/** $1 codes, $2 instants (parallel arrays): each unit's name at its instant. */
export const NAMES_AT = `
  SELECT q.code, q.at, ${nameAt('q.code', 'q.at')} AS name
  FROM unnest($1::text[], $2::timestamptz[]) AS q (code, at)`;

const PERSON_COLUMNS = `p.id, p.name, p.unit, p.position, p.government_member, p.leadership_member, p.active`;

/** $1 unit or null, $2 'GOVERNMENT' | 'LEADERSHIP' | null, $3 active or null, $4 after id or null, $5 limit */
export const PEOPLE_PAGE = `
  SELECT ${PERSON_COLUMNS} FROM directory_person p
  WHERE ($1::text IS NULL OR p.unit = $1)
    AND ($2::text IS NULL OR ($2 = 'GOVERNMENT' AND p.government_member) OR ($2 = 'LEADERSHIP' AND p.leadership_member))
    AND ($3::boolean IS NULL OR p.active = $3)
    AND ($4::text IS NULL OR p.id > $4)
  ORDER BY p.id LIMIT $5`;

export const PEOPLE_BY_ID = `SELECT ${PERSON_COLUMNS} FROM directory_person p WHERE p.id = ANY($1)`;

/** $1 id, $2 unit: a token's subject as the directory has it (refusing tokens it does not know). */
export const ACTOR_KNOWN = `
  SELECT EXISTS (SELECT 1 FROM directory_unit) AS in_use,
         EXISTS (SELECT 1 FROM directory_person p JOIN directory_unit u ON u.code = p.unit
                 WHERE p.id = $1 AND p.unit = $2 AND p.active AND u.active) AS known`;

/** $1 unit, $2 instant: its leader in charge then. */
export const LEADER_AT = `
  SELECT ${PERSON_COLUMNS} FROM directory_responsibility r JOIN directory_person p ON p.id = r.leader_id
  WHERE r.unit = $1 AND r.valid_from <= $2 AND (r.valid_to IS NULL OR r.valid_to > $2)`;

/** $1 instant: the division of work in force then. */
export const DIVISION_AT = `
  SELECT r.unit, r.leader_id, r.valid_from, r.valid_to FROM directory_responsibility r
  WHERE r.valid_from <= $1 AND (r.valid_to IS NULL OR r.valid_to > $1)
  ORDER BY r.leader_id, r.unit`;

/** $1 unit: every leader it had, latest first. */
export const RESPONSIBILITY_HISTORY = `
  SELECT r.unit, r.leader_id, r.valid_from, r.valid_to FROM directory_responsibility r WHERE r.unit = $1
  ORDER BY r.valid_from DESC`;

/** Directory writes one at a time: a 分工调整 and a load never interleave. */
export const LOCK = `SELECT pg_advisory_xact_lock(hashtext('directory'))`;

/** $1 code, $2 kind, $3 name, $4 instant: a new unit, or a kind change; the name is set apart. */
export const UPSERT_UNIT = `
  INSERT INTO directory_unit (code, kind, updated_at) VALUES ($1, $2, $3)
  ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, updated_at = EXCLUDED.updated_at
  RETURNING (xmax = 0) AS inserted, active`;

/** $1 code, $2 name, $3 effective instant: a name (更名) unless it is already the name then. */
export const NAME_UNIT = `
  INSERT INTO directory_unit_name (code, valid_from, name)
  SELECT $1, $3, $2 WHERE ${nameAt('$1', '$3')} IS DISTINCT FROM $2
  ON CONFLICT (code, valid_from) DO UPDATE SET name = EXCLUDED.name`;

/** $1 code, $2 merged into or null, $3 instant */
export const DISSOLVE_UNIT = `
  UPDATE directory_unit SET active = false, dissolved_at = $3, merged_into = $2, updated_at = $3
  WHERE code = $1 AND active RETURNING code`;

/** $1 code, $2 instant: the unit's open 分管 ends when it is dissolved. */
export const END_RESPONSIBILITY = `
  UPDATE directory_responsibility SET valid_to = $2 WHERE unit = $1 AND valid_to IS NULL AND valid_from < $2`;

/** $1 id … $6 leadership member, $7 instant */
export const UPSERT_PERSON = `
  INSERT INTO directory_person (id, name, unit, position, government_member, leadership_member, active, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, true, $7)
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, unit = EXCLUDED.unit, position = EXCLUDED.position,
    government_member = EXCLUDED.government_member, leadership_member = EXCLUDED.leadership_member,
    active = true, updated_at = EXCLUDED.updated_at`;

export const DEACTIVATE_PERSON = `UPDATE directory_person SET active = false, updated_at = $2 WHERE id = $1 AND active RETURNING id`;

/** $1 unit: the 分管 row opened last, to refuse rewriting a division already in force later. */
export const LATEST_RESPONSIBILITY = `
  SELECT valid_from FROM directory_responsibility WHERE unit = $1 ORDER BY valid_from DESC LIMIT 1`;

/** $1 unit, $2 leader, $3 effective instant: closes the row in force and opens the new one. */
export const CLOSE_RESPONSIBILITY = `
  UPDATE directory_responsibility SET valid_to = $2 WHERE unit = $1 AND valid_to IS NULL`;
export const OPEN_RESPONSIBILITY = `
  INSERT INTO directory_responsibility (unit, valid_from, leader_id) VALUES ($1, $3, $2)`;

/** $1 instant, $2 actor id, $3 actor name, $4 action, $5 detail */
export const LOG_CHANGE = `
  INSERT INTO directory_change (at, actor_id, actor_name, action, detail) VALUES ($1, $2, $3, $4, $5)`;

/** $1 after id or null, $2 limit: the change log, latest first. */
export const CHANGES_PAGE = `
  SELECT id, at, actor_id, actor_name, action, detail FROM directory_change
  WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`;
