import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

export type { Prisma } from "~/generated/prisma/client";
export type Db = PrismaClient;
/** A Prisma interactive-transaction client: services take one so callers can compose them atomically. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function createPrismaClient(connectionString: string, options: { max?: number } = {}) {
  const adapter = new PrismaPg({
    connectionString,
    max: options.max ?? 10,
    // A dead database must answer quickly with an error (friendly 503), not hang the request.
    connectionTimeoutMillis: 3_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { __puenteDb?: PrismaClient };

/**
 * The process-wide client. Created lazily from DATABASE_URL so that scripts, the worker and tests
 * that set DATABASE_URL before the first query all get a client for their own database.
 */
export function db(): PrismaClient {
  if (!globalForDb.__puenteDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    globalForDb.__puenteDb = createPrismaClient(url);
  }
  return globalForDb.__puenteDb;
}

export async function disconnectDb() {
  await globalForDb.__puenteDb?.$disconnect();
  globalForDb.__puenteDb = undefined;
}
