// Sign-in and sign-out. Errors never reveal whether an account exists: an unknown email, a wrong password
// and an account without a password all answer the same, after about the same time.
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { verifyPassword } from "./password.server";
import {
  forgetAccountFailures,
  isKnownDevice,
  knownDeviceCookie,
  recordSignInFailure,
  signInWait,
} from "./sign-in-throttle.server";
import { createSession, endUserSessions, hashToken, readSessionToken } from "./session.server";

export type SignInResult =
  | { kind: "rate_limited"; retryAfter: number }
  | { kind: "invalid" }
  | { kind: "two_factor"; userId: string; deviceCookie: string }
  | { kind: "signed_in"; userId: string; cookie: string; deviceCookie: string };

/**
 * Only failures count (per account and per address, with a progressive delay: sign-in-throttle.server.ts),
 * so a shared address full of people signing in is never held back; a device that has signed in to the
 * account before is judged by its own failures only, so failures caused elsewhere never keep the owner out.
 */
export async function attemptSignIn(input: {
  request: Request;
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const address = input.ip ?? "no-ip";

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, deletedAt: true, totpEnabledAt: true },
  });
  const usable = user && !user.deletedAt ? user : null;
  const known = usable ? isKnownDevice(input.request, usable.id) : false;
  const wait = await signInWait(known && usable ? { knownDevice: usable.id } : { account: email, address });
  if (wait > 0) return { kind: "rate_limited", retryAfter: wait };

  const ok = await verifyPassword(usable?.passwordHash, input.password);
  if (!ok || !usable) {
    await recordSignInFailure({
      account: email,
      address,
      ...(known && usable ? { knownDevice: usable.id } : {}),
    });
    // The attempted email is never recorded; a known account is recorded by id so its owner can see it.
    await audit(db(), {
      actorId: null,
      action: "session.sign_in_failed",
      entityType: "user",
      entityId: usable?.id ?? null,
      ip: input.ip,
      metadata: { reason: usable ? "wrong_password" : "unknown_account" },
    });
    return { kind: "invalid" };
  }
  await forgetAccountFailures(email, usable.id);
  const deviceCookie = knownDeviceCookie(input.request, usable.id);
  if (usable.totpEnabledAt) {
    await audit(db(), {
      actorId: usable.id,
      action: "session.password_verified",
      entityType: "user",
      entityId: usable.id,
      ip: input.ip,
    });
    return { kind: "two_factor", userId: usable.id, deviceCookie };
  }
  const cookie = await db().$transaction((tx) =>
    startSession(tx, { ...input, userId: usable.id, twoFactorVerified: false }),
  );
  return { kind: "signed_in", userId: usable.id, cookie, deviceCookie };
}

/** Creates a fresh session (ending the one the request carried, if any) and audits the sign-in. */
export async function startSession(
  tx: Tx,
  input: {
    request: Request;
    userId: string;
    ip: string | null;
    userAgent: string | null;
    twoFactorVerified: boolean;
    method?: string;
  },
) {
  const previous = readSessionToken(input.request);
  if (previous) await tx.session.deleteMany({ where: { id: hashToken(previous) } });
  const created = await createSession(tx, {
    userId: input.userId,
    ip: input.ip,
    userAgent: input.userAgent,
    twoFactorVerified: input.twoFactorVerified,
  });
  await audit(tx, {
    actorId: input.userId,
    action: "session.signed_in",
    entityType: "session",
    entityId: created.session.id.slice(0, 12),
    ip: input.ip,
    metadata: { twoFactor: input.twoFactorVerified, method: input.method ?? "password" },
  });
  return created.cookie;
}

export async function signOut(tx: Tx, input: { request: Request; ip: string | null; everywhere: boolean }) {
  const token = readSessionToken(input.request);
  if (!token) return;
  const id = hashToken(token);
  const session = await tx.session.findUnique({ where: { id }, select: { userId: true } });
  if (!session) return;
  const ended = input.everywhere
    ? await endUserSessions(tx, session.userId)
    : (await tx.session.deleteMany({ where: { id } })).count;
  await audit(tx, {
    actorId: session.userId,
    action: input.everywhere ? "session.signed_out_everywhere" : "session.signed_out",
    entityType: "session",
    entityId: id.slice(0, 12),
    ip: input.ip,
    metadata: { ended },
  });
}
