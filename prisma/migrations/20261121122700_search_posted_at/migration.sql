-- CreateIndex
CREATE INDEX "SearchDocument_postedAt_idx" ON "SearchDocument"("postedAt");
