-- AlterTable
ALTER TABLE "OutboxEvent" ADD COLUMN     "doneAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "OutboxEvent_doneAt_relayedAt_idx" ON "OutboxEvent"("doneAt", "relayedAt");

-- Rows relayed before this migration ran are taken as done: their jobs ran (or are long gone) under the
-- old rules, and the sweeper must not send a deployment's whole history again.
UPDATE "OutboxEvent" SET "doneAt" = "relayedAt" WHERE "relayedAt" IS NOT NULL;
