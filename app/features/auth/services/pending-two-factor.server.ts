// Between a correct password and a correct second factor, nothing but a short-lived signed cookie exists:
// no session is created until the second factor passes. The cookie names the user and an expiry,
// signed with SESSION_SECRET (HMAC-SHA256).
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "~/utils/env.server";
import { setting } from "~/utils/env-schema";

const PENDING_COOKIE = "__2fa";
const PENDING_TTL_MS = 10 * 60 * 1000;

function sign(value: string) {
  return createHmac("sha256", env().SESSION_SECRET).update(`2fa:${value}`).digest("base64url");
}

function attributes() {
  return `Path=/; HttpOnly; SameSite=Lax${setting("NODE_ENV") === "production" ? "; Secure" : ""}`;
}

export function pendingCookie(userId: string, now = Date.now()) {
  const value = `${userId}.${now + PENDING_TTL_MS}`;
  return `${PENDING_COOKIE}=${value}.${sign(value)}; ${attributes()}; Max-Age=${PENDING_TTL_MS / 1000}`;
}

export function clearPendingCookie() {
  return `${PENDING_COOKIE}=; ${attributes()}; Max-Age=0`;
}

/** The user id awaiting a second factor, or null (absent, tampered or expired). */
export function readPending(request: Request, now = Date.now()): string | null {
  const header = request.headers.get("cookie") ?? "";
  const match = header.match(/(?:^|;\s*)__2fa=([A-Za-z0-9_-]{1,64})\.(\d{1,16})\.([A-Za-z0-9_-]{43})(?:;|$)/);
  if (!match) return null;
  const [, userId, exp, signature] = match;
  const expected = Buffer.from(sign(`${userId}.${exp}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  if (Number(exp) < now) return null;
  return userId;
}
