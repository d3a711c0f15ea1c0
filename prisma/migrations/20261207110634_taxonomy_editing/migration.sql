-- AlterTable
ALTER TABLE "Category" ADD COLUMN     "mergedIntoId" TEXT,
ADD COLUMN     "retiredAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Topic" ADD COLUMN     "mergedIntoId" TEXT,
ADD COLUMN     "retiredAt" TIMESTAMP(3);
