// Organisation profiles, members and vetting. Every change is audited in its transaction.
import type { Prisma } from "~/generated/prisma/client";
import type { MembershipRole, Region, VettingLevel } from "~/generated/prisma/enums";
import { identityChangeNeedsApproval, publishesToNetwork, type Viewer } from "~/features/auth/policy";
import { queueOrganisationOffersIndex } from "~/features/search/index.server";
import { audit } from "~/utils/audit.server";
import { loadRecordKey, openField, recordKeyForWrite, sealField } from "~/utils/crypto/fields.server";
import { db, type Tx } from "~/utils/db.server";

const vettingNoteField = (organisationId: string) =>
  ({ entity: "Organisation", id: organisationId, field: "vettingNote" }) as const;

/** The organisation's data key (created on first use): it seals the secretariat's vetting note. */
export async function organisationKeyForWrite(tx: Tx, organisationId: string) {
  const current = await tx.organisation.findUniqueOrThrow({
    where: { id: organisationId },
    select: { dataKeyId: true },
  });
  return recordKeyForWrite(
    tx,
    current.dataKeyId,
    async (dataKeyId) =>
      (await tx.$executeRaw`
        UPDATE "Organisation" SET "dataKeyId" = ${dataKeyId} WHERE id = ${organisationId} AND "dataKeyId" IS NULL`) ===
      1,
    async () =>
      (await tx.organisation.findUnique({ where: { id: organisationId }, select: { dataKeyId: true } }))
        ?.dataKeyId ?? null,
  );
}

/**
 * An organisation's profile with its vetting note opened (callers show the note to the secretariat only)
 * and its pending change of name or coverage, if any (its admins' and the secretariat's to see).
 */
export async function getOrganisation(id: string) {
  const org = await db().organisation.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      name: true,
      countryCode: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
      languages: true,
      description: true,
      website: true,
      vettingLevel: true,
      vettedAt: true,
      vettingNote: true,
      dataKeyId: true,
      vettedBy: { select: { name: true } },
      pendingName: true,
      pendingCoverageGlobal: true,
      pendingCoverageCountries: true,
      pendingCoverageRegions: true,
      pendingChangeAt: true,
      pendingChangeBy: { select: { name: true } },
      createdAt: true,
    },
  });
  if (!org) return null;
  const {
    dataKeyId,
    pendingName,
    pendingCoverageGlobal,
    pendingCoverageCountries,
    pendingCoverageRegions,
    pendingChangeAt,
    pendingChangeBy,
    ...rest
  } = org;
  const key = await loadRecordKey(db(), dataKeyId);
  const pending = pendingChangeAt
    ? {
        name: pendingName,
        coverage:
          pendingCoverageGlobal === null
            ? null
            : {
                global: pendingCoverageGlobal,
                countries: pendingCoverageCountries,
                regions: pendingCoverageRegions,
              },
        at: pendingChangeAt,
        by: pendingChangeBy?.name ?? null,
      }
    : null;
  return { ...rest, vettingNote: openField(key, org.vettingNote, vettingNoteField(org.id)), pending };
}

export type ProfileInput = {
  name: string;
  countryCode?: string;
  coverageGlobal: boolean;
  coverageCountries: string[];
  coverageRegions: Region[];
  languages: string[];
  description?: string;
  website?: string;
};

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && new Set(a).size === new Set([...a, ...b]).size;

/**
 * The kind never changes; coalitions have a home country, experts a coverage. Once the organisation is
 * vetted, a new name or coverage is not applied: it waits for the secretariat (policy:
 * `identityChangeNeedsApproval`), audited as `organisation.change_requested`; the rest applies at once.
 * Returns whether something now waits for approval.
 */
