-- Hand-written (issue 18): the needs board reads its needs newest first — its page, and the window its
-- facets are counted over — straight from this index and stops after what it needs, instead of sorting
-- every visible need (the "posted" instant is the board's own expression; Prisma cannot declare it).
CREATE INDEX IF NOT EXISTS "Need_posted_idx" ON "Need" ((COALESCE("openedAt", "submittedAt", "createdAt")) DESC, id DESC);
