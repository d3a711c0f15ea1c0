-- CreateIndex
CREATE INDEX "Engagement_status_closedAt_idx" ON "Engagement"("status", "closedAt");

-- CreateIndex
CREATE INDEX "Need_status_countryCode_categoryId_idx" ON "Need"("status", "countryCode", "categoryId");

-- CreateIndex
CREATE INDEX "Need_openedAt_idx" ON "Need"("openedAt");