export async function updateProfile(
  tx: Tx,
  input: {
    actorId: string;
    viewer: Viewer;
    organisationId: string;
    profile: ProfileInput;
    ip: string | null;
  },
): Promise<{ pending: boolean }> {
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE id = ${input.organisationId} FOR UPDATE`;
  const org = await tx.organisation.findUniqueOrThrow({
    where: { id: input.organisationId },
    select: {
      kind: true,
      name: true,
      vettingLevel: true,
      coverageGlobal: true,
      coverageCountries: true,
      coverageRegions: true,
    },
  });
  const p = input.profile;
  const coverage = {
    coverageGlobal: p.coverageGlobal,
    coverageCountries: [...new Set(p.coverageCountries)],
    coverageRegions: [...new Set(p.coverageRegions)],
  };
  const nameChanged = p.name !== org.name;
  const coverageChanged =
    org.kind === "EXPERT" &&
    (coverage.coverageGlobal !== org.coverageGlobal ||
      !sameSet(coverage.coverageCountries, org.coverageCountries) ||
      !sameSet(coverage.coverageRegions, org.coverageRegions));
  const held = identityChangeNeedsApproval(input.viewer, org) && (nameChanged || coverageChanged);
  // Unchecked (scalar ids only): a coalition's countryCode and the asker's id in one update.
  const data: Prisma.OrganisationUncheckedUpdateInput = {
    languages: [...new Set(p.languages)],
    description: p.description || null,
    website: p.website || null,
    ...(org.kind === "COALITION" && p.countryCode ? { countryCode: p.countryCode } : {}),
  };
  if (held) {
    // A new request replaces an earlier one; an unchanged part clears its pending value.
    Object.assign(data, {
      pendingName: nameChanged ? p.name : null,
      pendingCoverageGlobal: coverageChanged ? coverage.coverageGlobal : null,
      pendingCoverageCountries: coverageChanged ? coverage.coverageCountries : [],
      pendingCoverageRegions: coverageChanged ? coverage.coverageRegions : [],
      pendingChangeAt: new Date(),
      pendingChangeById: input.actorId,
    });
  } else {
    Object.assign(data, { name: p.name, ...(org.kind === "EXPERT" ? coverage : {}) });
  }
  await tx.organisation.update({ where: { id: input.organisationId }, data });
  await audit(tx, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: "organisation.profile_updated",
    entityType: "organisation",
    entityId: input.organisationId,
    ip: input.ip,
    metadata: { fields: Object.keys(data).filter((k) => !k.startsWith("pending")) },
  });
  if (held) {
    await audit(tx, {
      actorId: input.actorId,
      organisationId: input.organisationId,
      action: "organisation.change_requested",
      entityType: "organisation",
      entityId: input.organisationId,
      ip: input.ip,
      metadata: {
        fromName: org.name,
        toName: nameChanged ? p.name : null,
        coverage: coverageChanged ? JSON.stringify(coverage) : null,
      },
    });
  }
  return { pending: held };
}

export type ChangeDecision = "approve" | "refuse";

/**
 * The secretariat approves (applies) or refuses (drops) an organisation's pending change of name or
 * coverage, audited. Returns false when nothing was waiting (someone decided already).
 */
export async function decideIdentityChange(
  tx: Tx,
  input: {
    actorId: string;
    organisationId: string;
    decision: ChangeDecision;
    ip: string | null;
  },
): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM "Organisation" WHERE id = ${input.organisationId} FOR UPDATE`;
  const org = await tx.organisation.findUnique({
    where: { id: input.organisationId },
    select: {
      name: true,
      kind: true,
      pendingName: true,
      pendingCoverageGlobal: true,
      pendingCoverageCountries: true,
      pendingCoverageRegions: true,
      pendingChangeAt: true,
    },
  });
  if (!org?.pendingChangeAt) return false;
  const apply: Prisma.OrganisationUpdateInput =
    input.decision === "approve"
      ? {
          ...(org.pendingName !== null ? { name: org.pendingName } : {}),
          ...(org.pendingCoverageGlobal !== null && org.kind === "EXPERT"
            ? {
                coverageGlobal: org.pendingCoverageGlobal,
                coverageCountries: org.pendingCoverageCountries,
                coverageRegions: org.pendingCoverageRegions,
              }
            : {}),
        }
      : {};
  await tx.organisation.update({
    where: { id: input.organisationId },
    data: {
      ...apply,
      pendingName: null,
      pendingCoverageGlobal: null,
      pendingCoverageCountries: [],
      pendingCoverageRegions: [],
      pendingChangeAt: null,
      pendingChangeBy: { disconnect: true },
    },
  });
  await audit(tx, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: input.decision === "approve" ? "organisation.change_approved" : "organisation.change_refused",
    entityType: "organisation",
    entityId: input.organisationId,
    ip: input.ip,
    metadata: { fromName: org.name, toName: org.pendingName },
  });
  return true;
}

