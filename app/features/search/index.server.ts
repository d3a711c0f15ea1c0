// The search feature's public surface on the server, beside search-index.ts (the one interface): the
// backend in use, queueing an entity for (re)indexing, and the reader's search scope.
export { getSearchIndex } from "./services/backend.server";
export {
  queueOrganisationOffersIndex,
  queueSearchIndex,
  queueSearchIndexMany,
} from "./services/documents.server";
export { loadSearchScope } from "./services/scope.server";
export { textSql } from "./services/board-text.server";
