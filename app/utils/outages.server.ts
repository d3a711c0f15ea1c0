// Outages are logged when they begin and when they end, not per request: while the database is away
// every request fails the same way, and a stack trace each (2.3 MB of log in 10 s in a drill) buries
// what matters and fills disks. The first failure of a dependency logs one `error` line; later ones are
// only counted; the line saying it is back (`info`, with how long and how many failures) comes from a
// probe (`probe`, retried every `probeMs`) or from whoever sees it work again (`dependencyUp`: Redis's
// 'ready' event, a successful outbox relay).
import { logger as processLogger } from "./logger.server";

export type Dependency = "database" | "redis";

type Log = Pick<typeof processLogger, "error" | "info">;
type Outage = { since: number; failures: number; timer?: NodeJS.Timeout; log: Log };

const outages = new Map<Dependency, Outage>();

function lastLine(error: unknown) {
  return String((error as Error | undefined)?.message ?? error)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .at(-1)
    ?.slice(0, 300);
}

/** Records a failure caused by `dependency` being away. True when it starts an outage (and was logged). */
export function dependencyDown(
  dependency: Dependency,
  error: unknown,
  options: { probe?: () => Promise<unknown>; probeMs?: number; log?: Log } = {},
): boolean {
  const current = outages.get(dependency);
  if (current) {
    current.failures++;
    return false;
  }
  const outage: Outage = { since: Date.now(), failures: 1, log: options.log ?? processLogger };
  outages.set(dependency, outage);
  outage.log.error({ dependency, err: lastLine(error) }, `${dependency} unavailable`);
  const probe = options.probe;
  if (probe) {
    const probeMs = options.probeMs ?? 1_000;
    const tick = () => {
      outage.timer = setTimeout(() => {
        if (outages.get(dependency) !== outage) return;
        probe().then(
          () => dependencyUp(dependency),
          () => tick(),
        );
      }, probeMs);
      outage.timer.unref();
    };
    tick();
  }
  return true;
}

/** The dependency answers again: ends its outage (one line) if there was one. */
export function dependencyUp(dependency: Dependency): boolean {
  const outage = outages.get(dependency);
  if (!outage) return false;
  outages.delete(dependency);
  clearTimeout(outage.timer);
  outage.log.info(
    { dependency, downMs: Date.now() - outage.since, failures: outage.failures },
    `${dependency} available again`,
  );
  return true;
}

export function isDown(dependency: Dependency) {
  return outages.has(dependency);
}

const redisConnectionErrors =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|Socket timeout|Stream isn't writeable|connect ETIMEDOUT|Command timed out|redis not ready|redis connection closed/i;

/** True when a Redis client's error says the server cannot be reached (not a command's own failure). */
export function isRedisUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | undefined;
  return (
    (typeof e?.code === "string" && redisConnectionErrors.test(e.code)) ||
    (typeof e?.message === "string" && redisConnectionErrors.test(e.message))
  );
}
