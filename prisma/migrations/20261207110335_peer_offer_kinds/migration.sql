-- CreateEnum
CREATE TYPE "PeerOfferKind" AS ENUM ('experience', 'strategy', 'materials', 'exchange_visit');

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "peerKinds" "PeerOfferKind"[] DEFAULT ARRAY[]::"PeerOfferKind"[];
