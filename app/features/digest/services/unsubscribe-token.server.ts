// Signed links that need no sign-in: one-click unsubscribe (RFC 8058). token = base64url(purpose:userId)
// "." base64url(HMAC-SHA256(SESSION_SECRET, purpose:userId)). They do not expire — an unsubscribe link
// must keep working in an old email — and they can do one thing only: turn emails off.
import { createHmac, timingSafeEqual } from "node:crypto";
import { appUrl } from "~/utils/urls";
import { setting } from "~/utils/env-schema";

const PURPOSE = "digest-unsubscribe";

function secret() {
  return setting("SESSION_SECRET");
}

function mac(payload: string) {
  return createHmac("sha256", secret()).update(payload).digest();
}

export function unsubscribeToken(userId: string): string {
  const payload = `${PURPOSE}:${userId}`;
  return `${Buffer.from(payload).toString("base64url")}.${mac(payload).toString("base64url")}`;
}

/** The user id a token was signed for, or null if it is malformed, forged or for another purpose. */
export function verifyUnsubscribeToken(token: string): string | null {
  if (typeof token !== "string" || token.length > 300) return null;
  const [encoded, signature, ...rest] = token.split(".");
  if (!encoded || !signature || rest.length) return null;
  const payload = Buffer.from(encoded, "base64url").toString("utf8");
  if (Buffer.from(payload).toString("base64url") !== encoded) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  if (!payload.startsWith(`${PURPOSE}:`)) return null;
  const userId = payload.slice(PURPOSE.length + 1);
  return /^[A-Za-z0-9_-]{1,64}$/.test(userId) ? userId : null;
}

export function unsubscribeUrl(userId: string) {
  return appUrl(`/unsubscribe/${unsubscribeToken(userId)}`);
}

export function preferencesUrl() {
  return appUrl("/settings/notifications");
}
