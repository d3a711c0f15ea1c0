// Match run figures for the metrics endpoint, from a run's summary (the matching jobs share it).
export async function recorded<T>(trigger: string, summary: T): Promise<T> {
  const { recordMatchRun } = await import("~/utils/metrics.server");
  recordMatchRun(summary, trigger);
  return summary;
}
