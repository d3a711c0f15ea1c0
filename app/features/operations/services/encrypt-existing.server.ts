// The data migration that encrypts confidential text written before encryption at rest (issue 16,
// ADR 0008): `npm run data:encrypt`, also run by `npm run setup` and `npm run db:migrate`, so a clean
// clone and an upgraded deployment both end encrypted. One resumable batched migration per table
// (runBatchedMigration: each batch is a transaction that also records its cursor, so a killed run
// resumes after its last committed batch and repeats nothing). Idempotent: a value already sealed
// (`pe1.<keyId>.…`) or empty is left alone, so nothing is ever encrypted twice; each row is rewritten
// only if it still holds the plaintext that was read (a conditional update), so a concurrent edit by the
// app (which writes sealed values itself) is never overwritten. A migration that completed is started
// again when plaintext shows up later (a restored old backup, a re-seeded demo database).
import {
  ConfidentialDestroyedError,
  needField,
  needKeyForWrite,
  sealNeedField,
} from "~/features/needs/index.server";
import { organisationKeyForWrite } from "~/features/organisations/keys.server";
import { Prisma } from "~/generated/prisma/client";
import { runBatchedMigration, type MigrationRun } from "~/utils/batched-migration.server";
import { createDataKey, type DataKey } from "~/utils/crypto/data-keys.server";
import { isSealedText, sealField } from "~/utils/crypto/fields.server";
import { db as defaultDb, type Db, type Tx } from "~/utils/db.server";

/** A value the migration must seal: non-empty and not sealed yet. */
const pending = (value: string | null): value is string => !!value && !isSealedText(value);

/** SQL for "this column still holds plaintext" (the same test as `pending`, for the restart check). */
const plaintext = (column: string) => Prisma.raw(`(${column} <> '' AND ${column} NOT LIKE 'pe1.%')`);

/** Keys of the needs touched by one batch (several updates of one need share its key). */
type KeyCache = Map<string, DataKey | "destroyed">;
const batchKeys = new WeakMap<Tx, KeyCache>();

async function needKey(tx: Tx, needId: string): Promise<DataKey | null> {
  let cache = batchKeys.get(tx);
  if (!cache) batchKeys.set(tx, (cache = new Map()));
  let key = cache.get(needId);
  if (!key) {
    try {
      key = await needKeyForWrite(tx, needId);
    } catch (error) {
      // Retention destroyed the need's key: leftover text of that need must go, not be sealed.
      if (!(error instanceof ConfidentialDestroyedError)) throw error;
      key = "destroyed";
    }
    cache.set(needId, key);
  }
  return key === "destroyed" ? null : key;
}

type Migration = {
  name: string;
  run: (client: Db, options: RunOptions) => Promise<MigrationRun>;
  /** Whether plaintext remains in the table (checked before a completed migration is skipped). */
  plaintextLeft: (client: Db) => Promise<boolean>;
};
type RunOptions = { batchSize?: number; maxBatches?: number; onBatch?: (run: MigrationRun) => void };

const exists = async (client: Db, query: Prisma.Sql) =>
  (await client.$queryRaw<{ found: boolean }[]>(Prisma.sql`SELECT EXISTS (${query}) AS found`))[0].found;

const byId = (table: string, columns: string, cursor: string | null, limit: number, join = "") =>
  Prisma.sql`SELECT ${Prisma.raw(columns)} FROM ${Prisma.raw(`"${table}" t`)} ${Prisma.raw(join)}
    ${cursor === null ? Prisma.empty : Prisma.sql`WHERE t.id > ${cursor}`}
    ORDER BY t.id LIMIT ${limit}`;

