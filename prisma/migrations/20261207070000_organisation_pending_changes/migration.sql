-- A change of an organisation's name or coverage asked for after vetting waits for the secretariat
-- (issue 15: an admin could rename a vetted organisation to another member's name).
ALTER TABLE "Organisation"
  ADD COLUMN "pendingName" TEXT,
  ADD COLUMN "pendingCoverageGlobal" BOOLEAN,
  ADD COLUMN "pendingCoverageCountries" TEXT[] DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "pendingCoverageRegions" "Region"[] DEFAULT ARRAY[]::"Region"[],
  ADD COLUMN "pendingChangeAt" TIMESTAMP(3),
  ADD COLUMN "pendingChangeById" TEXT;

CREATE INDEX "Organisation_pendingChangeAt_idx" ON "Organisation"("pendingChangeAt");

ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_pendingChangeById_fkey"
  FOREIGN KEY ("pendingChangeById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
