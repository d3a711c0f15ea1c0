-- Text search configuration for the PostgreSQL SearchIndex (hand-written: Prisma does not manage text
-- search configurations, so `migrate diff` leaves it alone).
-- The 'simple' parser and dictionary (no stemming, no stop words), so one configuration serves Spanish,
-- French and English documents alike, with `unaccent` applied first to every word. Using a configuration
-- rather than puente_unaccent(lower(text)) keeps the original text for ts_headline: the snippet marks the
-- accented word "organización" when the query was "organizacion".
CREATE TEXT SEARCH CONFIGURATION puente_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION puente_search
  ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.simple;
