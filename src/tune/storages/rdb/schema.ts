/**
 * Optuna 3.1's RDB schema (`optuna/storages/_rdb/models.py`, alembic head `v3.0.0.d`, schema
 * version 12) as DDL for SQLite and PostgreSQL — the tables, columns, types, unique constraints and
 * enum types Optuna's SQLAlchemy models create, checked against a file Optuna 3.1 wrote. A gbtune
 * study file can therefore be opened by Optuna (and optuna-dashboard) and the other way round.
 *
 * One index is added that Optuna 3.1 lacks (`ix_gbtune_trials_study_id_number`): it makes the
 * next trial number an O(log n) lookup; Optuna ignores unknown indexes.
 *
 * @example
 * ```ts
 * for (const stmt of schemaStatements('sqlite')) db.exec(stmt);
 * ```
 */

/** The SQL dialects the RDB storage speaks. */
export type SqlDialect = 'sqlite' | 'postgres';

/** `version_info.schema_version` Optuna 3.1 writes. */
export const SCHEMA_VERSION = 12;
/** `alembic_version.version_num` of Optuna 3.1's schema. */
export const ALEMBIC_VERSION = 'v3.0.0.d';
/** `version_info.library_version` we write (the Optuna version whose schema this is). */
export const LIBRARY_VERSION = '3.1.0';
/** Older alembic revisions of Optuna's schema (a file at one of these needs `optuna storage upgrade`). */
export const OLDER_ALEMBIC_VERSIONS: readonly string[] = [
  'v0.9.0.a',
  'v1.2.0.a',
  'v1.3.0.a',
  'v2.4.0.a',
  'v2.6.0.a',
  'v3.0.0.a',
  'v3.0.0.b',
  'v3.0.0.c',
];

/** The tables of the schema (every one must exist in a valid study database). */
export const SCHEMA_TABLES: readonly string[] = [
  'studies',
  'version_info',
  'study_directions',
  'study_user_attributes',
  'study_system_attributes',
  'trials',
  'trial_params',
  'trial_values',
  'trial_intermediate_values',
  'trial_user_attributes',
  'trial_system_attributes',
  'trial_heartbeats',
  'alembic_version',
];

/** The name of the extra index gbtune adds on `trials (study_id, number)`. */
export const EXTRA_INDEX = 'ix_gbtune_trials_study_id_number';

