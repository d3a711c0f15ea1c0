import { Redis, type RedisOptions } from "ioredis";
import { connectionSettings, redisConnectionOptions } from "./connections.server";
import { dependencyUp, isDown } from "./outages.server";
import { setting } from "./env-schema";

/**
 * The web side fails fast: with Redis down, a rate-limit check or a readiness probe answers at once
 * instead of queueing commands until a timeout. The worker uses `workerRedisOptions` and retries.
 */
const webRedisOptions: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1_000,
  commandTimeout: 1_000,
  lazyConnect: false,
  retryStrategy: (times) => Math.min(times * 200, 2_000),
};

/** BullMQ workers need maxRetriesPerRequest null: blocking commands must wait through reconnects. */
export const workerRedisOptions: RedisOptions = {
  maxRetriesPerRequest: null,
  enableReadyCheck: true,
  retryStrategy: (times) => Math.min(times * 500, 5_000),
};

/**
 * A client with keepalive and the dead-socket timeout of every Redis connection (connections.server.ts)
 * over `options`. Copies made for BullMQ's blocking commands (`duplicate()`) leave the socket timeout
 * out: a blocking read waits for up to 10 s by design, and BullMQ guards it with a watchdog of its own.
 */
export function createRedis(url: string, options: RedisOptions) {
  const redis = new Redis(url, { ...redisConnectionOptions(), ...options });
  // Connection errors are reported by readiness checks; an unhandled 'error' event would crash the process.
  redis.on("error", () => {});
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = (override?: Partial<RedisOptions>) =>
    duplicate({ socketTimeout: undefined, ...override });
  return redis;
}

const globalForRedis = globalThis as unknown as { __puenteWebRedis?: Redis };

export function webRedis(): Redis {
  globalForRedis.__puenteWebRedis ??= createRedis(setting("REDIS_URL"), {
    ...webRedisOptions,
    commandTimeout: connectionSettings().REDIS_COMMAND_TIMEOUT_MS,
  });
  return globalForRedis.__puenteWebRedis;
}

/** One wait per connection, however many requests are waiting: see `readyWebRedis`. */
const readyWaits = new WeakMap<Redis, Promise<void>>();
/** Marks the 'ready' listeners this module adds, to tell them from ioredis's own (see `ownReadyListeners`). */
const OWN_READY_LISTENER = Symbol("puente ready wait");

/**
 * How many 'ready' listeners on this connection are ours. ioredis adds one of its own for the length of
 * every connection attempt (its connect() waits for 'ready' or 'close'), so while Redis is away the
 * connection's total count flickers between ours and ours + 1: counting the total races with its retries.
 */
export function ownReadyListeners(redis: Redis): number {
  return redis.listeners("ready").filter((l) => OWN_READY_LISTENER in l).length;
}

/**
 * The web connection, once it is ready (it refuses commands until then: no offline queue), or an error
 * after `timeoutMs`. Every caller shares one 'ready' listener per connection: a listener per request
 * would pile up for as long as Redis is away (a health probe every second through an hour-long outage).
 */
export async function readyWebRedis(timeoutMs = 1_000): Promise<Redis> {
  const redis = webRedis();
  if (redis.status === "ready") {
    // The first request to find Redis back ends the outage requests met (one log line: outages.server.ts).
    if (isDown("redis")) dependencyUp("redis");
    return redis;
  }
  if (redis.status === "end") throw new Error("redis connection closed");
  let wait = readyWaits.get(redis);
  if (!wait) {
    wait = new Promise<void>((resolve) =>
      redis.once(
        "ready",
        Object.assign(() => resolve(), { [OWN_READY_LISTENER]: true }),
      ),
    );
    readyWaits.set(redis, wait);
    void wait.then(() => readyWaits.delete(redis));
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      wait,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("redis not ready")), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return redis;
}

/**
 * The web connection if it is ready now, or null: for work that may be skipped while Redis is away
 * rather than make a request wait for it (clearing a rate-limit counter: it expires on its own).
 */
export function webRedisIfReady(): Redis | null {
  const redis = webRedis();
  return redis.status === "ready" ? redis : null;
}

export function redisPrefix() {
  return setting("REDIS_PREFIX");
}

export async function closeWebRedis() {
  globalForRedis.__puenteWebRedis?.disconnect();
  globalForRedis.__puenteWebRedis = undefined;
}
