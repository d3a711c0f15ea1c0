-- AlterTable
ALTER TABLE "SearchDocument" ADD COLUMN     "facetKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Hand-written: fill the new column for documents indexed before it existed (the same expression as
-- PgSearchIndex's upsert).
UPDATE "SearchDocument" SET "facetKeys" =
  ARRAY(SELECT 'categoryIds:' || x FROM unnest("categoryIds") AS x)
  || ARRAY(SELECT 'topicIds:' || x FROM unnest("topicIds") AS x)
  || ARRAY(SELECT 'countryCodes:' || x FROM unnest("countryCodes") AS x)
  || ARRAY(SELECT 'regions:' || x FROM unnest(regions) AS x)
  || ARRAY(SELECT 'languages:' || x FROM unnest(languages) AS x)
  || ARRAY['status:' || status]
  || CASE WHEN urgency IS NULL THEN ARRAY[]::text[] ELSE ARRAY['urgency:' || urgency] END;
