// Brings one entity's search document in line with its row: the body of the `search.index` job.
import type { PrismaClient } from "~/generated/prisma/client";
import { searchDocId, type SearchEntityType, type SearchIndex } from "../search-index";
import { loadSearchDoc } from "./documents.server";

/**
 * Reads the need or offer as it is now and indexes it, or removes it when it must not be searchable.
 * Idempotent, and safe when jobs for the same entity run side by side or out of order: a per-entity
 * advisory lock makes them take turns, and each reads the row only once it holds the lock, so the last
 * one to run writes the latest state. A backend failure throws, and the job is retried.
 */
export async function syncSearchEntity(
  client: PrismaClient,
  index: SearchIndex,
  entityType: SearchEntityType,
  entityId: string,
): Promise<"indexed" | "removed"> {
  const id = searchDocId(entityType, entityId);
  return client.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('search.index'), hashtext(${id}))`;
      const doc = await loadSearchDoc(tx, entityType, entityId);
      if (doc) {
        await index.index([doc]);
        return "indexed" as const;
      }
      await index.remove([id]);
      return "removed" as const;
    },
    // Meilisearch tasks are awaited inside; give them time before the transaction is abandoned.
    { timeout: 60_000, maxWait: 10_000 },
  );
}
