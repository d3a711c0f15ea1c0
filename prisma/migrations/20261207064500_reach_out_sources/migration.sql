-- Proposals an expert volunteered ("We can help") or a coalition requested ("Ask this expert"); both go
-- through the secretariat's review like the matcher's and the secretariat's own.
ALTER TYPE "ProposalSource" ADD VALUE 'volunteered';
ALTER TYPE "ProposalSource" ADD VALUE 'requested';
