// The search backend the app and the worker use, chosen by configuration. Kept apart from the interface
// (../search-index.ts) so that the implementations, which import the interface, are not imported by it.
import type { PrismaClient } from "~/generated/prisma/client";
import { db as defaultDb } from "~/utils/db.server";
import type { SearchIndex } from "../search-index";
import { MeiliSearchIndex } from "./meili-search-index.server";
import { PgSearchIndex } from "./pg-search-index.server";
import { setting } from "~/utils/env-schema";

export type SearchBackendConfig = { MEILI_URL?: string; MEILI_KEY?: string; DATABASE_URL?: string };

const indexes = new WeakMap<PrismaClient, Map<string, SearchIndex>>();

/**
 * The index the app and the worker use: Meilisearch when MEILI_URL is set, PostgreSQL otherwise.
 * One per database client and configuration, kept: an index remembers a text's tsquery (a board asks
 * for matches, then for marks) and whether the database has the RUM index, across requests.
 */
export function getSearchIndex(options: { db?: PrismaClient; env?: SearchBackendConfig } = {}): SearchIndex {
  const env = options.env ?? { MEILI_URL: setting("MEILI_URL"), MEILI_KEY: setting("MEILI_KEY") };
  const client = options.db ?? defaultDb();
  const url = env.DATABASE_URL ?? setting("DATABASE_URL");
  const key = env.MEILI_URL ? `meili ${env.MEILI_URL} ${env.MEILI_KEY ?? ""}` : `pg ${url ?? ""}`;
  let byKey = indexes.get(client);
  if (!byKey) indexes.set(client, (byKey = new Map()));
  let index = byKey.get(key);
  if (!index) {
    index = env.MEILI_URL
      ? new MeiliSearchIndex({ host: env.MEILI_URL, apiKey: env.MEILI_KEY || undefined })
      : new PgSearchIndex(client, { url });
    byKey.set(key, index);
  }
  return index;
}
