-- Hand-written (issue 18; Prisma does not manage text search configurations or functions): headlines mark
-- the words a query found through their stems too. A search for "asociaciones" finds "asociación" through
-- the Spanish stem (asoci) but ts_headline with `puente_search` (words as written) marked nothing. The
-- index holds three forms of each word (ADR 0012); a headline is made with each form's configuration and
-- the one with the most marks is kept:
--   - puente_search: the words as written, unaccented (exact words, prefixes, typo corrections);
--   - the document language's own configuration: stemmed with accents ("asociación" -> asoci);
--   - puente_stem_<lang>: unaccented, then stemmed ("sécurité" -> securite -> secur), as queries typed
--     without accents are.
CREATE TEXT SEARCH CONFIGURATION puente_stem_en (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION puente_stem_en
  ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.english_stem;
CREATE TEXT SEARCH CONFIGURATION puente_stem_es (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION puente_stem_es
  ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.spanish_stem;
CREATE TEXT SEARCH CONFIGURATION puente_stem_fr (COPY = pg_catalog.french);
ALTER TEXT SEARCH CONFIGURATION puente_stem_fr
  ALTER MAPPING FOR word, hword, hword_part WITH public.unaccent, pg_catalog.french_stem;

CREATE FUNCTION puente_stem_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE language WHEN 'en' THEN 'public.puente_stem_en'::regconfig WHEN 'es' THEN 'public.puente_stem_es'::regconfig
     WHEN 'fr' THEN 'public.puente_stem_fr'::regconfig ELSE 'public.puente_search'::regconfig END $$;

-- The headline with the most marks (`mark`: the start-of-match character the caller asked for), the words
-- as written first when they tie.
CREATE FUNCTION puente_headline(language text, doc text, q tsquery, options text, mark text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS
$$ SELECT h FROM (VALUES
       (ts_headline('public.puente_search'::regconfig, doc, q, options), 0),
       (ts_headline(puente_text_config(language), doc, q, options), 1),
       (ts_headline(puente_stem_config(language), doc, q, options), 2)) v(h, k)
   ORDER BY length(h) - length(replace(h, mark, '')) DESC, k
   LIMIT 1 $$;
