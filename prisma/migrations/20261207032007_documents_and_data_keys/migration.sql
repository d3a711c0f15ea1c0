-- CreateEnum
CREATE TYPE "DocumentState" AS ENUM ('held', 'stored');

-- CreateTable
CREATE TABLE "DataKey" (
    "id" TEXT NOT NULL,
    "masterKeyId" TEXT NOT NULL,
    "wrapped" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "rewrappedAt" TIMESTAMP(3),

    CONSTRAINT "DataKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "state" "DocumentState" NOT NULL DEFAULT 'stored',
    "dataKeyId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "metadataKept" BOOLEAN NOT NULL DEFAULT false,
    "report" TEXT NOT NULL,
    "chunkCount" INTEGER NOT NULL,
    "createdById" TEXT,
    "heldUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentChunk" (
    "documentId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "DocumentChunk_pkey" PRIMARY KEY ("documentId","index")
);

-- CreateTable
CREATE TABLE "DataMigration" (
    "name" TEXT NOT NULL,
    "cursor" TEXT,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "DataMigration_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "DataKey_masterKeyId_idx" ON "DataKey"("masterKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "Document_dataKeyId_key" ON "Document"("dataKeyId");

-- CreateIndex
CREATE INDEX "Document_scope_state_createdAt_idx" ON "Document"("scope", "state", "createdAt");

-- CreateIndex
CREATE INDEX "Document_state_heldUntil_idx" ON "Document"("state", "heldUntil");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_dataKeyId_fkey" FOREIGN KEY ("dataKeyId") REFERENCES "DataKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentChunk" ADD CONSTRAINT "DocumentChunk_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: ciphertext does not compress, so TOAST should not try (saves CPU on every chunk).
ALTER TABLE "DocumentChunk" ALTER COLUMN "data" SET STORAGE EXTERNAL;
