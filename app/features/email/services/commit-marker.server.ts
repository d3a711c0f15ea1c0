// The commit point of a send: what makes a digest go out exactly once per user and period, and a
// transactional email at most once. mailer.server.ts holds the SMTP half; this module the database half.
//
// A pending row (DigestDelivery 'claimed' / EmailMessage 'queued') gets its `messageId` written at the
// moment the SMTP server is about to receive the end-of-data marker ("\r\n.\r\n") — the moment it
// takes responsibility for the message. The mailer holds that marker back until:
//   1. BEGIN; UPDATE … SET "messageId" = v.m FROM (VALUES (row, messageId), …) WHERE <pending> AND
//      "messageId" IS NULL RETURNING … — a compare-and-set per row, for every send that reached its
//      end of data within the same millisecond (one round trip for the batch). A send whose row
//      another worker already marked gets 0 rows and is aborted before the server ever sees the end
//      of its message (the server discards it);
//   2. then, in ONE synchronous JavaScript turn: COMMIT is written to the database socket (not
//      awaited) and every winner's end-of-data marker is released to its SMTP socket.
// A SIGKILL before step 2 rolls the transaction back (the connection dies) and no server got the end
// of a message: nothing sent, nothing recorded, a retry sends it. A SIGKILL after step 2 leaves the
// writes in the kernel's socket buffers, which the kernel still delivers: the messages are accepted
// and the markers commit. What remains is the time between the COMMIT write and the last end-of-data
// write of the batch: a few microseconds of JavaScript (the mailer ends each SMTP data stream itself, so
// the marker is written in this turn, not ticks later), longer only when the scheduler takes the CPU
// away between those system calls; and two rarer cases, both recorded as "outcome unknown"
// and never resent: COMMIT failing after the marker went out (a database crash at that instant), and the
// SMTP connection dying after the end-of-data marker but before the server's answer when the row cannot
// be reopened. A connection that dies there while the worker lives reopens the row instead, and the
// message is sent again with the same Message-ID (`reopenUnconfirmed`, ADR 0011). The crash test
// (tests/digest/crash.test.ts) SIGKILLs the real worker midway and prints what it found.
//
// A row found pending WITH a messageId passed step 2 in a worker that then died or lost the answer:
// it is treated as sent and never sent again (deliver.server.ts, send-email.server.ts).
import pg from "pg";
import { connectionSettings, pgPoolConfig } from "~/utils/connections.server";
import { setting } from "~/utils/env-schema";

const globalForPool = globalThis as unknown as { __puenteCommitPool?: { url: string; pool: pg.Pool } };

/** A small pg pool of its own: Prisma's transactions cannot write COMMIT without awaiting it. */
function commitPool(): pg.Pool {
  const url = setting("DATABASE_URL");
  if (!url) throw new Error("DATABASE_URL is not set");
  const current = globalForPool.__puenteCommitPool;
  if (current && current.url === url) return current.pool;
  if (current) void current.pool.end().catch(() => {});
  const settings = connectionSettings();
  const pool = new pg.Pool({
    ...pgPoolConfig(url, { max: settings.MAIL_COMMIT_POOL_MAX, idleTimeoutMillis: 10_000, settings }),
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

/** What a send at its end of data is told: release the marker now (same turn as COMMIT), or give up. */
export type GateMember = {
  rowId: string;
  messageId: string;
  /** Called synchronously right after COMMIT was written; `committed` settles with the COMMIT. */
  release: (committed: Promise<void>) => void;
  abort: (error: Error) => void;
};

const BATCH_WAIT_MS = setting("MAIL_COMMIT_BATCH_MS");
const BATCH_MAX = 50;
const open = new Map<MarkerTable, { members: GateMember[]; timer: NodeJS.Timeout }>();

/**
 * Steps 1 and 2 for every send that reaches its end of data within the same millisecond (sends on
 * several SMTP connections): one `BEGIN; UPDATE … FROM (VALUES …) … RETURNING` round trip marks
 * them all (compare-and-set per row and messageId), then — in one synchronous turn — COMMIT is
 * written and every winner's end-of-data marker is released. A batch costs two database writes
 * whatever its size; under load that is most of what the commit point costs.
 */
export function enterGate(table: MarkerTable, member: GateMember) {
  let batch = open.get(table);
  if (!batch) {
    batch = { members: [], timer: setTimeout(() => void flush(table), BATCH_WAIT_MS) };
    open.set(table, batch);
  }
  batch.members.push(member);
  if (batch.members.length >= BATCH_MAX) {
    clearTimeout(batch.timer);
    void flush(table);
  }
}

async function flush(table: MarkerTable) {
  const batch = open.get(table);
  if (!batch) return;
  open.delete(table);
  const members = batch.members;
  let client: pg.PoolClient | undefined;
  try {
    client = await commitPool().connect();
    const c = client;
    const values = members
      .map((m) => `(${c.escapeLiteral(m.rowId)}, ${c.escapeLiteral(m.messageId)})`)
      .join(", ");
    const results = (await c.query(
      `BEGIN; UPDATE "${table}" AS t SET "messageId" = v.m FROM (VALUES ${values}) AS v(id, m) ` +
        `WHERE t.id = v.id AND t.${pendingCondition[table]} AND t."messageId" IS NULL RETURNING t.id, t."messageId"`,
    )) as unknown as pg.QueryResult<{ id: string; messageId: string }>[];
    const won = new Set(results[1].rows.map((r) => `${r.id} ${r.messageId}`));
    // pg writes the query to its socket synchronously when the client is idle, as it is here; the
    // winners' end-of-data markers follow in this same turn.
    const committed = c.query("COMMIT").then(
      () => c.release(),
      (error: Error) => {
        c.release(error);
        throw error;
      },
    );
    committed.catch(() => {});
    for (const m of members) {
      if (won.has(`${m.rowId} ${m.messageId}`)) m.release(committed);
      else m.abort(new AlreadyCommittedError());
    }
  } catch (error) {
    if (client) {
      await client.query("ROLLBACK").catch(() => {});
      client.release(error as Error);
    }
    for (const m of members) m.abort(error as Error);
  }
}

/**
 * The connection died after the end of data, before the server's answer: whether it took the message is
 * unknown. The row goes back to pending, keeping the Message-ID for the next attempt (ADR 0011: sent
 * again with the same Message-ID). False when the row could not be reopened (it stays committed: sent).
 */
export async function reopenUnconfirmed(table: MarkerTable, rowId: string, messageId: string) {
  const result = await commitPool().query(
    `UPDATE "${table}" SET "messageId" = NULL, "unconfirmedMessageId" = $2
     WHERE id = $1 AND ${pendingCondition[table]} AND "messageId" = $2`,
    [rowId, messageId],
  );
  return result.rowCount === 1;
}

/** Undo a marker after the SMTP server explicitly refused the message (we are alive and know it). */
export async function clearMarker(table: MarkerTable, rowId: string, messageId: string) {
  await commitPool().query(
    `UPDATE "${table}" SET "messageId" = NULL WHERE id = $1 AND ${pendingCondition[table]} AND "messageId" = $2`,
    [rowId, messageId],
  );
}
