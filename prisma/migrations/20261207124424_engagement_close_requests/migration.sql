-- CreateEnum
CREATE TYPE "EngagementCloseRequestStatus" AS ENUM ('pending', 'confirmed', 'declined', 'withdrawn');

-- CreateEnum
CREATE TYPE "EngagementSide" AS ENUM ('expert', 'coalition');

-- CreateTable
CREATE TABLE "EngagementCloseRequest" (
    "id" TEXT NOT NULL,
    "engagementId" TEXT NOT NULL,
    "side" "EngagementSide" NOT NULL,
    "requestedById" TEXT NOT NULL,
    "outcome" "EngagementOutcome" NOT NULL,
    "note" TEXT,
    "status" "EngagementCloseRequestStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMP(3),
    "answeredById" TEXT,
    "answerNote" TEXT,

    CONSTRAINT "EngagementCloseRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EngagementCloseRequest_engagementId_status_idx" ON "EngagementCloseRequest"("engagementId", "status");

-- CreateIndex
CREATE INDEX "EngagementCloseRequest_status_idx" ON "EngagementCloseRequest"("status");

-- AddForeignKey
ALTER TABLE "EngagementCloseRequest" ADD CONSTRAINT "EngagementCloseRequest_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementCloseRequest" ADD CONSTRAINT "EngagementCloseRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementCloseRequest" ADD CONSTRAINT "EngagementCloseRequest_answeredById_fkey" FOREIGN KEY ("answeredById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- At most one pending close request per engagement (a second request, or a double submit, finds it).
CREATE UNIQUE INDEX "EngagementCloseRequest_one_pending" ON "EngagementCloseRequest"("engagementId") WHERE "status" = 'pending';