const needMigration: Migration = {
  name: "encrypt-at-rest:Need",
  plaintextLeft: (client) =>
    exists(
      client,
      Prisma.sql`SELECT 1 FROM "Need" WHERE ${plaintext("details")} OR ${plaintext('"outcomeWanted"')}`,
    ),
  run: (client, options) =>
    runBatchedMigration<{ id: string; details: string; outcomeWanted: string }>(
      {
        name: needMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(byId("Need", `t.id, t.details, t."outcomeWanted"`, cursor, limit)),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          if (!pending(row.details) && !pending(row.outcomeWanted)) return;
          const key = await needKey(tx, row.id);
          const seal = (field: "details" | "outcomeWanted", value: string) =>
            !key ? "" : pending(value) ? sealNeedField(key, value, needField("Need", row.id, field)) : value;
          await tx.$executeRaw`
            UPDATE "Need" SET details = ${seal("details", row.details)}, "outcomeWanted" = ${seal("outcomeWanted", row.outcomeWanted)}
            WHERE id = ${row.id} AND details = ${row.details} AND "outcomeWanted" = ${row.outcomeWanted}`;
        },
      },
      { client, ...options },
    ),
};

const engagementMigration: Migration = {
  name: "encrypt-at-rest:Engagement",
  plaintextLeft: (client) =>
    exists(client, Prisma.sql`SELECT 1 FROM "Engagement" WHERE ${plaintext('"outcomeNote"')}`),
  run: (client, options) =>
    runBatchedMigration<{ id: string; needId: string; outcomeNote: string | null }>(
      {
        name: engagementMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(byId("Engagement", `t.id, t."needId", t."outcomeNote"`, cursor, limit)),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          if (!pending(row.outcomeNote)) return;
          const key = await needKey(tx, row.needId);
          const sealed = key
            ? sealNeedField(key, row.outcomeNote, needField("Engagement", row.id, "outcomeNote"))
            : null;
          await tx.$executeRaw`
            UPDATE "Engagement" SET "outcomeNote" = ${sealed} WHERE id = ${row.id} AND "outcomeNote" = ${row.outcomeNote}`;
        },
      },
      { client, ...options },
    ),
};

const updateMigration: Migration = {
  name: "encrypt-at-rest:EngagementUpdate",
  plaintextLeft: (client) =>
    exists(
      client,
      Prisma.sql`SELECT 1 FROM "EngagementUpdate" WHERE ${plaintext("body")} OR ${plaintext("milestone")}`,
    ),
  run: (client, options) =>
    runBatchedMigration<{ id: string; needId: string; body: string; milestone: string | null }>(
      {
        name: updateMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(
            byId(
              "EngagementUpdate",
              `t.id, e."needId", t.body, t.milestone`,
              cursor,
              limit,
              `JOIN "Engagement" e ON e.id = t."engagementId"`,
            ),
          ),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          if (!pending(row.body) && !pending(row.milestone)) return;
          const key = await needKey(tx, row.needId);
          const body = !key
            ? ""
            : pending(row.body)
              ? sealNeedField(key, row.body, needField("EngagementUpdate", row.id, "body"))
              : row.body;
          const milestone = !key
            ? null
            : pending(row.milestone)
              ? sealNeedField(key, row.milestone, needField("EngagementUpdate", row.id, "milestone"))
              : row.milestone;
          await tx.$executeRaw`
            UPDATE "EngagementUpdate" SET body = ${body}, milestone = ${milestone}
            WHERE id = ${row.id} AND body = ${row.body} AND milestone IS NOT DISTINCT FROM ${row.milestone}`;
        },
      },
      { client, ...options },
    ),
};

const feedbackMigration: Migration = {
  name: "encrypt-at-rest:EngagementFeedback",
  plaintextLeft: (client) =>
    exists(client, Prisma.sql`SELECT 1 FROM "EngagementFeedback" WHERE ${plaintext("comment")}`),
  run: (client, options) =>
    runBatchedMigration<{ id: string; needId: string; comment: string }>(
      {
        name: feedbackMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(
            byId(
              "EngagementFeedback",
              `t.id, e."needId", t.comment`,
              cursor,
              limit,
              `JOIN "Engagement" e ON e.id = t."engagementId"`,
            ),
          ),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          if (!pending(row.comment)) return;
          const key = await needKey(tx, row.needId);
          const sealed = key
            ? sealNeedField(key, row.comment, needField("EngagementFeedback", row.id, "comment"))
            : "";
          await tx.$executeRaw`
            UPDATE "EngagementFeedback" SET comment = ${sealed} WHERE id = ${row.id} AND comment = ${row.comment}`;
        },
      },
      { client, ...options },
    ),
};

