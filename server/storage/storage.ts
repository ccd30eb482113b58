/**
 * What the services need from persistence. SQLite (better-sqlite3) is the embedded default;
 * PostgreSQL comes later behind this same interface, so nothing outside storage/ knows the engine.
 */
export interface Storage {
  /** Throws when the database cannot answer a real query. */
  checkHealth(): void
  /** Closes the database; called once on shutdown. */
  close(): void
}
