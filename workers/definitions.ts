// All job definitions the worker runs. A feature adds its jobs here.
import type { JobDefinition } from "./registry";

export const definitions: JobDefinition[] = [];