const organisationMigration: Migration = {
  name: "encrypt-at-rest:Organisation",
  plaintextLeft: (client) =>
    exists(client, Prisma.sql`SELECT 1 FROM "Organisation" WHERE ${plaintext('"vettingNote"')}`),
  run: (client, options) =>
    runBatchedMigration<{ id: string; vettingNote: string | null }>(
      {
        name: organisationMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(byId("Organisation", `t.id, t."vettingNote"`, cursor, limit)),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          if (!pending(row.vettingNote)) return;
          const key = await organisationKeyForWrite(tx, row.id);
          const sealed = sealField(key, row.vettingNote, {
            entity: "Organisation",
            id: row.id,
            field: "vettingNote",
          });
          await tx.$executeRaw`
            UPDATE "Organisation" SET "vettingNote" = ${sealed} WHERE id = ${row.id} AND "vettingNote" = ${row.vettingNote}`;
        },
      },
      { client, ...options },
    ),
};

const callNoteMigration: Migration = {
  name: "encrypt-at-rest:CallNote",
  plaintextLeft: (client) =>
    exists(
      client,
      Prisma.sql`SELECT 1 FROM "CallNote" WHERE visibility = 'secretariat' AND ${plaintext("body")}`,
    ),
  run: (client, options) =>
    runBatchedMigration<{ id: string; body: string; visibility: string; dataKeyId: string | null }>(
      {
        name: callNoteMigration.name,
        nextBatch: (tx, cursor, limit) =>
          tx.$queryRaw(byId("CallNote", `t.id, t.body, t.visibility::text, t."dataKeyId"`, cursor, limit)),
        cursorOf: (row) => row.id,
        migrate: async (tx, row) => {
          // Network notes are shared with the call's invitees (and maybe guests): not confidential.
          if (row.visibility !== "secretariat" || !pending(row.body) || row.dataKeyId) return;
          const key = await createDataKey(tx);
          const sealed = sealField(key, row.body, { entity: "CallNote", id: row.id, field: "body" });
          const changed = await tx.$executeRaw`
            UPDATE "CallNote" SET body = ${sealed}, "dataKeyId" = ${key.id}
            WHERE id = ${row.id} AND body = ${row.body} AND "dataKeyId" IS NULL`;
          if (!changed) await tx.dataKey.delete({ where: { id: key.id } });
        },
      },
      { client, ...options },
    ),
};

/** In the order they run. */
const encryptionMigrations: readonly Migration[] = [
  needMigration,
  engagementMigration,
  updateMigration,
  feedbackMigration,
  organisationMigration,
  callNoteMigration,
];

/**
 * Runs every encryption migration to its end (or `maxBatches` batches each). Safe to run at any time,
 * on several processes at once, and again after it finished.
 */
export async function encryptExistingRows(
  options: RunOptions & { client?: Db; only?: string[] } = {},
): Promise<Record<string, MigrationRun>> {
  const client = options.client ?? defaultDb();
  const results: Record<string, MigrationRun> = {};
  for (const migration of encryptionMigrations) {
    if (options.only && !options.only.includes(migration.name)) continue;
    const [state] = await client.$queryRaw<{ completedAt: Date | null }[]>`
      SELECT "completedAt" FROM "DataMigration" WHERE name = ${migration.name}`;
    if (state?.completedAt && (await migration.plaintextLeft(client))) {
      await client.$executeRaw`
        UPDATE "DataMigration" SET cursor = NULL, "completedAt" = NULL, "updatedAt" = now()
        WHERE name = ${migration.name}`;
    }
    results[migration.name] = await migration.run(client, options);
  }
  return results;
}
