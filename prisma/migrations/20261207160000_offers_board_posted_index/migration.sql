-- Hand-written (issue 18): the offers board reads its offers newest first — its page, and the window its
-- facets are counted over — straight from this index and stops after what it needs, instead of sorting
-- every visible offer (the "posted" instant is the board's own expression; Prisma cannot declare it).
CREATE INDEX IF NOT EXISTS "Offer_posted_idx" ON "Offer" ((COALESCE("publishedAt", "createdAt")) DESC, id DESC);
