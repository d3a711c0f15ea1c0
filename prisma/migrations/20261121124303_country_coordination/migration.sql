-- CreateEnum
CREATE TYPE "ActivityKind" AS ENUM ('legal', 'digital_security', 'advocacy', 'research', 'funding', 'other');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('scheduled', 'held', 'cancelled');

-- CreateEnum
CREATE TYPE "CallActionKind" AS ENUM ('need', 'task');

-- CreateEnum
CREATE TYPE "CallActionStatus" AS ENUM ('open', 'done', 'dropped');

-- CreateTable
CREATE TABLE "CountryActivity" (
    "id" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "kind" "ActivityKind" NOT NULL,
    "summary" TEXT NOT NULL,
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'network',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CountryActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CoordinationCall" (
    "id" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "title" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "durationMinutes" INTEGER NOT NULL DEFAULT 60,
    "timeZone" TEXT NOT NULL,
    "agendaNote" TEXT NOT NULL DEFAULT '',
    "status" "CallStatus" NOT NULL DEFAULT 'scheduled',
    "agendaSince" TIMESTAMP(3) NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CoordinationCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallInvitee" (
    "callId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallInvitee_pkey" PRIMARY KEY ("callId","organisationId")
);

-- CreateTable
CREATE TABLE "CallNote" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'network',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallNote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallAction" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "kind" "CallActionKind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "categoryId" TEXT,
    "ownerOrganisationId" TEXT,
    "ownerUserId" TEXT,
    "dueOn" DATE,
    "status" "CallActionStatus" NOT NULL DEFAULT 'open',
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'network',
    "followedUpAtCallId" TEXT,
    "followUpNote" TEXT,
    "createdNeedId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CountryActivity_countryCode_createdAt_idx" ON "CountryActivity"("countryCode", "createdAt");

-- CreateIndex
CREATE INDEX "CountryActivity_organisationId_idx" ON "CountryActivity"("organisationId");

-- CreateIndex
CREATE INDEX "CoordinationCall_countryCode_startsAt_idx" ON "CoordinationCall"("countryCode", "startsAt");

-- CreateIndex
CREATE INDEX "CoordinationCall_startsAt_idx" ON "CoordinationCall"("startsAt");

-- CreateIndex
CREATE INDEX "CallInvitee_organisationId_idx" ON "CallInvitee"("organisationId");

-- CreateIndex
CREATE INDEX "CallNote_callId_createdAt_idx" ON "CallNote"("callId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "CallAction_createdNeedId_key" ON "CallAction"("createdNeedId");

-- CreateIndex
CREATE INDEX "CallAction_callId_createdAt_idx" ON "CallAction"("callId", "createdAt");

-- CreateIndex
CREATE INDEX "CallAction_status_dueOn_idx" ON "CallAction"("status", "dueOn");

-- CreateIndex
CREATE INDEX "CallAction_ownerOrganisationId_status_idx" ON "CallAction"("ownerOrganisationId", "status");

-- AddForeignKey
ALTER TABLE "CountryActivity" ADD CONSTRAINT "CountryActivity_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryActivity" ADD CONSTRAINT "CountryActivity_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryActivity" ADD CONSTRAINT "CountryActivity_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoordinationCall" ADD CONSTRAINT "CoordinationCall_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CoordinationCall" ADD CONSTRAINT "CoordinationCall_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallInvitee" ADD CONSTRAINT "CallInvitee_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallInvitee" ADD CONSTRAINT "CallInvitee_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallNote" ADD CONSTRAINT "CallNote_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallNote" ADD CONSTRAINT "CallNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_callId_fkey" FOREIGN KEY ("callId") REFERENCES "CoordinationCall"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_ownerOrganisationId_fkey" FOREIGN KEY ("ownerOrganisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_ownerUserId_fkey" FOREIGN KEY ("ownerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_followedUpAtCallId_fkey" FOREIGN KEY ("followedUpAtCallId") REFERENCES "CoordinationCall"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_createdNeedId_fkey" FOREIGN KEY ("createdNeedId") REFERENCES "Need"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
