// TOTP two-factor authentication (RFC 6238, otplib) with replay protection (User.totpLastStep: a code's
// time step must be later than the last accepted one) and 10 single-use recovery codes (SHA-256 stored).
import { createHash, randomBytes } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";

const RECOVERY_CODE_COUNT = 10;
const ISSUER = "Puente";

function hashRecoveryCode(code: string) {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

export function normaliseRecoveryCode(code: string) {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I

export function newRecoveryCode() {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function replaceRecoveryCodes(tx: Tx, userId: string) {
  await tx.recoveryCode.deleteMany({ where: { userId } });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  return codes;
}

/** Starts (or restarts) setup: a new secret, stored but not active until a code confirms it. */
export async function beginTwoFactorSetup(tx: Tx, userId: string, ip: string | null) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (user.totpEnabledAt) return false;
  await tx.user.update({
    where: { id: userId },
    data: { totpSecret: generateSecret(), totpLastStep: null },
  });
  await audit(tx, {
    actorId: userId,
    action: "two_factor.setup_started",
    entityType: "user",
    entityId: userId,
    ip,
  });
  return true;
}

export async function setupDetails(user: { email: string; totpSecret: string }) {
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret: user.totpSecret });
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return {
    secret: user.totpSecret,
    uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/** Checks a TOTP code against the secret, refusing a time step already used. Returns the step or null. */
async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(lastStep != null ? { afterTimeStep: lastStep } : {}),
    });
    return result.valid && "timeStep" in result ? result.timeStep : null;
  } catch {
    return null;
  }
}

/** Records the step atomically: of two concurrent uses of one code, one wins. */
async function claimStep(tx: Pick<Tx, "user">, userId: string, step: number) {
  const { count } = await tx.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

/** Confirms setup with a first code: enables 2FA, marks this session verified, returns recovery codes. */
export async function confirmTwoFactorSetup(
  tx: Tx,
  input: {
    userId: string;
    sessionId: string;
    code: string;
    ip: string | null;
  },
) {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true },
  });
  if (!user.totpSecret || user.totpEnabledAt) return null;
  const step = await checkTotp(user.totpSecret, input.code.replace(/\s/g, ""), user.totpLastStep);
  if (step == null) return null;
  if (!(await claimStep(tx, input.userId, step))) return null;
  await tx.user.update({ where: { id: input.userId }, data: { totpEnabledAt: new Date() } });
  await tx.session.update({ where: { id: input.sessionId }, data: { twoFactorVerifiedAt: new Date() } });
  const codes = await replaceRecoveryCodes(tx, input.userId);
  await audit(tx, {
    actorId: input.userId,
    action: "two_factor.enabled",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
  return codes;
}

export type SecondFactorResult = { ok: true; method: "totp" | "recovery_code" } | { ok: false };

/**
 * Verifies a TOTP code or a recovery code (used up) for a user with 2FA enabled, in the caller's
 * transaction. A failure is audited and answered (not thrown), so the caller's transaction commits it.
 */
export async function verifySecondFactor(
  tx: Tx,
  input: {
    userId: string;
    code: string;
    ip: string | null;
  },
): Promise<SecondFactorResult> {
  const code = input.code.replace(/[\s]/g, "");
  const user = await tx.user.findUnique({
    where: { id: input.userId },
    select: { totpSecret: true, totpEnabledAt: true, totpLastStep: true, deletedAt: true },
  });
  if (!user?.totpSecret || !user.totpEnabledAt || user.deletedAt) return { ok: false };
  if (/^\d{6}$/.test(code)) {
    const step = await checkTotp(user.totpSecret, code, user.totpLastStep);
    if (step != null && (await claimStep(tx, input.userId, step))) return { ok: true, method: "totp" };
  } else if (normaliseRecoveryCode(code).length === 10) {
    const { count } = await tx.recoveryCode.updateMany({
      where: { userId: input.userId, codeHash: hashRecoveryCode(code), usedAt: null },
      data: { usedAt: new Date() },
    });
    if (count === 1) {
      const left = await tx.recoveryCode.count({ where: { userId: input.userId, usedAt: null } });
      await audit(tx, {
        actorId: input.userId,
        action: "two_factor.recovery_code_used",
        entityType: "user",
        entityId: input.userId,
        ip: input.ip,
        metadata: { left },
      });
      return { ok: true, method: "recovery_code" };
    }
  }
  await audit(tx, {
    actorId: input.userId,
    action: "two_factor.failed",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
  return { ok: false };
}

export async function markSessionVerified(
  tx: Tx,
  input: {
    userId: string;
    sessionId: string;
    method: string;
    ip: string | null;
  },
) {
  await tx.session.update({ where: { id: input.sessionId }, data: { twoFactorVerifiedAt: new Date() } });
  await audit(tx, {
    actorId: input.userId,
    action: "session.two_factor_verified",
    entityType: "session",
    entityId: input.sessionId.slice(0, 12),
    ip: input.ip,
    metadata: { method: input.method },
  });
}

export async function regenerateRecoveryCodes(tx: Tx, input: { userId: string; ip: string | null }) {
  const codes = await replaceRecoveryCodes(tx, input.userId);
  await audit(tx, {
    actorId: input.userId,
    action: "two_factor.recovery_codes_regenerated",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
  return codes;
}

export async function disableTwoFactor(tx: Tx, input: { userId: string; ip: string | null }) {
  await tx.user.update({
    where: { id: input.userId },
    data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null },
  });
  await tx.recoveryCode.deleteMany({ where: { userId: input.userId } });
  await tx.session.updateMany({ where: { userId: input.userId }, data: { twoFactorVerifiedAt: null } });
  await audit(tx, {
    actorId: input.userId,
    action: "two_factor.disabled",
    entityType: "user",
    entityId: input.userId,
    ip: input.ip,
  });
}

export async function remainingRecoveryCodes(userId: string) {
  return db().recoveryCode.count({ where: { userId, usedAt: null } });
}