export async function listMembers(organisationId: string) {
  const [members, invitations] = await Promise.all([
    db().membership.findMany({
      where: { organisationId },
      orderBy: { createdAt: "asc" },
      take: 500,
      select: { role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db().invitation.findMany({
      where: { organisationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: "desc" },
      take: 200,
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    }),
  ]);
  return { members, invitations };
}

export type MemberChange = "ok" | "last_admin" | "not_found";

/**
 * The last-admin guard, for every way a member stops being an admin (removed, leaving, demoted, deleting
 * the account): whether the user is the organisation's only admin. Locks the organisation's memberships
 * first, so two admins cannot remove each other at once. `evenIfAlone: false` lets the last admin go when
 * nobody else is a member (deleting an account leaves an empty organisation, not a headless one).
 */
export async function isLastAdmin(
  tx: Tx,
  organisationId: string,
  userId: string,
  options: { evenIfAlone: boolean },
): Promise<boolean> {
  await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "organisationId" = ${organisationId} FOR UPDATE`;
  const [own, admins, members] = await Promise.all([
    tx.membership.findUnique({
      where: { userId_organisationId: { userId, organisationId } },
      select: { role: true },
    }),
    tx.membership.count({ where: { organisationId, role: "admin" } }),
    tx.membership.count({ where: { organisationId } }),
  ]);
  return own?.role === "admin" && admins <= 1 && (options.evenIfAlone || members > 1);
}

const membershipKey = (m: { organisationId: string; userId: string }) => ({
  userId_organisationId: { userId: m.userId, organisationId: m.organisationId },
});

/** The membership a removal or role change is about, and whether it is the organisation's last admin. */
async function memberToChange(tx: Tx, input: { organisationId: string; userId: string }) {
  const lastAdmin = await isLastAdmin(tx, input.organisationId, input.userId, { evenIfAlone: true });
  const membership = await tx.membership.findUnique({ where: membershipKey(input) });
  return { membership, lastAdmin };
}

/** Removes a member (an admin removing someone, or a member leaving). The last admin cannot go. */
export async function removeMember(
  tx: Tx,
  input: {
    actorId: string;
    organisationId: string;
    userId: string;
    ip: string | null;
  },
): Promise<MemberChange> {
  const { membership, lastAdmin } = await memberToChange(tx, input);
  if (!membership) return "not_found";
  if (lastAdmin) return "last_admin";
  await tx.membership.delete({
    where: membershipKey(input),
  });
  await tx.session.updateMany({
    where: { userId: input.userId, activeOrganisationId: input.organisationId },
    data: { activeOrganisationId: null },
  });
  await audit(tx, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: input.actorId === input.userId ? "membership.left" : "membership.removed",
    entityType: "membership",
    entityId: input.userId,
    ip: input.ip,
  });
  return "ok";
}

export async function changeRole(
  tx: Tx,
  input: {
    actorId: string;
    organisationId: string;
    userId: string;
    role: MembershipRole;
    ip: string | null;
  },
): Promise<MemberChange> {
  const { membership, lastAdmin } = await memberToChange(tx, input);
  if (!membership) return "not_found";
  if (membership.role === input.role) return "ok";
  if (lastAdmin) return "last_admin";
  await tx.membership.update({
    where: membershipKey(input),
    data: { role: input.role },
  });
  await audit(tx, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: "membership.role_changed",
    entityType: "membership",
    entityId: input.userId,
    ip: input.ip,
    metadata: { role: input.role },
  });
  return "ok";
}

export async function vetOrganisation(
  tx: Tx,
  input: {
    actorId: string;
    organisationId: string;
    level: VettingLevel;
    note?: string;
    ip: string | null;
  },
) {
  const before = await tx.organisation.findUniqueOrThrow({
    where: { id: input.organisationId },
    select: { vettingLevel: true },
  });
  const note = input.note || null;
  const key = note ? await organisationKeyForWrite(tx, input.organisationId) : null;
  await tx.organisation.update({
    where: { id: input.organisationId },
    data: {
      vettingLevel: input.level,
      vettingNote: key && sealField(key, note, vettingNoteField(input.organisationId)),
      vettedAt: new Date(),
      vettedById: input.actorId,
    },
  });
  // Its offers' visibility in search follows the vetting level (policy: offerPublishedToNetwork).
  if (publishesToNetwork(before.vettingLevel) !== publishesToNetwork(input.level))
    await queueOrganisationOffersIndex(tx, input.organisationId);
  await audit(tx, {
    actorId: input.actorId,
    organisationId: input.organisationId,
    action: "organisation.vetted",
    entityType: "organisation",
    entityId: input.organisationId,
    ip: input.ip,
    metadata: { from: before.vettingLevel, to: input.level },
  });
}

export const ORGS_PAGE_SIZE = 25;

export async function listOrganisations(filter: {
  kind?: string;
  vetting?: string;
  q?: string;
  page: number;
}) {
  const where: Prisma.OrganisationWhereInput = {
    ...(filter.kind === "COALITION" || filter.kind === "EXPERT" || filter.kind === "SECRETARIAT"
      ? { kind: filter.kind }
      : {}),
    ...(filter.vetting === "unverified" || filter.vetting === "verified" || filter.vetting === "trusted"
      ? { vettingLevel: filter.vetting }
      : {}),
    ...(filter.q ? { name: { contains: filter.q.slice(0, 100), mode: "insensitive" as const } } : {}),
  };
  const [total, rows] = await Promise.all([
    db().organisation.count({ where }),
    db().organisation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (filter.page - 1) * ORGS_PAGE_SIZE,
      take: ORGS_PAGE_SIZE,
      select: {
        id: true,
        kind: true,
        name: true,
        countryCode: true,
        vettingLevel: true,
        vettedAt: true,
        pendingChangeAt: true,
        createdAt: true,
        _count: { select: { memberships: true } },
      },
    }),
  ]);
  return { total, rows };
}
