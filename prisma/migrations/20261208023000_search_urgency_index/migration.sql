-- Issue 18 (ADR 0012): an index on the needs' urgency, so a filter on urgent needs ("critical" or "high")
-- is combined with the other filters' and the text's indexes (a bitmap AND) instead of being checked on
-- every row they match ("seguridad digital" + digital security + urgent: 70 -> 32 ms at 100,000
-- documents).

-- CreateIndex
CREATE INDEX "SearchDocument_urgency_idx" ON "SearchDocument"("urgency");
