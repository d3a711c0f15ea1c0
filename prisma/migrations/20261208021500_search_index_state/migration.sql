-- Issue 18 (ADR 0012): what the search index was last rebuilt with. Documents carry a '~c<group>' lexeme
-- for each lexicon concept they name, written when they are indexed; a query names a concept by that one
-- lexeme, instead of every phrase of the concept in three languages, only while the "lexicon" row holds
-- the running code's lexicon version (set by a full reindex). No row yet: queries expand every phrase.

-- CreateTable
CREATE TABLE "SearchIndexState" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchIndexState_pkey" PRIMARY KEY ("key")
);
