// Stage alerts: when a tracked text enters the tracker or changes stage, every member following its
// country gets one email in their own language, through the email feature (queueEmail: an EmailMessage
// and an outbox row each, sent by the worker with retries). Followers are members who follow the country
// (CountryFollow) and those whose digest filters name it (the notification settings' countries), when
// they may read the tracker (policy: seesLegislation). Idempotent: one email per stage change and member
// (dedupe key), however often the job runs. The email carries public facts only (title, country, stage)
// and links back to the platform.
import type { PrismaClient } from "~/generated/prisma/client";
import { seesLegislation, type Viewer } from "~/features/auth/policy";
import { queueEmail } from "~/features/email/index.server";
import { isLocale } from "~/i18n/config";
import { appUrl } from "~/utils/urls";

const BATCH = 200;

/** Members who follow the country and may read its tracker, with their language and zone. */
export async function legislationFollowers(client: PrismaClient, countryCode: string) {
  const rows = await client.$queryRaw<Array<{ userId: string }>>`
    SELECT f."userId" FROM "CountryFollow" f WHERE f."countryCode" = ${countryCode}
    UNION
    SELECT s."userId" FROM "DigestSubscription" s
    WHERE ${countryCode} = ANY(s."countryCodes") AND s.frequency <> 'off'`;
  if (!rows.length) return [];
  const users = await client.user.findMany({
    where: {
      id: { in: rows.map((r) => r.userId) },
      deletedAt: null,
      emailVerifiedAt: { not: null },
    },
    orderBy: { id: "asc" },
    select: {
      id: true,
      email: true,
      locale: true,
      timeZone: true,
      memberships: {
        select: {
          organisationId: true,
          role: true,
          organisation: { select: { kind: true, vettingLevel: true } },
        },
      },
    },
  });
  return users.filter((u) => {
    // The reader as the policy sees them outside a session: no two-factor proof, so secretariat members
    // count through their organisation's vetting like everyone else (a secretariat is verified).
    const viewer: Viewer = {
      userId: u.id,
      twoFactorVerified: false,
      memberships: u.memberships.map((m) => ({
        organisationId: m.organisationId,
        kind: m.organisation.kind,
        vettingLevel: m.organisation.kind === "SECRETARIAT" ? "verified" : m.organisation.vettingLevel,
        role: m.role,
      })),
    };
    return seesLegislation(viewer);
  });
}

export async function sendStageAlerts(client: PrismaClient, stageChangeId: string) {
  const change = await client.legislationStageChange.findUnique({
    where: { id: stageChangeId },
    select: {
      id: true,
      fromStage: true,
      stage: true,
      occurredOn: true,
      legislation: {
        select: { id: true, title: true, countryCode: true, direction: true, kind: true, stage: true },
      },
    },
  });
  if (!change) return { queued: 0, reason: "missing" };
  const l = change.legislation;
  const followers = await legislationFollowers(client, l.countryCode);
  let queued = 0;
  for (let i = 0; i < followers.length; i += BATCH) {
    const part = followers.slice(i, i + BATCH);
    await client.$transaction(async (tx) => {
      for (const u of part) {
        await queueEmail(tx, {
          to: u.email,
          userId: u.id,
          template: "legislation_stage_changed",
          locale: isLocale(u.locale) ? u.locale : "en",
          timeZone: u.timeZone,
          dedupeKey: `legislation-alert:${change.id}:${u.id}`,
          params: {
            legislationUrl: appUrl(`/legislation/${l.id}`),
            countryUrl: appUrl(`/countries/${l.countryCode}`),
            title: l.title.slice(0, 300),
            countryCode: l.countryCode,
            kind: l.kind,
            direction: l.direction,
            stage: change.stage,
            fromStage: change.fromStage ?? undefined,
            occurredOn: change.occurredOn.toISOString().slice(0, 10),
          },
        });
        queued++;
      }
    });
  }
  return { queued };
}
