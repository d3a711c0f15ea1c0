-- AlterTable
ALTER TABLE "DigestDelivery" ADD COLUMN     "unconfirmedMessageId" TEXT;

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "unconfirmedMessageId" TEXT;
