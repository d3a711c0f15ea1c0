// Single-use, expiring tokens sent by email (password reset, email verification, email change). The link
// carries a random 32-byte token; only its SHA-256 is stored. Consuming is atomic: of two concurrent uses,
// one wins.
import type { TokenPurpose } from "~/generated/prisma/enums";
import type { Tx } from "~/utils/db.server";
import { hashToken, newToken } from "./session.server";

export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  password_reset: 60 * 60 * 1000,
  email_verification: 48 * 60 * 60 * 1000,
  email_change: 24 * 60 * 60 * 1000,
};

/** Creates a token (and retires unused ones of the same purpose for the user). Returns the raw token. */
export async function createUserToken(
  tx: Tx,
  input: { userId: string; purpose: TokenPurpose; newEmail?: string | null; now?: Date },
) {
  const now = input.now ?? new Date();
  await tx.userToken.updateMany({
    where: { userId: input.userId, purpose: input.purpose, usedAt: null },
    data: { usedAt: now },
  });
  const token = newToken();
  const row = await tx.userToken.create({
    data: {
      userId: input.userId,
      purpose: input.purpose,
      tokenHash: hashToken(token),
      newEmail: input.newEmail ?? null,
      expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[input.purpose]),
    },
  });
  return { token, row };
}

/** The token's row if it is valid (right purpose, unused, unexpired), without using it. */
export async function peekUserToken(tx: Pick<Tx, "userToken">, token: string, purpose: TokenPurpose) {
  if (!isTokenShaped(token)) return null;
  const row = await tx.userToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= new Date()) return null;
  return row;
}

/** Marks the token used and returns its row, or null if it was not valid. */
export async function consumeUserToken(tx: Tx, token: string, purpose: TokenPurpose) {
  if (!isTokenShaped(token)) return null;
  const tokenHash = hashToken(token);
  const now = new Date();
  const { count } = await tx.userToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  return tx.userToken.findUnique({ where: { tokenHash } });
}

export function isTokenShaped(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
