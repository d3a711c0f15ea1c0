-- CreateEnum
CREATE TYPE "LegislationKind" AS ENUM ('bill', 'law', 'decree');

-- CreateEnum
CREATE TYPE "LegislationStage" AS ENUM ('proposed', 'in_parliament', 'adopted', 'in_force', 'challenged', 'struck_down');

-- CreateEnum
CREATE TYPE "SpaceDirection" AS ENUM ('closing', 'opening');

-- CreateEnum
CREATE TYPE "LegislationLinkKind" AS ENUM ('need', 'call', 'engagement', 'resource');

-- CreateTable
CREATE TABLE "Legislation" (
    "id" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "kind" "LegislationKind" NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "contentLanguage" TEXT NOT NULL DEFAULT 'en',
    "reference" TEXT,
    "direction" "SpaceDirection" NOT NULL,
    "stage" "LegislationStage" NOT NULL,
    "stageOn" DATE NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Legislation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegislationStageChange" (
    "id" TEXT NOT NULL,
    "legislationId" TEXT NOT NULL,
    "fromStage" "LegislationStage",
    "stage" "LegislationStage" NOT NULL,
    "occurredOn" DATE NOT NULL,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegislationStageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegislationLink" (
    "id" TEXT NOT NULL,
    "legislationId" TEXT NOT NULL,
    "kind" "LegislationLinkKind" NOT NULL,
    "targetId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LegislationLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CountryFollow" (
    "userId" TEXT NOT NULL,
    "countryCode" CHAR(2) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CountryFollow_pkey" PRIMARY KEY ("userId","countryCode")
);

-- CreateIndex
CREATE INDEX "Legislation_countryCode_stageOn_idx" ON "Legislation"("countryCode", "stageOn");

-- CreateIndex
CREATE INDEX "Legislation_direction_stage_idx" ON "Legislation"("direction", "stage");

-- CreateIndex
CREATE INDEX "LegislationStageChange_legislationId_occurredOn_idx" ON "LegislationStageChange"("legislationId", "occurredOn");

-- CreateIndex
CREATE INDEX "LegislationLink_kind_targetId_idx" ON "LegislationLink"("kind", "targetId");

-- CreateIndex
CREATE UNIQUE INDEX "LegislationLink_legislationId_kind_targetId_key" ON "LegislationLink"("legislationId", "kind", "targetId");

-- CreateIndex
CREATE INDEX "CountryFollow_countryCode_idx" ON "CountryFollow"("countryCode");

-- AddForeignKey
ALTER TABLE "Legislation" ADD CONSTRAINT "Legislation_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Legislation" ADD CONSTRAINT "Legislation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegislationStageChange" ADD CONSTRAINT "LegislationStageChange_legislationId_fkey" FOREIGN KEY ("legislationId") REFERENCES "Legislation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegislationStageChange" ADD CONSTRAINT "LegislationStageChange_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegislationLink" ADD CONSTRAINT "LegislationLink_legislationId_fkey" FOREIGN KEY ("legislationId") REFERENCES "Legislation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryFollow" ADD CONSTRAINT "CountryFollow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CountryFollow" ADD CONSTRAINT "CountryFollow_countryCode_fkey" FOREIGN KEY ("countryCode") REFERENCES "Country"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
