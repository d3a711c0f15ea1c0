// All job definitions the worker runs: the features' list (app/jobs.server.ts) and the worker's own sweep.
import { jobs } from "~/jobs.server";
import type { AnyJobDefinition } from "~/utils/jobs";
import { sweepJob } from "./jobs/sweep";

export const definitions: readonly AnyJobDefinition[] = [...jobs, sweepJob];
