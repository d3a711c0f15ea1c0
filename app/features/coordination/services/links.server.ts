// Signed links for people who are not signed in: an RSVP from an email, a guest's magic link.
// token = base64url(JSON payload) "." base64url(HMAC-SHA256(SESSION_SECRET, "call-link:" + payload)).
// Payloads carry ids and an expiry only. What makes a link dead besides its expiry is checked by the
// caller against the database: the call's revision (RSVP), the guest's nonce (revocation), a used jti.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { setting } from "~/utils/env-schema";

/** What a page opened from a link (RSVP, guest) shows of its call: when, where, how, and its state. */
export const linkCallSelect = {
  id: true,
  title: true,
  countryCode: true,
  startsAt: true,
  durationMinutes: true,
  timeZone: true,
  meetingUrl: true,
  place: true,
  status: true,
  followUpClosedAt: true,
} as const;

const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

const payloads = {
  /** RSVP from an email: one person (member `u` or guest `g`), one call at revision `s`, single use (`j`). */
  rsvp: z
    .object({
      p: z.literal("rsvp"),
      c: id,
      s: z.number().int().min(0),
      u: id.optional(),
      g: id.optional(),
      j: id,
      x: z.number().int(),
    })
    .refine((v) => !!v.u !== !!v.g),
  /** A guest's access to one call, until `x` or until the guest's nonce `n` changes (revocation). */
  guest: z.object({ p: z.literal("guest"), g: id, n: id, x: z.number().int() }),
};

export type LinkPurpose = keyof typeof payloads;
export type LinkPayload<P extends LinkPurpose> = z.infer<(typeof payloads)[P]>;

function secret() {
  return setting("SESSION_SECRET");
}

function mac(encoded: string) {
  return createHmac("sha256", secret()).update(`call-link:${encoded}`).digest();
}

export function newLinkId() {
  return randomBytes(12).toString("base64url");
}

export function signLink<P extends LinkPurpose>(payload: LinkPayload<P>): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${encoded}.${mac(encoded).toString("base64url")}`;
}

export type LinkCheck<P extends LinkPurpose> =
  { ok: true; payload: LinkPayload<P> } | { ok: false; reason: "invalid" | "expired" };

/** Checks the signature, the purpose and the expiry (seconds since the epoch, in `x`). */
export function verifyLink<P extends LinkPurpose>(
  purpose: P,
  token: unknown,
  now = new Date(),
): LinkCheck<P> {
  if (typeof token !== "string" || token.length > 1000) return { ok: false, reason: "invalid" };
  const [encoded, signature, ...rest] = token.split(".");
  if (!encoded || !signature || rest.length) return { ok: false, reason: "invalid" };
  const given = Buffer.from(signature, "base64url");
  const expected = mac(encoded);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: "invalid" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  const result = payloads[purpose].safeParse(parsed);
  if (!result.success) return { ok: false, reason: "invalid" };
  const payload = result.data as LinkPayload<P>;
  if (payload.x * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload };
}

export function epochSeconds(date: Date) {
  return Math.floor(date.getTime() / 1000);
}
