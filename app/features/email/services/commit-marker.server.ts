// The commit point of a send, for exactly-once delivery (digests) and at-most-one duplicate-free
// transactional mail. See `sendMail` in mailer.server.ts for the whole protocol; this module owns the
// database half of it.
//
// A row (DigestDelivery or EmailMessage) that is still pending gets its `messageId` written at the
// moment the SMTP server is about to receive the end-of-data marker ("\r\n.\r\n"), the moment it
// takes responsibility for the message:
//   1. BEGIN; UPDATE … SET "messageId" = $id WHERE id = $row AND <pending> AND "messageId" IS NULL
//      — a compare-and-set: if another worker already got there, 0 rows, and this send is aborted
//      before the SMTP server ever sees the end of the message (it discards it);
//   2. in ONE synchronous JavaScript turn: write COMMIT to the database socket (not awaited) and
//      release the end-of-data marker to the SMTP socket.
// A SIGKILL before step 2 rolls the transaction back (the connection dies) and the server never got
// the end of the message: nothing was sent, nothing recorded, a retry sends it. A SIGKILL after step 2
// leaves both writes in the kernel's socket buffers, which the kernel still delivers: the message is
// accepted and the marker commits. The remaining window is the few microseconds of JavaScript between
// the two socket writes (measured by tests/digest/crash.test.ts, reported there).
//
// A row found pending WITH a messageId was committed to sending by a worker that then died or lost
// the answer: it is treated as sent (see `pendingWithMarker`), never sent again.
import pg from "pg";

const globalForPool = globalThis as unknown as { __puenteCommitPool?: { url: string; pool: pg.Pool } };

/** A small pg pool of its own: Prisma's transactions cannot write COMMIT without awaiting it. */
export function commitPool(): pg.Pool {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const current = globalForPool.__puenteCommitPool;
  if (current && current.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: Number(process.env.MAIL_COMMIT_POOL_MAX ?? 12),
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 5_000,
    allowExitOnIdle: true,
  });
  pool.on("error", () => {});
  globalForPool.__puenteCommitPool = { url, pool };
  return pool;
}

export async function closeCommitPool() {
  const current = globalForPool.__puenteCommitPool;
  globalForPool.__puenteCommitPool = undefined;
  await current?.pool.end().catch(() => {});
}

export type MarkerTable = "DigestDelivery" | "EmailMessage";

const pendingCondition: Record<MarkerTable, string> = {
  DigestDelivery: `status = 'claimed'`,
  EmailMessage: `status = 'queued'`,
};

/** Thrown when another worker has already committed this row to sending. */
export class AlreadyCommittedError extends Error {
  constructor() {
    super("another send of this message already passed its commit point");
  }
}

/**
 * Step 1 of the protocol: locks the pending row and sets its messageId, uncommitted. Returns a
 * function that performs step 2's database half synchronously (writes COMMIT to the socket) and
 * returns a promise of the commit's outcome.
 */
export async function prepareMarker(table: MarkerTable, rowId: string, messageId: string): Promise<() => Promise<void>> {
  const client = await commitPool().connect();
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.release(error);
  };
  try {
    await client.query("BEGIN");
    const result = await client.query(
      `UPDATE "${table}" SET "messageId" = $2 WHERE id = $1 AND ${pendingCondition[table]} AND "messageId" IS NULL`,
      [rowId, messageId],
    );
    if (result.rowCount !== 1) {
      await client.query("ROLLBACK");
      release();
      throw new AlreadyCommittedError();
    }
  } catch (error) {
    if (!released) {
      await client.query("ROLLBACK").catch(() => {});
      release(error as Error);
    }
    throw error;
  }
  return () => {
    // pg writes the query to its socket synchronously when the client is idle, as it is here.
    const committed = client.query("COMMIT");
    return committed.then(
      () => release(),
      (error: Error) => {
        release(error);
        throw error;
      },
    );
  };
}

/** Undo a marker after the SMTP server explicitly refused the message (we are alive and know it). */
export async function clearMarker(table: MarkerTable, rowId: string, messageId: string) {
  await commitPool().query(
    `UPDATE "${table}" SET "messageId" = NULL WHERE id = $1 AND ${pendingCondition[table]} AND "messageId" = $2`,
    [rowId, messageId],
  );
}
