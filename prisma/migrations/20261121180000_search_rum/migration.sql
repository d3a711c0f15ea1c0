-- Optional, ADR 0007: a RUM index over the search text with each document's posting time attached, so a
-- text search reads its matches newest first from the index and stops after its window. It needs the `rum`
-- extension (Debian: postgresql-<version>-rum, which scripts/setup.sh installs on a local server) and the
-- right to create it. Without either, nothing changes: search keeps using the GIN index, and
-- `npm run search:reindex` adds this index later, once the extension can be created.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'rum') THEN
    CREATE EXTENSION IF NOT EXISTS rum;
    CREATE INDEX IF NOT EXISTS "SearchDocument_tsv_rum_idx" ON "SearchDocument"
      USING rum (tsv rum_tsvector_addon_ops, "postedAt") WITH (attach = 'postedAt', to = 'tsv');
  END IF;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'rum: extension not created (insufficient privilege); search keeps its GIN index';
END $$;
