import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { connectionSettings, pgPoolConfig } from "./connections.server";
import { setting } from "./env-schema";

export type { Prisma } from "~/generated/prisma/client";
export type Db = PrismaClient;
/** A Prisma interactive-transaction client: services take one so callers can compose them atomically. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * A Prisma client on its own pool: DATABASE_POOL_MAX connections unless `max` is given, with the
 * timeouts and keepalive of every pool (connections.server.ts). `bulk`: no statement timeouts, for
 * scripts that run long statements on purpose (seeding, reindexing).
 */
export function createPrismaClient(connectionString: string, options: { max?: number; bulk?: boolean } = {}) {
  const settings = connectionSettings();
  const adapter = new PrismaPg(
    pgPoolConfig(connectionString, {
      max: options.max ?? settings.DATABASE_POOL_MAX,
      bulk: options.bulk,
      settings,
    }),
  );
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __puenteDb?: PrismaClient };

/**
 * The process-wide client. Created lazily from DATABASE_URL so that scripts, the worker and tests
 * that set DATABASE_URL before the first query all get a client for their own database.
 */
export function db(): PrismaClient {
  if (!globalForDb.__puenteDb) {
    const url = setting("DATABASE_URL");
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.__puenteDb = createPrismaClient(url);
  }
  return globalForDb.__puenteDb;
}

export async function disconnectDb() {
  await globalForDb.__puenteDb?.$disconnect();
  globalForDb.__puenteDb = undefined;
}
