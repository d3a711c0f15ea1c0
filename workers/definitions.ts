// All job definitions the worker runs. A feature adds its jobs here.
import type { JobDefinition } from "./registry";
import { searchIndexJob } from "./jobs/search-index";

export const definitions: JobDefinition[] = [searchIndexJob as JobDefinition];
