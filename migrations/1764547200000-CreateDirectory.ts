import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's directory (组织机构与分管, clause 21): units, people, and which leader is in
 * charge of which units from which date.
 * - A unit's code is what tokens carry in `unit` and items store; it never changes. Its name may
 *   (更名): every name it had is kept with the instant it took effect, so an item shows the name
 *   its units had when it started. A unit dissolved or merged stays, inactive, for old items.
 * - 分管 rows are never rewritten: a new division of work (分工调整) closes the rows in force at
 *   its effective instant and opens new ones, so "who was in charge of X on day D" stays answerable.
 * - Every change is logged with who made it.
 * Codes and ids sort by code point (COLLATE "C"): keyset pages are the same on every server.
 */
export class CreateDirectory1764547200000 implements MigrationInterface {
  name = 'CreateDirectory1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE directory_unit (
        code text COLLATE "C" PRIMARY KEY CHECK (code = btrim(code) AND code <> ''),
        kind text NOT NULL CHECK (kind IN ('OFFICE', 'LEADERSHIP', 'DEPARTMENT', 'TOWN', 'ZONE')),
        active boolean NOT NULL DEFAULT true,
        dissolved_at timestamptz,
        merged_into text COLLATE "C" REFERENCES directory_unit (code),
        updated_at timestamptz NOT NULL,
        CHECK (active = (dissolved_at IS NULL))
      )`);
    await q.query(`CREATE INDEX directory_unit_kind ON directory_unit (kind, code)`);
    await q.query(`
      CREATE TABLE directory_unit_name (
        code text COLLATE "C" NOT NULL REFERENCES directory_unit (code),
        valid_from timestamptz NOT NULL,
        name text NOT NULL CHECK (name = btrim(name) AND name <> ''),
        PRIMARY KEY (code, valid_from)
      )`);
    await q.query(`
      CREATE TABLE directory_person (
        id text COLLATE "C" PRIMARY KEY CHECK (id = btrim(id) AND id <> ''),
        name text NOT NULL CHECK (name = btrim(name) AND name <> ''),
        unit text COLLATE "C" NOT NULL REFERENCES directory_unit (code),
        position text NOT NULL DEFAULT '',
        government_member boolean NOT NULL DEFAULT false,
        leadership_member boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX directory_person_unit ON directory_person (unit, id)`);
    await q.query(`
      CREATE TABLE directory_responsibility (
        unit text COLLATE "C" NOT NULL REFERENCES directory_unit (code),
        valid_from timestamptz NOT NULL,
        valid_to timestamptz,
        leader_id text COLLATE "C" NOT NULL REFERENCES directory_person (id),
        PRIMARY KEY (unit, valid_from),
        CHECK (valid_to IS NULL OR valid_to > valid_from)
      )`);
    await q.query(`CREATE INDEX directory_responsibility_leader ON directory_responsibility (leader_id, valid_from)`);
    await q.query(`
      CREATE TABLE directory_change (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_name text NOT NULL,
        action text NOT NULL,
        detail jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE directory_change, directory_responsibility, directory_person, directory_unit_name, directory_unit`);
  }
}
