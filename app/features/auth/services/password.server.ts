// Password hashing with Argon2id (@node-rs/argon2, OWASP parameters: 19 MiB, 2 passes, 1 lane).
import { hash, verify } from "@node-rs/argon2";
import { db } from "~/utils/db.server";

const options = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string) {
  return hash(password, options);
}

/** An Argon2id hash (same parameters) of a random, forgotten password: verifying against it costs what a real check costs. */
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$WVNNv5HzPz3WIllIONGFmg$OYk5iubOiotmZQ9+iTTOOh4HnsYNQV53Ohmhw7QBNmI";

/**
 * Verifies a password against a stored hash. With no hash (unknown account, or an account without a
 * password), a dummy hash is verified instead so the answer takes about as long either way.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    await verify(DUMMY_HASH, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/**
 * The password re-check before a sensitive change (email address, password, second factor, deleting the
 * account), in one place: null when the signed-in member's current password is right, otherwise the
 * field errors to show next to the current-password field.
 */
export async function recheckPassword(
  userId: string,
  password: string,
): Promise<{ currentPassword: string[] } | null> {
  const row = await db().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (await verifyPassword(row?.passwordHash, password)) return null;
  return { currentPassword: ["auth:errors.currentPasswordWrong"] };
}
