// Sign-in and sign-out. Errors never reveal whether an account exists: an unknown email, a wrong password
// and an account without a password all answer the same, after about the same time.
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { verifyPassword } from "./password.server";
import { hitAll, resetLimit } from "~/utils/rate-limit.server";
import { createSession, endUserSessions, hashToken, readSessionToken } from "./session.server";

export type SignInResult =
  | { kind: "rate_limited"; retryAfter: number }
  | { kind: "invalid" }
  | { kind: "two_factor"; userId: string }
  | { kind: "signed_in"; userId: string; cookie: string };

export async function attemptSignIn(input: {
  request: Request;
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}): Promise<SignInResult> {
  const email = input.email.trim().toLowerCase();
  const limited = await hitAll([
    ["signInIp", input.ip ?? "no-ip"],
    ["signInAccount", email],
  ]);
  if (!limited.ok) return { kind: "rate_limited", retryAfter: limited.retryAfter };

  const user = await db().user.findUnique({
    where: { email },
    select: { id: true, passwordHash: true, deletedAt: true, totpEnabledAt: true },
  });
  const usable = user && !user.deletedAt ? user : null;
  const ok = await verifyPassword(usable?.passwordHash, input.password);
  if (!ok || !usable) {
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
  await resetLimit("signInAccount", email);
  if (usable.totpEnabledAt) {
    await audit(db(), {
      actorId: usable.id,
      action: "session.password_verified",
      entityType: "user",
      entityId: usable.id,
      ip: input.ip,
    });
    return { kind: "two_factor", userId: usable.id };
  }
  const cookie = await startSession({ ...input, userId: usable.id, twoFactorVerified: false });
  return { kind: "signed_in", userId: usable.id, cookie };
}

/** Creates a fresh session (ending the one the request carried, if any) and audits the sign-in. */
export async function startSession(input: {
  request: Request;
  userId: string;
  ip: string | null;
  userAgent: string | null;
  twoFactorVerified: boolean;
  method?: string;
}) {
  const previous = readSessionToken(input.request);
  return db().$transaction(async (tx) => {
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
  });
}

export async function signOut(input: { request: Request; ip: string | null; everywhere: boolean }) {
  const token = readSessionToken(input.request);
  if (!token) return;
  const id = hashToken(token);
  await db().$transaction(async (tx) => {
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
  });
}
