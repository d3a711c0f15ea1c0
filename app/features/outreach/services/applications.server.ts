// Applying to join (issue 17): a coalition, an expert organisation or an ally applies through the public
// form; the secretariat works the vetting queue with a checklist (mission, references, risk to the
// applicant, conflicts), asks questions by email (the applicant answers through a secret link, no account
// needed), approves — the organisation is created, verified, with a re-vetting date, and its contact gets
// the invitation — or declines with a reason. Every step is audited; audit metadata never carries what the
// applicant wrote (it may describe work that puts them at risk).
import { createHash, randomBytes } from "node:crypto";
import { isSecretariat, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import { createInvitation } from "~/features/organisations/index.server";
import type { ApplicantKind, OrganisationKind } from "~/generated/prisma/enums";
import { isLocale, type Locale } from "~/i18n/config";
import { audit } from "~/utils/audit.server";
import type { Db, Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/urls";

export type ApplicationActor = { viewer: NonNullable<Viewer>; ip?: string | null; name?: string };

export class ApplicationRefusedError extends Error {
  constructor(
    readonly code: "forbidden" | "notFound" | "wrongState" | "checklistIncomplete" | "reasonRequired",
  ) {
    super(`application refused: ${code}`);
    this.name = "ApplicationRefusedError";
  }
  get status() {
    return this.code === "forbidden"
      ? 403
      : this.code === "notFound"
        ? 404
        : this.code === "wrongState"
          ? 409
          : 400;
  }
}

/** Months until an approved organisation is due for vetting again. */
const REVET_AFTER_MONTHS = 12;

/** What an approved applicant becomes: an ally offers help, so it joins as an expert organisation. */
const organisationKindOf: Record<ApplicantKind, Exclude<OrganisationKind, "SECRETARIAT">> = {
  coalition: "COALITION",
  expert: "EXPERT",
  ally: "EXPERT",
};

const openStatuses = ["pending", "questions"] as const;

export const hashAnswerToken = (token: string) => createHash("sha256").update(token).digest("hex");

function requireSecretariatActor(actor: ApplicationActor) {
  if (!isSecretariat(actor.viewer)) throw new ApplicationRefusedError("forbidden");
}

async function loadOpen(tx: Tx, id: string) {
  const a = await tx.membershipApplication.findUnique({ where: { id } });
  if (!a) throw new ApplicationRefusedError("notFound");
  if (!(openStatuses as readonly string[]).includes(a.status))
    throw new ApplicationRefusedError("wrongState");
  return a;
}

async function auditApplication(
  tx: Tx,
  actorId: string | null,
  ip: string | null | undefined,
  action: string,
  id: string,
  metadata: Record<string, string | number | boolean | null> = {},
) {
  await audit(tx, {
    actorId,
    organisationId: null,
    action: `application.${action}`,
    entityType: "application",
    entityId: id,
    ip: ip ?? null,
    metadata,
  });
}

export type ApplicationInput = {
  kind: ApplicantKind;
  organisationName: string;
  countryCode: string;
  website?: string | null;
  mission: string;
  references: string;
  contactName: string;
  contactEmail: string;
  locale: Locale;
};

export async function submitApplication(tx: Tx, input: ApplicationInput, ip: string | null) {
  const created = await tx.membershipApplication.create({
    data: { ...input, website: input.website || null, contactEmail: input.contactEmail.toLowerCase() },
    select: { id: true },
  });
  await auditApplication(tx, null, ip, "submitted", created.id, { kind: input.kind });
  return created;
}

export async function updateChecklist(
  tx: Tx,
  actor: ApplicationActor,
  id: string,
  input: {
    checkMission: boolean;
    checkReferences: boolean;
    checkRisk: boolean;
    checkConflicts: boolean;
    riskNote?: string | null;
  },
) {
  requireSecretariatActor(actor);
  await loadOpen(tx, id);
  await tx.membershipApplication.update({
    where: { id },
    data: {
      checkMission: input.checkMission,
      checkReferences: input.checkReferences,
      checkRisk: input.checkRisk,
      checkConflicts: input.checkConflicts,
      riskNote: input.riskNote?.trim() || null,
    },
  });
  await auditApplication(tx, actor.viewer.userId, actor.ip, "checklist_updated", id, {
    mission: input.checkMission,
    references: input.checkReferences,
    risk: input.checkRisk,
    conflicts: input.checkConflicts,
  });
}

/** A question to the applicant, by email, with a secret link to answer it (a new link each time). */
export async function askApplicant(tx: Tx, actor: ApplicationActor, id: string, question: string) {
  requireSecretariatActor(actor);
  const body = question.trim();
  if (!body) throw new ApplicationRefusedError("reasonRequired");
  const a = await loadOpen(tx, id);
  const token = randomBytes(32).toString("base64url");
  await tx.membershipApplication.update({
    where: { id },
    data: { status: "questions", answerTokenHash: hashAnswerToken(token) },
  });
  const message = await tx.applicationMessage.create({
    data: { applicationId: id, kind: "question", body: body.slice(0, 2000), authorId: actor.viewer.userId },
    select: { id: true },
  });
  await auditApplication(tx, actor.viewer.userId, actor.ip, "question_asked", id);
  await queueEmail(tx, {
    to: a.contactEmail,
    template: "application_question",
    locale: isLocale(a.locale) ? a.locale : "en",
    params: {
      answerUrl: appUrl(`/apply/answer/${token}`),
      organisationName: a.organisationName.slice(0, 300),
      question: body.slice(0, 2000),
    },
    dedupeKey: `application_question:${message.id}`,
  });
  return { token };
}

/** The applicant answers through the secret link; the application goes back to the queue. */
export async function answerQuestions(tx: Tx, token: string, answer: string, ip: string | null) {
  const a = await tx.membershipApplication.findUnique({ where: { answerTokenHash: hashAnswerToken(token) } });
  if (!a) throw new ApplicationRefusedError("notFound");
  if (a.status !== "questions") throw new ApplicationRefusedError("wrongState");
  const body = answer.trim();
  if (!body) throw new ApplicationRefusedError("reasonRequired");
  await tx.applicationMessage.create({
    data: { applicationId: a.id, kind: "answer", body: body.slice(0, 5000) },
  });
  await tx.membershipApplication.update({ where: { id: a.id }, data: { status: "pending" } });
  await auditApplication(tx, null, ip, "answered", a.id);
  return { id: a.id };
}

/**
 * Approval: only with the whole checklist done. Creates the organisation (verified, vetted by the actor,
 * due for re-vetting in REVET_AFTER_MONTHS) and invites the applicant's contact as its first admin.
 */
export async function approveApplication(tx: Tx, actor: ApplicationActor, id: string, now = new Date()) {
  requireSecretariatActor(actor);
  const a = await loadOpen(tx, id);
  if (!(a.checkMission && a.checkReferences && a.checkRisk && a.checkConflicts))
    throw new ApplicationRefusedError("checklistIncomplete");
  const kind = organisationKindOf[a.kind];
  const revetDueAt = new Date(now);
  revetDueAt.setUTCMonth(revetDueAt.getUTCMonth() + REVET_AFTER_MONTHS);
  const organisation = await tx.organisation.create({
    data: {
      kind,
      name: a.organisationName,
      countryCode: a.countryCode,
      website: a.website,
      description: null,
      vettingLevel: "verified",
      vettedAt: now,
      vettedById: actor.viewer.userId,
      vettingNote: a.kind === "ally" ? "Joined as an ally (application)." : "Joined through an application.",
      revetDueAt,
    },
    select: { id: true, name: true },
  });
  const { count } = await tx.membershipApplication.updateMany({
    where: { id, status: { in: [...openStatuses] } },
    data: {
      status: "approved",
      organisationId: organisation.id,
      decidedById: actor.viewer.userId,
      decidedAt: now,
      answerTokenHash: null,
    },
  });
  if (!count) throw new ApplicationRefusedError("wrongState");
  await auditApplication(tx, actor.viewer.userId, actor.ip, "approved", id, {
    organisationId: organisation.id,
  });
  await audit(tx, {
    actorId: actor.viewer.userId,
    organisationId: organisation.id,
    action: "organisation.created",
    entityType: "organisation",
    entityId: organisation.id,
    ip: actor.ip ?? null,
    metadata: { kind, applicationId: id },
  });
  await createInvitation(tx, {
    organisationId: organisation.id,
    organisationName: organisation.name,
    email: a.contactEmail,
    role: "admin",
    inviter: { id: actor.viewer.userId, name: actor.name ?? "Puente" },
    locale: isLocale(a.locale) ? a.locale : "en",
    ip: actor.ip ?? null,
  });
  return { organisationId: organisation.id };
}

export async function declineApplication(tx: Tx, actor: ApplicationActor, id: string, reason: string) {
  requireSecretariatActor(actor);
  const r = reason.trim();
  if (!r) throw new ApplicationRefusedError("reasonRequired");
  const a = await loadOpen(tx, id);
  await tx.membershipApplication.update({
    where: { id },
    data: {
      status: "declined",
      decisionReason: r.slice(0, 2000),
      decidedById: actor.viewer.userId,
      decidedAt: new Date(),
      answerTokenHash: null,
    },
  });
  await auditApplication(tx, actor.viewer.userId, actor.ip, "declined", id);
  await queueEmail(tx, {
    to: a.contactEmail,
    template: "application_declined",
    locale: isLocale(a.locale) ? a.locale : "en",
    params: { organisationName: a.organisationName.slice(0, 300), reason: r.slice(0, 2000) },
    dedupeKey: `application_declined:${id}`,
  });
}

/**
 * Re-vetting reminders: organisations past their re-vetting date get one reminder to the secretariat
 * (revetRemindedAt marks it; a retried run sends nothing more). Returns how many were reminded.
 */
export async function sendRevetReminders(client: Db, now = new Date()) {
  const due = await client.organisation.findMany({
    where: { revetDueAt: { lte: now }, revetRemindedAt: null },
    select: { id: true },
    orderBy: { revetDueAt: "asc" },
    take: 500,
  });
  let reminded = 0;
  for (const { id } of due) {
    await client.$transaction(async (tx) => {
      const { count } = await tx.organisation.updateMany({
        where: { id, revetRemindedAt: null },
        data: { revetRemindedAt: now },
      });
      if (!count) return;
      const org = await tx.organisation.findUniqueOrThrow({ where: { id }, select: { name: true } });
      const staff = await tx.user.findMany({
        where: {
          deletedAt: null,
          memberships: { some: { organisation: { kind: "SECRETARIAT" } } },
        },
        select: { id: true, email: true, locale: true },
      });
      for (const s of staff) {
        await queueEmail(tx, {
          to: s.email,
          userId: s.id,
          template: "organisation_revet_due",
          locale: isLocale(s.locale) ? s.locale : "en",
          params: {
            organisationUrl: appUrl(`/secretariat/organisations/${id}`),
            organisationName: org.name.slice(0, 300),
          },
          dedupeKey: `organisation_revet_due:${id}:${now.toISOString().slice(0, 10)}:${s.id}`,
        });
      }
      await audit(tx, {
        actorId: null,
        organisationId: id,
        action: "organisation.revet_reminded",
        entityType: "organisation",
        entityId: id,
        ip: null,
        metadata: {},
      });
      reminded++;
    });
  }
  return { reminded };
}
