// The database being unreachable (restart, failover, network cut) is not a bug in the request: answer
// 503 with a translated "temporarily unavailable" page instead of a 500, and recover by itself as soon
// as the database is back (the pools reconnect on the next query).
import { createContext, data, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import type { ErrorPayload } from "./http.server";

const codes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: connection exceptions (08…), admin shutdown / crash shutdown / cannot connect now (57P0…)
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
  // Prisma: can't reach the server, timed out, server closed the connection
  "P1001",
  "P1002",
  "P1017",
]);
const messages =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|can't reach database|ECONNREFUSED|ECONNRESET|server closed the connection|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to (administrator command|idle-in-transaction timeout)|Connection is closed|Query read timeout/i;

/** True when `error` (or one of its causes) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      originalCode?: unknown;
      kind?: unknown;
    };
    if (typeof e.code === "string" && codes.has(e.code)) return true;
    if (typeof e.originalCode === "string" && codes.has(e.originalCode)) return true;
    if (typeof e.message === "string" && messages.test(e.message)) return true;
    if (e.kind === "DatabaseNotReachable" || e.kind === "SocketTimeout" || e.kind === "ConnectionClosed")
      return true;
    current = e.cause;
  }
  return false;
}

const serviceUnavailable = () =>
  data<ErrorPayload>(
    { messageKey: "common:errors.unavailable" },
    { status: 503, headers: { "Retry-After": "10", "Cache-Control": "no-store" } },
  );

/** Set on a request's context when an error it met says the database is away (see entry.server's handleError). */
const databaseUnavailableContext = createContext<boolean>(false);

export function noteIfDatabaseUnavailable(error: unknown, context: unknown) {
  if (!isDatabaseUnavailable(error)) return;
  try {
    (context as RouterContextProvider).set(databaseUnavailableContext, true);
  } catch {
    // no router context (a request that never reached the router)
  }
}

/**
 * Root middleware: a request that failed (500) because the database is away answers the translated 503
 * page instead — visitors' pages and forms too, whose first database read is not the session's.
 */
export const databaseUnavailableMiddleware: MiddlewareFunction<Response> = async ({ context }, next) => {
  const response = await next();
  if (response.status === 500 && context.get(databaseUnavailableContext)) throw serviceUnavailable();
  return response;
};
