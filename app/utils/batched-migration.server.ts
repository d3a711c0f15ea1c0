// A resumable, batched data migration (e.g. encrypting the existing rows of a table). Each batch is one
// transaction that changes its rows AND records the cursor of its last row in `DataMigration`, so a run
// killed halfway loses nothing and repeats nothing: the next run starts after the last committed batch.
// Runs of the same migration on several processes take turns (the progress row is locked per batch).
// Deploy the code that writes the new form first, so rows written meanwhile need no migration.
import { db, type Db, type Tx } from "./db.server";

export type BatchedMigration<Row> = {
  /** Unique and stable: progress is recorded under it. */
  name: string;
  /** Up to `limit` rows after `cursor` (null: from the start), in cursor order. */
  nextBatch(tx: Tx, cursor: string | null, limit: number): Promise<Row[]>;
  /** The cursor of a row: strictly increasing in the order `nextBatch` returns rows. */
  cursorOf(row: Row): string;
  /** Migrates one row inside the batch's transaction. */
  migrate(tx: Tx, row: Row): Promise<void>;
};

export type MigrationRun = { processed: number; batches: number; completed: boolean; cursor: string | null };

export async function runBatchedMigration<Row>(
  migration: BatchedMigration<Row>,
  options: {
    batchSize?: number;
    client?: Db;
    maxBatches?: number;
    onBatch?: (run: MigrationRun) => void;
  } = {},
): Promise<MigrationRun> {
  const client = options.client ?? db();
  const batchSize = options.batchSize ?? 200;
  const run: MigrationRun = { processed: 0, batches: 0, completed: false, cursor: null };
  // Several processes may start the same migration at once: the first creates its progress row.
  await client.$executeRaw`
    INSERT INTO "DataMigration" (name, "updatedAt") VALUES (${migration.name}, now())
    ON CONFLICT (name) DO NOTHING`;
  while (options.maxBatches === undefined || run.batches < options.maxBatches) {
    const finished = await client.$transaction(
      async (tx) => {
        const [state] = await tx.$queryRaw<{ cursor: string | null; completedAt: Date | null }[]>`
          SELECT cursor, "completedAt" FROM "DataMigration" WHERE name = ${migration.name} FOR UPDATE`;
        run.cursor = state.cursor;
        if (state.completedAt) return true;
        const rows = await migration.nextBatch(tx, state.cursor, batchSize);
        for (const row of rows) await migration.migrate(tx, row);
        const cursor = rows.length ? migration.cursorOf(rows[rows.length - 1]) : state.cursor;
        const done = rows.length < batchSize;
        await tx.dataMigration.update({
          where: { name: migration.name },
          data: { cursor, processed: { increment: rows.length }, completedAt: done ? new Date() : null },
        });
        run.processed += rows.length;
        run.cursor = cursor;
        return done;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    run.batches++;
    options.onBatch?.({ ...run });
    if (finished) {
      run.completed = true;
      break;
    }
  }
  return run;
}
