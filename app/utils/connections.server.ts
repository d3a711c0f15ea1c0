// How every PostgreSQL pool and Redis client connects: pool sizes (the connection budget, README) and
// what keeps a silent network loss from wedging a process. When a firewall or NAT drops a connection's
// state without closing it, no error ever arrives: a statement waits for an answer that will not come,
// and the kernel gives up only after about 15 minutes. So:
//   - TCP keepalive on every connection (an idle dead connection is found by the kernel's probes);
//   - a client-side query timeout on every pool: the statement fails, and its connection is destroyed
//     (not handed back to the pool, where every later statement would queue behind the lost one);
//   - server-side statement and idle-in-transaction timeouts, so PostgreSQL ends what a vanished client
//     left running or holding locks;
//   - Redis clients destroy a socket that has waited REDIS_SOCKET_TIMEOUT_MS for any reply, and reconnect.
// Values come from the env schema (connectionEnvSchema), read when a pool or client is created.
import pg from "pg";
import type { RedisOptions } from "ioredis";
import { connectionEnvSchema, parseEnv } from "./env-schema";

export type ConnectionSettings = ReturnType<typeof connectionSettings>;

/** The connection settings of this process's environment, or of `source` (tests and tools). */
export function connectionSettings(source?: Record<string, string | undefined>) {
  const keys = Object.keys(connectionEnvSchema.shape);
  return parseEnv(connectionEnvSchema, source && Object.fromEntries(keys.map((k) => [k, source[k]])));
}

const QUERY_READ_TIMEOUT = "Query read timeout";
const END_GRACE_MS = 2_000;

/**
 * A pg client that drops its connection when a statement times out on the client side. pg fails the
 * statement but keeps the socket, and a connection whose answer never comes back would go back to the
 * pool and make every later statement on it wait out the same timeout.
 */
class ResilientPgClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    // The pool watches idle clients; a checked-out one whose socket we destroy must not crash the process.
    this.on("error", () => {});
  }

  private destroySocket() {
    (this as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  }

  private dropIfTimedOut(error: unknown) {
    if ((error as Error | undefined)?.message !== QUERY_READ_TIMEOUT) return;
    // After the caller has handled the error (a pool releases the client with it first).
    setImmediate(() => this.destroySocket());
  }

  /** Ending waits for the server to close its side; a server that vanished never does. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override end(...args: any[]): any {
    setTimeout(() => this.destroySocket(), END_GRACE_MS).unref();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (super.end as any)(...args);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callback = args.findIndex((a) => typeof a === "function");
    if (callback >= 0) {
      const original = args[callback] as (error: unknown, result: unknown) => void;
      args[callback] = (error: unknown, result: unknown) => {
        original(error, result);
        this.dropIfTimedOut(error);
      };
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const out = (super.query as any)(...args);
    if (out && typeof out.then === "function")
      return out.catch((error: unknown) => {
        this.dropIfTimedOut(error);
        throw error;
      });
    return out;
  }
}

/**
 * The options of a PostgreSQL pool. `bulk`: scripts that run long statements on purpose (seeding,
 * reindexing, benchmarks' set-up) go without statement and query timeouts.
 */
export function pgPoolConfig(
  connectionString: string,
  options: { max: number; idleTimeoutMillis?: number; bulk?: boolean; settings?: ConnectionSettings },
): pg.PoolConfig {
  const s = options.settings ?? connectionSettings();
  const timeouts = options.bulk
    ? {}
    : {
        query_timeout: s.DATABASE_QUERY_TIMEOUT_MS || undefined,
        statement_timeout: s.DATABASE_STATEMENT_TIMEOUT_MS || undefined,
        idle_in_transaction_session_timeout: s.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS || undefined,
      };
  return {
    connectionString,
    max: options.max,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: s.DATABASE_CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: s.TCP_KEEPALIVE_MS,
    Client: ResilientPgClient as unknown as typeof pg.Client,
    ...timeouts,
  };
}

/** Keepalive and the dead-socket timeout for a Redis client. */
export function redisConnectionOptions(settings: ConnectionSettings = connectionSettings()): RedisOptions {
  return { keepAlive: settings.TCP_KEEPALIVE_MS, socketTimeout: settings.REDIS_SOCKET_TIMEOUT_MS };
}
