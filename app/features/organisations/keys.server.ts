// The organisation's data key (vetting notes are sealed with it), for the data migration. A public file of
// its own, not index.server.ts: that surface also carries invitations, whose password rules load a word
// list through Vite, which the migration (run by tsx at setup) cannot import.
export { organisationKeyForWrite } from "./services/organisations.server";
