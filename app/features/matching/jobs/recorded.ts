// Match run figures for the metrics endpoint, from a run's summary (the matching jobs share it).
import { recordMatchRun } from "~/utils/metrics.server";

export function recorded<T>(trigger: string, summary: T): T {
  recordMatchRun(summary, trigger);
  return summary;
}
