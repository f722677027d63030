// The PostgreSQL pool as Kysely sees it: pg's own pool, behind Kysely's small PostgresPool interface, whose
// connections run the statements the code declares of a fixed shape as named prepared statements. pg's
// classes are used as they are (nothing of them is replaced or patched).
import type pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Statements of a fixed shape (compiledOnce, compiledInsert), each with the name it is prepared under on every
 * PostgreSQL connection: the server parses and plans them once per connection instead of on every execution (the
 * participant record with its JSON sub-selects costs more to plan than to run). Bounded: only shapes the code
 * declares, never free-form SQL. Process-wide, as the shapes are the code's.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  /** Declares a statement of a fixed shape. It must name its columns (see below). */
  declare(text: string): void {
    if (this.names.has(text)) return;
    // A prepared `*` fixes the row shape: after another instance's migration adds a column, PostgreSQL refuses
    // it ("cached plan must not change result type"). Fixed-shape statements name their columns.
    if (/(^|[\s,.(])\*(\s|,|$)/.test(text.replace(/count\(\*\)/gi, '')))
      throw new Error(`A fixed-shape statement must name its columns, not *: ${text.slice(0, 80)}`);
    this.names.set(text, `berdaya_${this.names.size + 1}`);
  }

  /** The name a declared statement is prepared under; undefined for any other text. */
  nameOf(text: string): string | undefined {
    return this.names.get(text);
  }
}

export const preparedStatements = new PreparedStatements();

/** One pooled connection as Kysely uses it: a declared statement runs prepared by its name. */
class PreparingClient implements PostgresPoolClient {
  constructor(
    private readonly client: pg.PoolClient,
    private readonly statements: PreparedStatements,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    what: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof what !== 'string') return this.client.query(what as never) as unknown as PostgresCursor<R>;
    const values = [...(parameters ?? [])];
    const name = this.statements.nameOf(what);
    const result = name ? this.client.query({ name, text: what, values }) : this.client.query({ text: what, values });
    return result as unknown as Promise<PostgresQueryResult<R>>;
  }

  release(destroy?: boolean): void {
    this.client.release(destroy);
  }
}

/** pg's pool behind Kysely's interface; one PreparingClient per pooled connection, for as long as it lives. */
export class PreparingPool implements PostgresPool {
  private readonly clients = new WeakMap<pg.PoolClient, PreparingClient>();

  constructor(
    readonly pool: pg.Pool,
    private readonly statements: PreparedStatements = preparedStatements,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let wrapped = this.clients.get(client);
    if (!wrapped) {
      wrapped = new PreparingClient(client, this.statements);
      this.clients.set(client, wrapped);
    }
    return wrapped;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
