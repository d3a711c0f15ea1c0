// Signed-in sessions for tests: a Session row inserted directly, and the cookie that carries it.
import { createHash, randomBytes } from "node:crypto";
import { db } from "~/utils/db.server";

export type TestSession = { token: string; id: string; cookie: string };

export async function createTestSession(
  userId: string,
  options: {
    twoFactorVerified?: boolean;
    activeOrganisationId?: string | null;
    createdAt?: Date;
    lastSeenAt?: Date;
    expiresAt?: Date;
  } = {},
): Promise<TestSession> {
  const token = randomBytes(32).toString("base64url");
  const id = createHash("sha256").update(token).digest("hex");
  const now = new Date();
  await db().session.create({
    data: {
      id,
      userId,
      createdAt: options.createdAt ?? now,
      lastSeenAt: options.lastSeenAt ?? now,
      expiresAt: options.expiresAt ?? new Date(now.getTime() + 14 * 24 * 3600_000),
      twoFactorVerifiedAt: options.twoFactorVerified ? now : null,
      activeOrganisationId: options.activeOrganisationId ?? null,
    },
  });
  return { token, id, cookie: `__session=${token}` };
}

/** A secretariat user is only a secretariat user with 2FA set up and verified in the session. */
export async function enableTotpFor(userId: string, secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP") {
  await db().user.update({ where: { id: userId }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
  return secret;
}
