// The resumable batched data migration, used as the integration will use it: encrypting the existing
// rows of a table in place. A run killed halfway loses nothing and repeats nothing; runs take turns.
import { beforeAll, describe, expect, it } from "vitest";
import type { Tx } from "~/utils/db.server";
import { runBatchedMigration, type BatchedMigration } from "~/utils/batched-migration.server";
import { createDataKey } from "~/utils/crypto/data-keys.server";
import { isSealedText, openText, sealText } from "~/utils/crypto/envelope.server";
import { db } from "~/utils/db.server";

type Row = { id: string; details: string };

beforeAll(async () => {
  await db().$executeRawUnsafe(
    `CREATE TABLE "MigrationProbe" (id text PRIMARY KEY, details text NOT NULL, "sealCount" int NOT NULL DEFAULT 0)`,
  );
});

async function seedRows(prefix: string, n: number) {
  await db().$executeRawUnsafe(
    `INSERT INTO "MigrationProbe" (id, details) SELECT '${prefix}' || lpad(i::text, 5, '0'), 'plain details ' || i FROM generate_series(1, ${n}) i`,
  );
}

/** Seals `details` of rows whose id starts with `prefix`; `failAt` makes one row throw (a crash). */
function encryptDetails(name: string, prefix: string, failAt?: string): BatchedMigration<Row> {
  return {
    name,
    nextBatch: (tx: Tx, cursor, limit) =>
      tx.$queryRawUnsafe<Row[]>(
        `SELECT id, details FROM "MigrationProbe" WHERE id LIKE $1 AND id > $2 ORDER BY id LIMIT $3`,
        `${prefix}%`,
        cursor ?? "",
        limit,
      ),
    cursorOf: (row) => row.id,
    async migrate(tx, row) {
      if (row.id === failAt) throw new Error("process killed");
      if (isSealedText(row.details)) return;
      const key = await createDataKey(tx);
      const sealed = sealText(key, row.details, { entity: "MigrationProbe", id: row.id, field: "details" });
      await tx.$executeRawUnsafe(
        `UPDATE "MigrationProbe" SET details = $1, "sealCount" = "sealCount" + 1 WHERE id = $2`,
        sealed,
        row.id,
      );
    },
  };
}

const count = async (where: string) =>
  Number(
    (
      await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "MigrationProbe" WHERE ${where}`)
    )[0].n,
  );

describe("batched data migration", () => {
  it("encrypts every row once, resuming after a crash where the last committed batch ended", async () => {
    await seedRows("a", 1000);
    const crash = encryptDetails("encrypt-probe-a", "a", "a00250");
    await expect(runBatchedMigration(crash, { batchSize: 100 })).rejects.toThrow("process killed");
    // Two batches committed, the third rolled back whole (its rows, its data keys, its cursor).
    expect(await count(`id LIKE 'a%' AND details LIKE 'pe1.%'`)).toBe(200);
    const progress = await db().dataMigration.findUniqueOrThrow({ where: { name: "encrypt-probe-a" } });
    expect(progress).toMatchObject({ cursor: "a00200", processed: 200, completedAt: null });

    const resumed = await runBatchedMigration(encryptDetails("encrypt-probe-a", "a"), { batchSize: 100 });
    expect(resumed).toMatchObject({ processed: 800, completed: true });
    expect(await count(`id LIKE 'a%' AND details LIKE 'pe1.%'`)).toBe(1000);
    expect(await count(`id LIKE 'a%' AND "sealCount" <> 1`)).toBe(0);
    const row = (
      await db().$queryRawUnsafe<Row[]>(`SELECT id, details FROM "MigrationProbe" WHERE id = 'a00731'`)
    )[0];
    expect(
      await openText(db(), row.details, { entity: "MigrationProbe", id: "a00731", field: "details" }),
    ).toBe("plain details 731");

    // Once completed, running it again does nothing.
    const again = await runBatchedMigration(encryptDetails("encrypt-probe-a", "a"), { batchSize: 100 });
    expect(again).toMatchObject({ processed: 0, completed: true });
  });

  it("lets several processes run the same migration: each batch is done by one of them", async () => {
    await seedRows("b", 600);
    const runs = await Promise.all(
      [1, 2, 3].map(() => runBatchedMigration(encryptDetails("encrypt-probe-b", "b"), { batchSize: 50 })),
    );
    expect(runs.reduce((sum, r) => sum + r.processed, 0)).toBe(600);
    expect(await count(`id LIKE 'b%' AND "sealCount" = 1`)).toBe(600);
  });

  it("can be run a few batches at a time", async () => {
    await seedRows("c", 95);
    const m = encryptDetails("encrypt-probe-c", "c");
    expect(await runBatchedMigration(m, { batchSize: 20, maxBatches: 2 })).toMatchObject({
      processed: 40,
      completed: false,
    });
    expect(await runBatchedMigration(m, { batchSize: 20 })).toMatchObject({ processed: 55, completed: true });
    expect(await count(`id LIKE 'c%' AND "sealCount" = 1`)).toBe(95);
  });
});
