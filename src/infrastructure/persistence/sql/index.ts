export { openDatabase, type OpenDatabaseOptions } from './database.js';
export type { SqlDatabase } from './sql-database.js';
export { DatabaseOpenError, type DatabaseOpenErrorCode } from './database.errors.js';
export { parseDatabaseUrl, redactUrl } from './database-url.js';
export { knownMigrations, migrateTo, migrateToLatest, migrationStatus, type MigrationStatus } from './migrator.js';
export { SqlUnitOfWork } from './sql.unit-of-work.js';
export { sqlRepositories } from './sql.repositories.js';
export { SqlOutboxLog } from './sql.outbox-log.js';
export { SqlStudyRepository } from './sql.studies.repository.js';
