-- CreateEnum
CREATE TYPE "ThreadKind" AS ENUM ('proposal', 'engagement');

-- AlterTable
ALTER TABLE "DigestSubscription" ADD COLUMN     "messageEmails" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "Need" ADD COLUMN     "shareContacts" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Thread" (
    "id" TEXT NOT NULL,
    "kind" "ThreadKind" NOT NULL,
    "proposalId" TEXT,
    "engagementId" TEXT,
    "needId" TEXT NOT NULL,
    "expertOrganisationId" TEXT NOT NULL,
    "coalitionOrganisationId" TEXT NOT NULL,
    "dataKeyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastMessageAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Thread_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "threadId" TEXT NOT NULL,
    "authorId" TEXT,
    "authorSide" TEXT NOT NULL,
    "authorOrganisationId" TEXT,
    "body" TEXT NOT NULL,
    "documentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ThreadReader" (
    "threadId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastReadAt" TIMESTAMP(3),
    "pendingSince" TIMESTAMP(3),
    "lastNotifiedAt" TIMESTAMP(3),

    CONSTRAINT "ThreadReader_pkey" PRIMARY KEY ("threadId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Thread_proposalId_key" ON "Thread"("proposalId");

-- CreateIndex
CREATE UNIQUE INDEX "Thread_engagementId_key" ON "Thread"("engagementId");

-- CreateIndex
CREATE UNIQUE INDEX "Thread_dataKeyId_key" ON "Thread"("dataKeyId");

-- CreateIndex
CREATE INDEX "Thread_needId_idx" ON "Thread"("needId");

-- CreateIndex
CREATE INDEX "Thread_expertOrganisationId_idx" ON "Thread"("expertOrganisationId");

-- CreateIndex
CREATE INDEX "Thread_coalitionOrganisationId_idx" ON "Thread"("coalitionOrganisationId");

-- CreateIndex
CREATE INDEX "Message_threadId_createdAt_idx" ON "Message"("threadId", "createdAt");

-- CreateIndex
CREATE INDEX "ThreadReader_userId_idx" ON "ThreadReader"("userId");

-- CreateIndex
CREATE INDEX "ThreadReader_pendingSince_idx" ON "ThreadReader"("pendingSince");

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Thread" ADD CONSTRAINT "Thread_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreadReader" ADD CONSTRAINT "ThreadReader_threadId_fkey" FOREIGN KEY ("threadId") REFERENCES "Thread"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ThreadReader" ADD CONSTRAINT "ThreadReader_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
