// Email verification links: `email_change` (a new address, confirmed from that address) and
// `email_verification` (the current address). Both are single-use and expire.
import { audit } from "~/utils/audit.server";
import { db } from "~/utils/db.server";
import { consumeUserToken, peekUserToken } from "./tokens.server";

export type VerifyOutcome = "verified" | "changed" | "invalid";

export async function peekVerification(token: string) {
  return (
    (await peekUserToken(db(), token, "email_change")) ??
    (await peekUserToken(db(), token, "email_verification"))
  );
}

export async function confirmEmailToken(input: { token: string; ip: string | null }): Promise<VerifyOutcome> {
  try {
    return await db().$transaction(async (tx) => {
      const change = await consumeUserToken(tx, input.token, "email_change");
      if (change) {
        if (!change.newEmail) return "invalid";
        const taken = await tx.user.findUnique({ where: { email: change.newEmail }, select: { id: true } });
        if (taken) return "invalid";
        await tx.user.update({
          where: { id: change.userId },
          data: { email: change.newEmail, emailVerifiedAt: new Date() },
        });
        await audit(tx, {
          actorId: change.userId,
          action: "user.email_changed",
          entityType: "user",
          entityId: change.userId,
          ip: input.ip,
        });
        return "changed";
      }
      const verify = await consumeUserToken(tx, input.token, "email_verification");
      if (!verify) return "invalid";
      await tx.user.update({ where: { id: verify.userId }, data: { emailVerifiedAt: new Date() } });
      await audit(tx, {
        actorId: verify.userId,
        action: "user.email_verified",
        entityType: "user",
        entityId: verify.userId,
        ip: input.ip,
      });
      return "verified";
    });
  } catch (error) {
    // A unique-constraint race on the new address: treat as an invalid link, change nothing.
    if ((error as { code?: string })?.code === "P2002") return "invalid";
    throw error;
  }
}
