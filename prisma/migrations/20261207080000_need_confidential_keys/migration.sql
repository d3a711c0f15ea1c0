-- AlterTable
ALTER TABLE "CallNote" ADD COLUMN     "dataKeyId" TEXT;

-- AlterTable
ALTER TABLE "Need" ADD COLUMN     "confidentialDestroyedAt" TIMESTAMP(3),
ADD COLUMN     "dataKeyId" TEXT;

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "dataKeyId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "CallNote_dataKeyId_key" ON "CallNote"("dataKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "Need_dataKeyId_key" ON "Need"("dataKeyId");

-- CreateIndex
CREATE INDEX "Need_confidentialDestroyedAt_closedAt_idx" ON "Need"("confidentialDestroyedAt", "closedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_dataKeyId_key" ON "Organisation"("dataKeyId");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_dataKeyId_fkey" FOREIGN KEY ("dataKeyId") REFERENCES "DataKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_dataKeyId_fkey" FOREIGN KEY ("dataKeyId") REFERENCES "DataKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallNote" ADD CONSTRAINT "CallNote_dataKeyId_fkey" FOREIGN KEY ("dataKeyId") REFERENCES "DataKey"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
