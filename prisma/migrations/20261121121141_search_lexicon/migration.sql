-- CreateTable
CREATE TABLE "SearchLexicon" (
    "word" TEXT NOT NULL,

    CONSTRAINT "SearchLexicon_pkey" PRIMARY KEY ("word")
);

-- CreateIndex
CREATE INDEX "SearchLexicon_word_idx" ON "SearchLexicon" USING GIST ("word" gist_trgm_ops);
