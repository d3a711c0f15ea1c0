// Invitations: the secretariat invites a new organisation's first admin; organisation admins invite
// colleagues. The link carries a random token; only its SHA-256 is stored. Single use, 7 days.
import { defaultTimeZoneFor } from "~/i18n/time-zones.server";
import type { MembershipRole, OrganisationKind, Region } from "~/generated/prisma/enums";
import { queueEmail } from "~/features/email/index.server";
import {
  hashPassword,
  createSession,
  hashToken,
  newToken,
  isTokenShaped,
} from "~/features/auth/index.server";
import type { Locale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export async function createInvitation(
  tx: Tx,
  input: {
    organisationId: string;
    organisationName: string;
    email: string;
    role: MembershipRole;
    inviter: { id: string; name: string };
    locale: Locale;
    ip: string | null;
  },
) {
  // A newer invitation replaces an unused older one for the same address and organisation.
  await tx.invitation.updateMany({
    where: { organisationId: input.organisationId, email: input.email, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  const token = newToken();
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  const invitation = await tx.invitation.create({
    data: {
      tokenHash: hashToken(token),
      email: input.email,
      organisationId: input.organisationId,
      role: input.role,
      invitedById: input.inviter.id,
      expiresAt,
    },
  });
  await queueEmail(tx, {
    to: input.email,
    template: "invitation",
    locale: input.locale,
    params: {
      inviteUrl: appUrl(`/invitations/${token}`),
      organisationName: input.organisationName.slice(0, 300),
      inviterName: input.inviter.name.slice(0, 300),
      expiresAt: expiresAt.toISOString(),
    },
  });
  await audit(tx, {
    actorId: input.inviter.id,
    organisationId: input.organisationId,
    action: "invitation.created",
    entityType: "invitation",
    entityId: invitation.id,
    ip: input.ip,
    metadata: { role: input.role },
  });
  return { invitation, token };
}

/** Secretariat: a new (unverified) organisation and an invitation for its first admin. */
export async function inviteOrganisation(
  tx: Tx,
  input: {
    inviter: { id: string; name: string };
    kind: Exclude<OrganisationKind, "SECRETARIAT"> | "SECRETARIAT";
    name: string;
    countryCode: string | null;
    coverageGlobal?: boolean;
    coverageCountries?: string[];
    coverageRegions?: Region[];
    languages?: string[];
    email: string;
    locale: Locale;
    ip: string | null;
  },
) {
  const organisation = await tx.organisation.create({
    data: {
      kind: input.kind,
      name: input.name,
      countryCode: input.kind === "COALITION" ? input.countryCode : null,
      coverageGlobal: input.coverageGlobal ?? false,
      coverageCountries: input.coverageCountries ?? [],
      coverageRegions: input.coverageRegions ?? [],
      languages: input.languages ?? [],
      vettingLevel: "unverified",
    },
  });
  await audit(tx, {
    actorId: input.inviter.id,
    organisationId: organisation.id,
    action: "organisation.created",
    entityType: "organisation",
    entityId: organisation.id,
    ip: input.ip,
    metadata: { kind: input.kind },
  });
  const { invitation, token } = await createInvitation(tx, {
    organisationId: organisation.id,
    organisationName: organisation.name,
    email: input.email,
    role: "admin",
    inviter: input.inviter,
    locale: input.locale,
    ip: input.ip,
  });
  return { organisation, invitation, token };
}

/** Organisation admin: invites a colleague. */
export async function inviteMember(
  tx: Tx,
  input: {
    inviter: { id: string; name: string };
    organisationId: string;
    email: string;
    role: MembershipRole;
    locale: Locale;
    ip: string | null;
  },
) {
  const organisation = await tx.organisation.findUniqueOrThrow({
    where: { id: input.organisationId },
    select: { id: true, name: true },
  });
  const already = await tx.membership.findFirst({
    where: { organisationId: organisation.id, user: { email: input.email } },
    select: { userId: true },
  });
  if (already) return { kind: "already_member" as const };
  const { invitation, token } = await createInvitation(tx, {
    ...input,
    organisationName: organisation.name,
  });
  return { kind: "invited" as const, invitation, token };
}

export async function revokeInvitation(
  tx: Tx,
  input: {
    actorId: string;
    organisationId: string;
    invitationId: string;
    ip: string | null;
  },
) {
  const { count } = await tx.invitation.updateMany({
    where: {
      id: input.invitationId,
      organisationId: input.organisationId,
      acceptedAt: null,
      revokedAt: null,
    },
    data: { revokedAt: new Date() },
  });
  if (count) {
    await audit(tx, {
      actorId: input.actorId,
      organisationId: input.organisationId,
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: input.invitationId,
      ip: input.ip,
    });
  }
  return count === 1;
}

/** A usable invitation (not accepted, revoked or expired) for this token, or null. */
export async function findInvitation(token: string) {
  if (!isTokenShaped(token)) return null;
  const invitation = await db().invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { organisation: { select: { id: true, name: true, kind: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= new Date())
    return null;
  const existing = await db().user.findUnique({
    where: { email: invitation.email },
    select: { id: true, deletedAt: true },
  });
  return { invitation, existingUserId: existing && !existing.deletedAt ? existing.id : null };
}

async function claim(tx: Tx, token: string) {
  const now = new Date();
  const { count } = await tx.invitation.updateMany({
    where: { tokenHash: hashToken(token), acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (count !== 1) return null;
  return tx.invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
}

/**
 * Accepts an invitation for a new account: creates the user (email verified by the act of accepting),
 * the membership and a session. Returns null when the token is not usable or the address has an account.
 */
export async function acceptInvitationAsNewUser(input: {
  token: string;
  name: string;
  password: string;
  locale: Locale;
  ip: string | null;
  userAgent: string | null;
}) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const invitation = await claim(tx, input.token);
      if (!invitation) return null;
      const existing = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
      if (existing) throw new AlreadyHasAccount();
      const organisation = await tx.organisation.findUnique({
        where: { id: invitation.organisationId },
        select: { countryCode: true },
      });
      const user = await tx.user.create({
        data: {
          email: invitation.email,
          name: input.name,
          passwordHash,
          locale: input.locale,
          // Until they confirm one (settings, or their browser's zone offered on their first pages).
          timeZone: defaultTimeZoneFor(organisation?.countryCode),
          emailVerifiedAt: new Date(),
        },
      });
      await tx.membership.create({
        data: { userId: user.id, organisationId: invitation.organisationId, role: invitation.role },
      });
      await audit(tx, {
        actorId: user.id,
        organisationId: invitation.organisationId,
        action: "invitation.accepted",
        entityType: "invitation",
        entityId: invitation.id,
        ip: input.ip,
        metadata: { role: invitation.role, newAccount: true },
      });
      const session = await createSession(tx, {
        userId: user.id,
        ip: input.ip,
        userAgent: input.userAgent,
        activeOrganisationId: invitation.organisationId,
      });
      await audit(tx, {
        actorId: user.id,
        action: "session.signed_in",
        entityType: "session",
        entityId: session.session.id.slice(0, 12),
        ip: input.ip,
        metadata: { method: "invitation" },
      });
      return { userId: user.id, organisationId: invitation.organisationId, cookie: session.cookie };
    });
  } catch (error) {
    if (error instanceof AlreadyHasAccount) return null;
    throw error;
  }
}

class AlreadyHasAccount extends Error {}

/** Accepts an invitation as the signed-in user whose address it was sent to. */
export async function acceptInvitationAsUser(
  tx: Tx,
  input: {
    token: string;
    userId: string;
    sessionId: string;
    ip: string | null;
  },
) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { email: true } });
  const pending = await tx.invitation.findUnique({
    where: { tokenHash: hashToken(input.token) },
    select: { email: true },
  });
  if (!pending || pending.email !== user.email) return null;
  const invitation = await claim(tx, input.token);
  if (!invitation) return null;
  await tx.membership.upsert({
    where: { userId_organisationId: { userId: input.userId, organisationId: invitation.organisationId } },
    create: { userId: input.userId, organisationId: invitation.organisationId, role: invitation.role },
    update: {},
  });
  await tx.session.update({
    where: { id: input.sessionId },
    data: { activeOrganisationId: invitation.organisationId },
  });
  await audit(tx, {
    actorId: input.userId,
    organisationId: invitation.organisationId,
    action: "invitation.accepted",
    entityType: "invitation",
    entityId: invitation.id,
    ip: input.ip,
    metadata: { role: invitation.role, newAccount: false },
  });
  return { organisationId: invitation.organisationId };
}
