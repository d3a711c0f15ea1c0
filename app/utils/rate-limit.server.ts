// Rate limits in Redis: fixed windows counted with one atomic script (INCR, and PEXPIRE on the first hit).
// Keys: `${REDIS_PREFIX}:rl:<bucket>:<subject hash>`. Subjects (emails, IPs) are hashed, so Redis holds no
// personal data. When Redis is down, each rule says whether to fail open (allow, with a warning in the log)
// or closed (refuse): see docs/decisions/0004-rate-limits.md.
import { createHash } from "node:crypto";
import { logger } from "~/utils/logger.server";
import { dependencyDown, isRedisUnavailable } from "~/utils/outages.server";
import { readyWebRedis, redisPrefix, webRedisIfReady } from "~/utils/redis.server";

type RateRule = { limit: number; windowSeconds: number; failOpen: boolean };

const rateRules = {
  // Sign-in failures are throttled with a progressive delay instead: features/auth/services/sign-in-throttle.server.ts.
  /** Password reset requests. */
  resetAccount: { limit: 3, windowSeconds: 60 * 60, failOpen: true },
  resetIp: { limit: 20, windowSeconds: 60 * 60, failOpen: true },
  /** Sending invitations (per inviter) and accepting them (per IP). */
  inviteSend: { limit: 30, windowSeconds: 60 * 60, failOpen: true },
  inviteAcceptIp: { limit: 30, windowSeconds: 15 * 60, failOpen: true },
  /** Token links (reset, verification) tried per IP. */
  tokenIp: { limit: 30, windowSeconds: 15 * 60, failOpen: true },
  /** Second-factor codes: a 6-digit code must not be guessable, so these fail closed. */
  twoFactorAccount: { limit: 5, windowSeconds: 5 * 60, failOpen: false },
  twoFactorIp: { limit: 30, windowSeconds: 15 * 60, failOpen: false },
  /** Re-authentication with the current password (change password, delete account). */
  reauthAccount: { limit: 10, windowSeconds: 15 * 60, failOpen: true },
  /** The public application form (per IP), and unknown answer links tried (per IP). */
  applyIp: { limit: 5, windowSeconds: 60 * 60, failOpen: true },
  applyAnswerIp: { limit: 30, windowSeconds: 15 * 60, failOpen: true },
  /** Email-change verification emails. */
  emailChange: { limit: 5, windowSeconds: 60 * 60, failOpen: true },
} satisfies Record<string, RateRule>;

export type RateBucket = keyof typeof rateRules;

export type RateResult = { ok: true } | { ok: false; retryAfter: number };

const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

function rateKey(bucket: RateBucket, subject: string) {
  const digest = createHash("sha256").update(subject.toLowerCase()).digest("hex").slice(0, 32);
  return `${redisPrefix()}:rl:${bucket}:${digest}`;
}

/** Counts one attempt against a bucket and says whether it is allowed. */
export async function hit(bucket: RateBucket, subject: string | null | undefined): Promise<RateResult> {
  const rule: RateRule = rateRules[bucket];
  const key = rateKey(bucket, subject || "unknown");
  try {
    const [count, ttl] = (await (
      await readyWebRedis()
    ).eval(SCRIPT, 1, key, String(rule.windowSeconds * 1000))) as [number, number];
    if (count > rule.limit) return { ok: false, retryAfter: Math.max(1, Math.ceil(ttl / 1000)) };
    return { ok: true };
  } catch (error) {
    // A Redis outage is logged once when it starts and once when it ends (outages.server.ts), not per
    // request; any other failure of the script is logged each time.
    if (isRedisUnavailable(error)) dependencyDown("redis", error);
    else
      logger.warn(
        { bucket, err: (error as Error)?.message, failOpen: rule.failOpen },
        "rate limit unavailable",
      );
    return rule.failOpen ? { ok: true } : { ok: false, retryAfter: 60 };
  }
}

/** Counts one attempt against several buckets; the first refusal wins (all are counted). */
export async function hitAll(checks: Array<[RateBucket, string | null | undefined]>): Promise<RateResult> {
  const results = await Promise.all(checks.map(([bucket, subject]) => hit(bucket, subject)));
  const refused = results.filter((r): r is { ok: false; retryAfter: number } => !r.ok);
  if (!refused.length) return { ok: true };
  return { ok: false, retryAfter: Math.max(...refused.map((r) => r.retryAfter)) };
}

/**
 * Clears a bucket (e.g. the account's sign-in counter after a successful sign-in). It never waits for
 * Redis: with Redis away the sign-in has already waited once for its checks, and the window expires on
 * its own, so the reset is skipped (it fails open) instead of making the person wait a second time.
 */
export async function resetLimit(bucket: RateBucket, subject: string) {
  try {
    await webRedisIfReady()?.del(rateKey(bucket, subject));
  } catch {
    // Nothing to do: the window expires on its own.
  }
}
