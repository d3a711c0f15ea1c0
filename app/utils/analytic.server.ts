// Aggregate reads for the insight and impact panels.
import type { Db, Tx } from "./db.server";

/**
 * Runs a panel's query with PostgreSQL's JIT compilation off and room to sort in memory: these
 * aggregates take tens of milliseconds, and JIT (triggered by the planner's cost estimates) would add
 * hundreds of compiling. Given a client it opens a transaction for the SET LOCALs; given a transaction
 * it sets them there.
 */
export async function analytic<T>(client: Db | Tx, query: (q: Tx) => Promise<T>): Promise<T> {
  if ("$transaction" in client) {
    return client.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL jit = off`;
      await tx.$executeRaw`SET LOCAL work_mem = '32MB'`;
      return query(tx);
    });
  }
  await client.$executeRaw`SET LOCAL jit = off`;
  await client.$executeRaw`SET LOCAL work_mem = '32MB'`;
  return query(client);
}