function ddl(d: SqlDialect): string[] {
  const pg = d === 'postgres';
  const serial = pg ? 'SERIAL' : 'INTEGER';
  const float = pg ? 'FLOAT(53)' : 'FLOAT';
  const dt = pg ? 'TIMESTAMP WITHOUT TIME ZONE' : 'DATETIME';
  const key = pg ? 'key' : '"key"';
  const dirType = pg ? 'studydirection' : 'VARCHAR(8)';
  const stateType = pg ? 'trialstate' : 'VARCHAR(8)';
  const valueType = pg ? 'trialvaluetype' : 'VARCHAR(7)';
  const ivType = pg ? 'trialintermediatevaluetype' : 'VARCHAR(7)';
  const attrTable = (name: string, idCol: string, owner: 'study' | 'trial'): string =>
    `CREATE TABLE ${name} (
	${idCol} ${serial} NOT NULL,
	${owner}_id INTEGER,
	${key} VARCHAR(512),
	value_json TEXT,
	PRIMARY KEY (${idCol}),
	UNIQUE (${owner}_id, ${key}),
	FOREIGN KEY(${owner}_id) REFERENCES ${owner === 'study' ? 'studies' : 'trials'} (${owner}_id)
)`;
  const out: string[] = [];
  if (pg) {
    out.push(
      "CREATE TYPE studydirection AS ENUM ('NOT_SET', 'MINIMIZE', 'MAXIMIZE')",
      "CREATE TYPE trialstate AS ENUM ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')",
      "CREATE TYPE trialvaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG')",
      "CREATE TYPE trialintermediatevaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG', 'NAN')",
    );
  }
  out.push(
    `CREATE TABLE studies (
	study_id ${serial} NOT NULL,
	study_name VARCHAR(512) NOT NULL,
	PRIMARY KEY (study_id)
)`,
    'CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)',
    `CREATE TABLE version_info (
	version_info_id INTEGER NOT NULL,
	schema_version INTEGER,
	library_version VARCHAR(256),
	PRIMARY KEY (version_info_id),
	CHECK (version_info_id=1)
)`,
    `CREATE TABLE study_directions (
	study_direction_id ${serial} NOT NULL,
	direction ${dirType} NOT NULL,
	study_id INTEGER NOT NULL,
	objective INTEGER NOT NULL,
	PRIMARY KEY (study_direction_id),
	UNIQUE (study_id, objective),
	FOREIGN KEY(study_id) REFERENCES studies (study_id)
)`,
    attrTable('study_user_attributes', 'study_user_attribute_id', 'study'),
    attrTable('study_system_attributes', 'study_system_attribute_id', 'study'),
    `CREATE TABLE trials (
	trial_id ${serial} NOT NULL,
	number INTEGER,
	study_id INTEGER,
	state ${stateType} NOT NULL,
	datetime_start ${dt},
	datetime_complete ${dt},
	PRIMARY KEY (trial_id),
	FOREIGN KEY(study_id) REFERENCES studies (study_id)
)`,
    attrTable('trial_user_attributes', 'trial_user_attribute_id', 'trial'),
    attrTable('trial_system_attributes', 'trial_system_attribute_id', 'trial'),
    `CREATE TABLE trial_params (
	param_id ${serial} NOT NULL,
	trial_id INTEGER,
	param_name VARCHAR(512),
	param_value ${float},
	distribution_json TEXT,
	PRIMARY KEY (param_id),
	UNIQUE (trial_id, param_name),
	FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
    `CREATE TABLE trial_values (
	trial_value_id ${serial} NOT NULL,
	trial_id INTEGER NOT NULL,
	objective INTEGER NOT NULL,
	value ${float},
	value_type ${valueType} NOT NULL,
	PRIMARY KEY (trial_value_id),
	UNIQUE (trial_id, objective),
	FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
    `CREATE TABLE trial_intermediate_values (
	trial_intermediate_value_id ${serial} NOT NULL,
	trial_id INTEGER NOT NULL,
	step INTEGER NOT NULL,
	intermediate_value ${float},
	intermediate_value_type ${ivType} NOT NULL,
	PRIMARY KEY (trial_intermediate_value_id),
	UNIQUE (trial_id, step),
	FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
    `CREATE TABLE trial_heartbeats (
	trial_heartbeat_id ${serial} NOT NULL,
	trial_id INTEGER NOT NULL,
	heartbeat ${dt} NOT NULL,
	PRIMARY KEY (trial_heartbeat_id),
	UNIQUE (trial_id),
	FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
    `CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL,
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
)`,
    `INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ${SCHEMA_VERSION}, '${LIBRARY_VERSION}')`,
    `INSERT INTO alembic_version (version_num) VALUES ('${ALEMBIC_VERSION}')`,
  );
  return out;
}

/**
 * The statements that create an empty study database in `dialect` (run them in one transaction),
 * followed by the extra index (see {@link extraIndexStatement}).
 *
 * @example
 * ```ts
 * schemaStatements('postgres')[0]; // "CREATE TYPE studydirection AS ENUM ('NOT_SET', 'MINIMIZE', 'MAXIMIZE')"
 * ```
 */
export function schemaStatements(dialect: SqlDialect): string[] {
  return [...ddl(dialect), extraIndexStatement()];
}

/**
 * `CREATE INDEX IF NOT EXISTS` for the extra `trials (study_id, number)` index (both dialects).
 *
 * @example
 * ```ts
 * await tx.all(extraIndexStatement());
 * ```
 */
export function extraIndexStatement(): string {
  return `CREATE INDEX IF NOT EXISTS ${EXTRA_INDEX} ON trials (study_id, number)`;
}
