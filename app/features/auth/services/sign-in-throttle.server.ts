// Sign-in throttling (ADR 0004, amended by issue 15). Members come through Tor exits and shared offices,
// so one address is many people: only FAILED sign-ins count, per account and per address, and past a
// free allowance each further failure doubles the wait before the next try (a progressive delay, never a
// long hard lock). The owner of an account, on a device that has signed in to it before, with the right
// password, is never held back by failures someone else caused: the device carries a keyed mark of the
// account (HMAC with SESSION_SECRET, no id in clear) that an attacker elsewhere cannot have.
// Redis keys: `${REDIS_PREFIX}:rl:signInFail:<account|address>:<sha256(subject)>`, a hash {n, last}.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { dependencyDown, isRedisUnavailable } from "~/utils/outages.server";
import { readyWebRedis, redisPrefix, webRedisIfReady } from "~/utils/redis.server";

/**
 * account: every failure for an email; address: every failure from an IP; knownDevice: failures on
 * devices that know the account (they are judged by these alone, so a stolen device is throttled too).
 */
export type FailureScope = "account" | "address" | "knownDevice";

export const signInThrottle = {
  account: { freeFailures: 5, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  address: { freeFailures: 20, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  knownDevice: { freeFailures: 5, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
} as const satisfies Record<
  FailureScope,
  { freeFailures: number; maxDelaySeconds: number; forgetAfterSeconds: number }
>;

/** Seconds to wait after the last of `failures` failures: 0 within the allowance, then 2, 4, 8… capped. */
function delayAfter(scope: FailureScope, failures: number) {
  const rule = signInThrottle[scope];
  if (failures <= rule.freeFailures) return 0;
  return Math.min(rule.maxDelaySeconds, 2 ** Math.min(30, failures - rule.freeFailures));
}

export function failureKey(scope: FailureScope, subject: string) {
  const digest = createHash("sha256").update(subject.toLowerCase()).digest("hex").slice(0, 32);
  return `${redisPrefix()}:rl:signInFail:${scope}:${digest}`;
}

type Subjects = Partial<Record<FailureScope, string>>;

/**
 * Seconds this attempt must still wait (0: go ahead), from the failures recorded for each subject. Counts
 * nothing. With Redis away it fails open (logged once per outage), as the other sign-in limits do.
 */
export async function signInWait(subjects: Subjects, now = Date.now()): Promise<number> {
  const entries = Object.entries(subjects).filter(([, s]) => s) as Array<[FailureScope, string]>;
  if (!entries.length) return 0;
  try {
    const redis = await readyWebRedis();
    const rows = await Promise.all(
      entries.map(([scope, s]) => redis.hmget(failureKey(scope, s), "n", "last")),
    );
    let wait = 0;
    rows.forEach(([n, last], i) => {
      const delay = delayAfter(entries[i]![0], Number(n ?? 0));
      if (delay && last) wait = Math.max(wait, Math.ceil((Number(last) + delay * 1000 - now) / 1000));
    });
    return Math.max(0, wait);
  } catch (error) {
    if (isRedisUnavailable(error)) dependencyDown("redis", error);
    else logger.warn({ err: (error as Error)?.message }, "sign-in throttle unavailable");
    return 0;
  }
}

const RECORD = `
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'last', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n
`;

/** Records one failed sign-in against each subject. */
export async function recordSignInFailure(subjects: Subjects, now = Date.now()) {
  try {
    const redis = await readyWebRedis();
    await Promise.all(
      (Object.entries(subjects).filter(([, s]) => s) as Array<[FailureScope, string]>).map(([scope, s]) =>
        redis.eval(
          RECORD,
          1,
          failureKey(scope, s),
          String(now),
          String(signInThrottle[scope].forgetAfterSeconds * 1000),
        ),
      ),
    );
  } catch (error) {
    if (isRedisUnavailable(error)) dependencyDown("redis", error);
    else logger.warn({ err: (error as Error)?.message }, "sign-in failure not recorded");
  }
}

/**
 * After a successful sign-in the account's failures are forgotten (never the address's: someone's own
 * good sign-ins must not wipe a guesser's record). Never waits for Redis: the record expires on its own.
 */
export async function forgetAccountFailures(email: string, userId: string) {
  try {
    await webRedisIfReady()?.del(failureKey("account", email), failureKey("knownDevice", userId));
  } catch {
    // Expires on its own.
  }
}

// ── Known devices ──
const DEVICE_COOKIE = "__device";
const MARKS_KEPT = 5; // accounts remembered per device (a shared office computer)

function deviceMark(userId: string) {
  return createHmac("sha256", env().SESSION_SECRET)
    .update(`known-device:${userId}`)
    .digest("base64url")
    .slice(0, 22);
}

function marksOf(request: Request) {
  const cookie = request.headers.get("cookie") ?? "";
  const value = cookie
    .split(/;\s*/)
    .find((c) => c.startsWith(`${DEVICE_COOKIE}=`))
    ?.slice(DEVICE_COOKIE.length + 1);
  return (value ?? "").split(".").filter((m) => /^[A-Za-z0-9_-]{22}$/.test(m));
}

/** Whether this device has signed in to the account before (its cookie carries the account's mark). */
export function isKnownDevice(request: Request, userId: string) {
  const expected = Buffer.from(deviceMark(userId));
  return marksOf(request).some((m) => timingSafeEqual(Buffer.from(m), expected));
}

/** The cookie that marks this device as known for the account (kept a year; HttpOnly). */
export function knownDeviceCookie(request: Request, userId: string) {
  const mark = deviceMark(userId);
  const marks = [mark, ...marksOf(request).filter((m) => m !== mark)].slice(0, MARKS_KEPT);
  const secure = env().NODE_ENV === "production" ? "; Secure" : "";
  return `${DEVICE_COOKIE}=${marks.join(".")}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`;
}
