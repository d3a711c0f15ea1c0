-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('guide', 'good_practice', 'model_law', 'analysis', 'template', 'statement');

-- CreateEnum
CREATE TYPE "ResourceVisibility" AS ENUM ('public', 'network', 'trusted', 'secretariat');

-- CreateEnum
CREATE TYPE "ResourceStatus" AS ENUM ('draft', 'published', 'archived');

-- CreateEnum
CREATE TYPE "ResourceLinkTarget" AS ENUM ('need', 'engagement', 'call');

-- AlterTable
ALTER TABLE "CoordinationCall" ADD COLUMN     "resourceId" TEXT;

-- CreateTable
CREATE TABLE "Resource" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "kind" "ResourceKind" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "languages" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "categoryIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "topicIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "countryCodes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "visibility" "ResourceVisibility" NOT NULL DEFAULT 'network',
    "status" "ResourceStatus" NOT NULL DEFAULT 'draft',
    "publishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Resource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResourceLink" (
    "id" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "targetType" "ResourceLinkTarget" NOT NULL,
    "targetId" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Resource_status_publishedAt_idx" ON "Resource"("status", "publishedAt");

-- CreateIndex
CREATE INDEX "Resource_organisationId_status_idx" ON "Resource"("organisationId", "status");

-- CreateIndex
CREATE INDEX "Resource_topicIds_idx" ON "Resource" USING GIN ("topicIds");

-- CreateIndex
CREATE INDEX "Resource_countryCodes_idx" ON "Resource" USING GIN ("countryCodes");

-- CreateIndex
CREATE INDEX "Resource_languages_idx" ON "Resource" USING GIN ("languages");

-- CreateIndex
CREATE INDEX "ResourceLink_targetType_targetId_idx" ON "ResourceLink"("targetType", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "ResourceLink_resourceId_targetType_targetId_key" ON "ResourceLink"("resourceId", "targetType", "targetId");

-- CreateIndex
CREATE INDEX "CoordinationCall_resourceId_idx" ON "CoordinationCall"("resourceId");

-- AddForeignKey
ALTER TABLE "CoordinationCall" ADD CONSTRAINT "CoordinationCall_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Resource" ADD CONSTRAINT "Resource_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_resourceId_fkey" FOREIGN KEY ("resourceId") REFERENCES "Resource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResourceLink" ADD CONSTRAINT "ResourceLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
