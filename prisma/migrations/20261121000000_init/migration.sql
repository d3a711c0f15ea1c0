-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- Extensions for search: accent-insensitive (Spanish, French) and typo-tolerant matching.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('COALITION', 'EXPERT', 'SECRETARIAT');

-- CreateEnum
CREATE TYPE "VettingLevel" AS ENUM ('unverified', 'verified', 'trusted');

-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('member', 'admin');

-- CreateEnum
CREATE TYPE "Region" AS ENUM ('latin_america_caribbean', 'north_america', 'europe_central_asia', 'middle_east_north_africa', 'sub_saharan_africa', 'asia_pacific');

-- CreateEnum
CREATE TYPE "CivicSpaceRating" AS ENUM ('open', 'narrowed', 'obstructed', 'repressed', 'closed');

-- CreateEnum
CREATE TYPE "RatingTrend" AS ENUM ('improving', 'stable', 'worsening');

-- CreateEnum
CREATE TYPE "TokenPurpose" AS ENUM ('email_verification', 'password_reset', 'email_change');

-- CreateEnum
CREATE TYPE "NeedStatus" AS ENUM ('draft', 'submitted', 'needs_info', 'open', 'declined', 'matching', 'engaged', 'completed', 'closed_unmet', 'withdrawn');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('critical', 'high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "WorkFormat" AS ENUM ('remote', 'in_person', 'either');

-- CreateEnum
CREATE TYPE "CivicContext" AS ENUM ('closing', 'opening', 'crisis', 'steady');

-- CreateEnum
CREATE TYPE "NeedVisibility" AS ENUM ('network', 'secretariat');

-- CreateEnum
CREATE TYPE "TriageMessageKind" AS ENUM ('question', 'answer', 'decision');

-- CreateEnum
CREATE TYPE "OfferStatus" AS ENUM ('draft', 'active', 'paused', 'retired');

-- CreateEnum
CREATE TYPE "OfferTerms" AS ENUM ('pro_bono', 'cost_shared');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('proposed', 'approved', 'rejected', 'accepted', 'declined_by_expert', 'confirmed', 'declined_by_coalition', 'withdrawn', 'expired', 'closed');

-- CreateEnum
CREATE TYPE "ProposalSource" AS ENUM ('worker', 'secretariat');

-- CreateEnum
CREATE TYPE "MatchTrigger" AS ENUM ('need_changed', 'offer_changed', 'rebalance', 'manual');

-- CreateEnum
CREATE TYPE "EngagementStatus" AS ENUM ('active', 'closed');

-- CreateEnum
CREATE TYPE "EngagementOutcome" AS ENUM ('achieved', 'partly_achieved', 'not_achieved', 'cancelled');

-- CreateEnum
CREATE TYPE "EngagementUpdateKind" AS ENUM ('progress', 'problem');

-- CreateEnum
CREATE TYPE "DigestFrequency" AS ENUM ('daily', 'weekly', 'off');

-- CreateEnum
CREATE TYPE "DigestDeliveryStatus" AS ENUM ('claimed', 'sent', 'empty', 'failed');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('queued', 'sent', 'failed_permanent');

-- CreateTable
CREATE TABLE "Country" (
    "code" CHAR(2) NOT NULL,
    "region" "Region" NOT NULL,
    "civicSpaceRating" "CivicSpaceRating" NOT NULL DEFAULT 'narrowed',
    "ratingTrend" "RatingTrend" NOT NULL DEFAULT 'stable',
    "situationNote" TEXT,
    "ratingUpdatedAt" TIMESTAMP(3),
    "ratingUpdatedById" TEXT,

    CONSTRAINT "Country_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "CountryRatingChange" (
    "id" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "rating" "CivicSpaceRating" NOT NULL,
    "trend" "RatingTrend" NOT NULL,
    "note" TEXT,
    "setById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CountryRatingChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Category" (
    "id" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Topic" (
    "id" TEXT NOT NULL,
    "categoryId" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "countryCode" CHAR(2),
    "coverageGlobal" BOOLEAN NOT NULL DEFAULT false,
    "coverageCountries" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "coverageRegions" "Region"[] DEFAULT ARRAY[]::"Region"[],
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "description" TEXT,
    "website" TEXT,
    "vettingLevel" "VettingLevel" NOT NULL DEFAULT 'unverified',
    "vettedAt" TIMESTAMP(3),
    "vettedById" TEXT,
    "vettingNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "emailVerifiedAt" TIMESTAMP(3),
    "totpSecret" TEXT,
    "totpEnabledAt" TIMESTAMP(3),
    "totpLastStep" INTEGER,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL DEFAULT 'member',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("userId","organisationId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "activeOrganisationId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "twoFactorVerifiedAt" TIMESTAMP(3),
    "ip" TEXT,
    "userAgent" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserToken" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "purpose" "TokenPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "newEmail" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UserToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "RecoveryCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL DEFAULT 'member',
    "invitedById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "details" TEXT NOT NULL DEFAULT '',
    "outcomeWanted" TEXT NOT NULL DEFAULT '',
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "categoryId" TEXT NOT NULL,
    "topicIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "countryCode" CHAR(2) NOT NULL,
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "urgency" "Urgency" NOT NULL DEFAULT 'normal',
    "wantedBy" TIMESTAMP(3),
    "effortHours" INTEGER,
    "format" "WorkFormat" NOT NULL DEFAULT 'either',
    "civicContext" "CivicContext" NOT NULL DEFAULT 'steady',
    "visibility" "NeedVisibility" NOT NULL DEFAULT 'network',
    "anonymised" BOOLEAN NOT NULL DEFAULT false,
    "expertsWanted" INTEGER NOT NULL DEFAULT 1,
    "status" "NeedStatus" NOT NULL DEFAULT 'draft',
    "declineReason" TEXT,
    "referral" TEXT,
    "submittedAt" TIMESTAMP(3),
    "openedAt" TIMESTAMP(3),
    "engagedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "triagedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TriageMessage" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "kind" "TriageMessageKind" NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TriageMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Exclusion" (
    "coalitionOrganisationId" TEXT NOT NULL,
    "excludedOrganisationId" TEXT NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Exclusion_pkey" PRIMARY KEY ("coalitionOrganisationId","excludedOrganisationId")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "categoryIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topicIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "coverageGlobal" BOOLEAN NOT NULL DEFAULT false,
    "coverageCountries" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "coverageRegions" "Region"[] DEFAULT ARRAY[]::"Region"[],
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "hoursPerMonth" INTEGER NOT NULL,
    "maxConcurrent" INTEGER NOT NULL DEFAULT 1,
    "availableFrom" TIMESTAMP(3) NOT NULL,
    "availableTo" TIMESTAMP(3),
    "format" "WorkFormat" NOT NULL DEFAULT 'either',
    "responseTimeDays" INTEGER NOT NULL DEFAULT 7,
    "terms" "OfferTerms" NOT NULL DEFAULT 'pro_bono',
    "status" "OfferStatus" NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatchRun" (
    "id" TEXT NOT NULL,
    "trigger" "MatchTrigger" NOT NULL,
    "needId" TEXT,
    "offerId" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "durationMs" INTEGER,
    "candidatesScored" INTEGER NOT NULL DEFAULT 0,
    "proposalsCreated" INTEGER NOT NULL DEFAULT 0,
    "proposalsWithdrawn" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "MatchRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "expertOrganisationId" TEXT NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'proposed',
    "source" "ProposalSource" NOT NULL DEFAULT 'worker',
    "score" DOUBLE PRECISION NOT NULL,
    "breakdown" JSONB NOT NULL,
    "matchRunId" TEXT,
    "proposedById" TEXT,
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "respondedById" TEXT,
    "respondedAt" TIMESTAMP(3),
    "declineReason" TEXT,
    "conflictConfirmed" BOOLEAN NOT NULL DEFAULT false,
    "confidentialityAccepted" BOOLEAN NOT NULL DEFAULT false,
    "coalitionDecidedById" TEXT,
    "coalitionDecidedAt" TIMESTAMP(3),
    "coalitionDeclineReason" TEXT,
    "closedReason" TEXT,
    "expiresAt" TIMESTAMP(3),
    "remindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Engagement" (
    "id" TEXT NOT NULL,
    "needId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "expertOrganisationId" TEXT NOT NULL,
    "coalitionOrganisationId" TEXT NOT NULL,
    "status" "EngagementStatus" NOT NULL DEFAULT 'active',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastActivityAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stalledAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "outcome" "EngagementOutcome",
    "outcomeNote" TEXT,

    CONSTRAINT "Engagement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementUpdate" (
    "id" TEXT NOT NULL,
    "engagementId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "kind" "EngagementUpdateKind" NOT NULL DEFAULT 'progress',
    "body" TEXT NOT NULL,
    "hours" DOUBLE PRECISION,
    "milestone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngagementUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementFeedback" (
    "id" TEXT NOT NULL,
    "engagementId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "rating" INTEGER NOT NULL,
    "comment" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngagementFeedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "userId" TEXT NOT NULL,
    "frequency" "DigestFrequency" NOT NULL DEFAULT 'weekly',
    "categoryIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "countryCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topicIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "urgentAlerts" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "DigestDelivery" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "status" "DigestDeliveryStatus" NOT NULL DEFAULT 'claimed',
    "itemCount" INTEGER NOT NULL DEFAULT 0,
    "messageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "DigestDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
    "userId" TEXT,
    "toAddress" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "params" JSONB NOT NULL,
    "status" "EmailStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "messageId" TEXT,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEvent" (
    "id" BIGSERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupeKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,

    CONSTRAINT "OutboxEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "actorId" TEXT,
    "organisationId" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "ip" TEXT,
    "metadata" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchDocument" (
    "id" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "visibility" TEXT NOT NULL,
    "categoryIds" TEXT[],
    "topicIds" TEXT[],
    "countryCodes" TEXT[],
    "regions" TEXT[],
    "languages" TEXT[],
    "urgency" TEXT,
    "postedAt" TIMESTAMP(3) NOT NULL,
    "tsv" tsvector,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Country_region_idx" ON "Country"("region");

-- CreateIndex
CREATE INDEX "CountryRatingChange_countryCode_createdAt_idx" ON "CountryRatingChange"("countryCode", "createdAt");

-- CreateIndex
CREATE INDEX "Topic_categoryId_position_idx" ON "Topic"("categoryId", "position");

-- CreateIndex
CREATE INDEX "Organisation_kind_vettingLevel_idx" ON "Organisation"("kind", "vettingLevel");

-- CreateIndex
CREATE INDEX "Organisation_countryCode_idx" ON "Organisation"("countryCode");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_organisationId_idx" ON "Membership"("organisationId");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "UserToken_tokenHash_key" ON "UserToken"("tokenHash");

-- CreateIndex
CREATE INDEX "UserToken_userId_purpose_idx" ON "UserToken"("userId", "purpose");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_organisationId_idx" ON "Invitation"("organisationId");

-- CreateIndex
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");

-- CreateIndex
CREATE INDEX "Need_status_urgency_submittedAt_idx" ON "Need"("status", "urgency", "submittedAt");

-- CreateIndex
CREATE INDEX "Need_status_openedAt_idx" ON "Need"("status", "openedAt");

-- CreateIndex
CREATE INDEX "Need_organisationId_status_idx" ON "Need"("organisationId", "status");

-- CreateIndex
CREATE INDEX "Need_countryCode_categoryId_status_idx" ON "Need"("countryCode", "categoryId", "status");

-- CreateIndex
CREATE INDEX "Need_topicIds_idx" ON "Need" USING GIN ("topicIds");

-- CreateIndex
CREATE INDEX "Need_languages_idx" ON "Need" USING GIN ("languages");

-- CreateIndex
CREATE INDEX "TriageMessage_needId_createdAt_idx" ON "TriageMessage"("needId", "createdAt");

-- CreateIndex
CREATE INDEX "Offer_status_publishedAt_idx" ON "Offer"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Offer_organisationId_status_idx" ON "Offer"("organisationId", "status");

-- CreateIndex
CREATE INDEX "Offer_categoryIds_idx" ON "Offer" USING GIN ("categoryIds");

-- CreateIndex
CREATE INDEX "Offer_coverageCountries_idx" ON "Offer" USING GIN ("coverageCountries");

-- CreateIndex
CREATE INDEX "Offer_languages_idx" ON "Offer" USING GIN ("languages");

-- CreateIndex
CREATE INDEX "MatchRun_startedAt_idx" ON "MatchRun"("startedAt");

-- CreateIndex
CREATE INDEX "Proposal_status_createdAt_idx" ON "Proposal"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Proposal_offerId_status_idx" ON "Proposal"("offerId", "status");

-- CreateIndex
CREATE INDEX "Proposal_expertOrganisationId_status_idx" ON "Proposal"("expertOrganisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_needId_offerId_key" ON "Proposal"("needId", "offerId");

-- CreateIndex
CREATE UNIQUE INDEX "Engagement_proposalId_key" ON "Engagement"("proposalId");

-- CreateIndex
CREATE INDEX "Engagement_status_lastActivityAt_idx" ON "Engagement"("status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Engagement_expertOrganisationId_status_idx" ON "Engagement"("expertOrganisationId", "status");

-- CreateIndex
CREATE INDEX "Engagement_coalitionOrganisationId_status_idx" ON "Engagement"("coalitionOrganisationId", "status");

-- CreateIndex
CREATE INDEX "Engagement_offerId_status_idx" ON "Engagement"("offerId", "status");

-- CreateIndex
CREATE INDEX "Engagement_needId_idx" ON "Engagement"("needId");

-- CreateIndex
CREATE INDEX "EngagementUpdate_engagementId_createdAt_idx" ON "EngagementUpdate"("engagementId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EngagementFeedback_engagementId_organisationId_key" ON "EngagementFeedback"("engagementId", "organisationId");

-- CreateIndex
CREATE INDEX "DigestDelivery_period_status_idx" ON "DigestDelivery"("period", "status");

-- CreateIndex
CREATE UNIQUE INDEX "DigestDelivery_userId_period_key" ON "DigestDelivery"("userId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_dedupeKey_key" ON "EmailMessage"("dedupeKey");

-- CreateIndex
CREATE INDEX "EmailMessage_status_createdAt_idx" ON "EmailMessage"("status", "createdAt");

-- CreateIndex
CREATE INDEX "OutboxEvent_relayedAt_id_idx" ON "OutboxEvent"("relayedAt", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_createdAt_idx" ON "AuditEvent"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_idx" ON "AuditEvent"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_action_createdAt_idx" ON "AuditEvent"("action", "createdAt");

-- CreateIndex
CREATE INDEX "SearchDocument_entityType_status_idx" ON "SearchDocument"("entityType", "status");

-- AddForeignKey
ALTER TABLE "Country" ADD CONSTRAINT "Country_ratingUpdatedById_fkey" FOREIGN KEY ("ratingUpdatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryRatingChange" ADD CONSTRAINT "CountryRatingChange_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryRatingChange" ADD CONSTRAINT "CountryRatingChange_setById_fkey" FOREIGN KEY ("setById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Topic" ADD CONSTRAINT "Topic_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_vettedById_fkey" FOREIGN KEY ("vettedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserToken" ADD CONSTRAINT "UserToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecoveryCode" ADD CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageMessage" ADD CONSTRAINT "TriageMessage_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TriageMessage" ADD CONSTRAINT "TriageMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_coalitionOrganisationId_fkey" FOREIGN KEY ("coalitionOrganisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Exclusion" ADD CONSTRAINT "Exclusion_excludedOrganisationId_fkey" FOREIGN KEY ("excludedOrganisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_expertOrganisationId_fkey" FOREIGN KEY ("expertOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_matchRunId_fkey" FOREIGN KEY ("matchRunId") REFERENCES "MatchRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_expertOrganisationId_fkey" FOREIGN KEY ("expertOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_coalitionOrganisationId_fkey" FOREIGN KEY ("coalitionOrganisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementUpdate" ADD CONSTRAINT "EngagementUpdate_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementUpdate" ADD CONSTRAINT "EngagementUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementUpdate" ADD CONSTRAINT "EngagementUpdate_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementFeedback" ADD CONSTRAINT "EngagementFeedback_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementFeedback" ADD CONSTRAINT "EngagementFeedback_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementFeedback" ADD CONSTRAINT "EngagementFeedback_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestSubscription" ADD CONSTRAINT "DigestSubscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestDelivery" ADD CONSTRAINT "DigestDelivery_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ── hand-written additions (not expressible in schema.prisma) ──

-- The audit log is append-only: nobody, not even the application, may change or remove an event.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only';
END;
$$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();

-- unaccent() is STABLE; an IMMUTABLE wrapper with an explicit dictionary lets it be used in indexes.
CREATE FUNCTION puente_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- Full-text and trigram indexes for the PostgreSQL SearchIndex.
CREATE INDEX "SearchDocument_tsv_idx" ON "SearchDocument" USING GIN ("tsv");
CREATE INDEX "SearchDocument_title_trgm_idx" ON "SearchDocument" USING GIN (puente_unaccent(lower("title")) gin_trgm_ops);
CREATE INDEX "SearchDocument_categoryIds_idx" ON "SearchDocument" USING GIN ("categoryIds");
CREATE INDEX "SearchDocument_countryCodes_idx" ON "SearchDocument" USING GIN ("countryCodes");
CREATE INDEX "SearchDocument_languages_idx" ON "SearchDocument" USING GIN ("languages");
