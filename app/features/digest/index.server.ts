// The digest feature's public surface (its jobs are in jobs.server.ts).
export { previousPeriod } from "./services/period";
