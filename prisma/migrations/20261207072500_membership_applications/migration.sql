-- Applications to join (issue 17): the public form's applications, the secretariat's vetting checklist and
-- conversation, and re-vetting dates on organisations.
CREATE TYPE "ApplicantKind" AS ENUM ('coalition', 'expert', 'ally');
CREATE TYPE "ApplicationStatus" AS ENUM ('pending', 'questions', 'approved', 'declined');
CREATE TYPE "ApplicationMessageKind" AS ENUM ('question', 'answer', 'note');

ALTER TABLE "Organisation" ADD COLUMN "revetDueAt" TIMESTAMP(3),
ADD COLUMN "revetRemindedAt" TIMESTAMP(3);

CREATE TABLE "MembershipApplication" (
    "id" TEXT NOT NULL,
    "kind" "ApplicantKind" NOT NULL,
    "organisationName" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "website" TEXT,
    "mission" TEXT NOT NULL,
    "references" TEXT NOT NULL,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" "ApplicationStatus" NOT NULL DEFAULT 'pending',
    "checkMission" BOOLEAN NOT NULL DEFAULT false,
    "checkReferences" BOOLEAN NOT NULL DEFAULT false,
    "checkRisk" BOOLEAN NOT NULL DEFAULT false,
    "checkConflicts" BOOLEAN NOT NULL DEFAULT false,
    "riskNote" TEXT,
    "decisionReason" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "organisationId" TEXT,
    "answerTokenHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MembershipApplication_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ApplicationMessage" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "kind" "ApplicationMessageKind" NOT NULL,
    "body" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationMessage_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "MembershipApplication_organisationId_key" ON "MembershipApplication"("organisationId");
CREATE UNIQUE INDEX "MembershipApplication_answerTokenHash_key" ON "MembershipApplication"("answerTokenHash");
CREATE INDEX "MembershipApplication_status_createdAt_idx" ON "MembershipApplication"("status", "createdAt");
CREATE INDEX "ApplicationMessage_applicationId_createdAt_idx" ON "ApplicationMessage"("applicationId", "createdAt");

ALTER TABLE "ApplicationMessage" ADD CONSTRAINT "ApplicationMessage_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "MembershipApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;
