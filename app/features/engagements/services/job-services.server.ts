// What this feature's jobs load when they run. Job handlers import their services lazily: a static import
// would close a cycle through the outbox (which checks payloads against the list of jobs). A module that
// other code also imports statically cannot become a chunk of its own, and the build reports every lazy
// import of one, so the jobs import this entry, which only they load.
export { detectStalledEngagements } from "./engagements.server";
