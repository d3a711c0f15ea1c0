-- Hand-written (ADR 0012): search across English, Spanish and French.
-- A document's text is indexed three ways in one tsvector:
--   1. its words as written, lower-cased and unaccented (`puente_search`: exact words, prefixes, typos);
--   2. its words stemmed in the document's language (english, spanish, french; other languages: simple),
--      accents removed after stemming, because the Snowball stemmers need them ("asociación" → asoci,
--      "asociacion" stays whole), and stemmed again from the unaccented text, for queries typed without
--      accents;
--   3. the labels of its category and topics in all three languages, each stemmed in its own language
--      (weight C), so "sécurité numérique" finds every digital-security document whatever it is written in.
-- Queries are stemmed in all three languages and expanded through the lexicon (app/features/search/lexicon.ts).

CREATE FUNCTION puente_text_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE language WHEN 'en' THEN 'pg_catalog.english'::regconfig WHEN 'es' THEN 'pg_catalog.spanish'::regconfig
     WHEN 'fr' THEN 'pg_catalog.french'::regconfig ELSE 'pg_catalog.simple'::regconfig END $$;

-- Stems of a text in a language, unaccented after stemming, plus the stems of the unaccented text.
CREATE FUNCTION puente_stems(language text, body text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT puente_unaccent(to_tsvector(puente_text_config(language), body)::text)::tsvector
       || puente_unaccent(to_tsvector(puente_text_config(language), puente_unaccent(body))::text)::tsvector $$;

-- A search document's text vector (PgSearchIndex's upsert and this migration use it alike).
CREATE FUNCTION puente_search_tsv(title text, body text, language text, labels_en text, labels_es text, labels_fr text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT setweight(to_tsvector('puente_search', coalesce(title, '')) || puente_stems(language, coalesce(title, '')), 'A')
       || setweight(to_tsvector('puente_search', coalesce(body, '')) || puente_stems(language, coalesce(body, '')), 'B')
       || setweight(to_tsvector('puente_search', concat_ws(' ', labels_en, labels_es, labels_fr))
            || puente_stems('en', coalesce(labels_en, '')) || puente_stems('es', coalesce(labels_es, ''))
            || puente_stems('fr', coalesce(labels_fr, '')), 'C') $$;

-- Documents indexed before: the same vector, with the labels read from the taxonomy.
WITH labels AS (
  SELECT d.id,
    (SELECT string_agg(x.labels->>'en', ' ') FROM (
       SELECT c.labels FROM "Category" c WHERE c.id = ANY(d."categoryIds")
       UNION ALL SELECT t.labels FROM "Topic" t WHERE t.id = ANY(d."topicIds")) x) AS en,
    (SELECT string_agg(x.labels->>'es', ' ') FROM (
       SELECT c.labels FROM "Category" c WHERE c.id = ANY(d."categoryIds")
       UNION ALL SELECT t.labels FROM "Topic" t WHERE t.id = ANY(d."topicIds")) x) AS es,
    (SELECT string_agg(x.labels->>'fr', ' ') FROM (
       SELECT c.labels FROM "Category" c WHERE c.id = ANY(d."categoryIds")
       UNION ALL SELECT t.labels FROM "Topic" t WHERE t.id = ANY(d."topicIds")) x) AS fr
  FROM "SearchDocument" d
)
UPDATE "SearchDocument" d SET tsv = puente_search_tsv(d.title, d.body, d.language, l.en, l.es, l.fr)
FROM labels l WHERE l.id = d.id;

-- The labels' words can be typo-corrected too.
INSERT INTO "SearchLexicon" (word)
SELECT word FROM ts_stat($q$SELECT to_tsvector('puente_search', string_agg(concat_ws(' ', labels->>'en', labels->>'es', labels->>'fr'), ' ')) FROM (SELECT labels FROM "Category" UNION ALL SELECT labels FROM "Topic") t$q$)
WHERE word ~ '^[[:alnum:]]{3,40}$'
ON CONFLICT DO NOTHING;
