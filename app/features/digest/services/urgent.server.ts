// Urgent alerts: when a `critical` need opens, fitting experts who allow urgent alerts get one email
// about it at once (DigestDelivery period `urgent:<needId>`, so each expert gets it exactly once).
import type { PrismaClient } from "~/generated/prisma/client";
import { needRequiresTrustedExpert } from "~/features/auth/policy";
import { renderEmail } from "~/features/email/index.server";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { appUrl } from "~/utils/urls";
import { loadActiveOffersByOrganisation, loadNeedForAlert, loadRecipients } from "./audience.server";
import { claimDeliveries, sendClaimed, type DeliveryContext } from "./deliver.server";
import { urgentPeriod } from "./period";
import { digestViewer, needFitsOffer, needVisibleInDigest } from "./select";
import { preferencesUrl, unsubscribeUrl } from "./unsubscribe-token.server";

/**
 * For the needs feature: call in the transaction that opens a need (triage → open). Does nothing
 * for needs that are not critical by the time the job runs. Idempotent (deduplicated per need).
 */
export async function enqueueUrgentAlert(tx: Tx, needId: string) {
  return enqueue(tx, "digest.urgent", { needId }, { dedupeKey: needId });
}

async function fittingExpertUserIds(
  db: PrismaClient,
  need: { categoryId: string; languages: string[]; countryCode: string },
  trustedOnly: boolean,
) {
  const rows = await db.$queryRaw<Array<{ userId: string }>>`
    SELECT DISTINCT m."userId" FROM "Offer" f
    JOIN "Organisation" o ON o.id = f."organisationId"
    JOIN "Membership" m ON m."organisationId" = o.id
    JOIN "User" u ON u.id = m."userId"
    LEFT JOIN "DigestSubscription" s ON s."userId" = u.id
    WHERE f.status = 'active' AND ${need.categoryId} = ANY(f."categoryIds")
      AND o.kind = 'EXPERT' AND o."vettingLevel" IN ('verified', 'trusted')
      AND (${!trustedOnly} OR o."vettingLevel" = 'trusted')
      AND u."deletedAt" IS NULL AND u."emailVerifiedAt" IS NOT NULL
      AND COALESCE(s."urgentAlerts", true)
    ORDER BY m."userId"`;
  return rows.map((r) => r.userId);
}

/**
 * Alerts claimed earlier for people this run does not send to (the need changed, or they no longer fit)
 * are settled: a claim left open would stay owed, and the sweeper would queue the alert again forever.
 */
async function settleOthers(db: PrismaClient, period: string, keep: string[]) {
  const others = { period, status: "claimed" as const, userId: { notIn: keep } };
  await db.digestDelivery.updateMany({
    where: { ...others, messageId: { not: null } },
    data: {
      status: "sent",
      sentAt: new Date(),
      lastError: "previous attempt passed its commit point; treated as sent",
    },
  });
  await db.digestDelivery.updateMany({
    where: { ...others, messageId: null },
    data: { status: "empty", sentAt: new Date() },
  });
}

export async function sendUrgentAlerts(ctx: DeliveryContext, needId: string) {
  const period = urgentPeriod(needId);
  const found = await loadNeedForAlert(ctx.db, needId);
  if (!found) {
    await settleOthers(ctx.db, period, []);
    return { sent: 0, reason: "missing" };
  }
  const { need, rating } = found;
  if (
    need.urgency !== "critical" ||
    !["open", "matching"].includes(need.status) ||
    need.visibility !== "network"
  ) {
    await settleOthers(ctx.db, period, []);
    return { sent: 0, reason: "not an open critical network need" };
  }
  const candidates = await fittingExpertUserIds(ctx.db, need, needRequiresTrustedExpert(need, rating));
  if (!candidates.length) {
    await settleOthers(ctx.db, period, []);
    return { sent: 0 };
  }
  const recipients = await loadRecipients(ctx.db, candidates);
  const offersByOrg = await loadActiveOffersByOrganisation(
    ctx.db,
    [...recipients.values()].flatMap((r) => r.memberships.map((m) => m.organisationId)),
  );
  const fitting = [...recipients.values()].filter((r) => {
    if (!r.urgentAlerts || !needVisibleInDigest(digestViewer(r), need)) return false;
    const trusted = needRequiresTrustedExpert(need, rating);
    return r.memberships.some(
      (m) =>
        m.kind === "EXPERT" &&
        m.vettingLevel !== "unverified" &&
        (!trusted || m.vettingLevel === "trusted") &&
        (offersByOrg.get(m.organisationId) ?? []).some((offer) => needFitsOffer(need, offer)),
    );
  });
  await settleOthers(
    ctx.db,
    period,
    fitting.map((r) => r.userId),
  );
  if (!fitting.length) return { sent: 0 };
  const rows = await claimDeliveries(
    ctx.db,
    fitting.map((r) => r.userId),
    period,
  );
  await ctx.db.digestDelivery.updateMany({
    where: {
      id: { in: rows.filter((r) => r.status === "claimed" && r.messageId).map((r) => r.id) },
      status: "claimed",
    },
    data: {
      status: "sent",
      sentAt: new Date(),
      lastError: "previous attempt passed its commit point; treated as sent",
    },
  });
  let sent = 0;
  let temporary: unknown;
  for (const row of rows.filter((r) => r.status === "claimed" && !r.messageId)) {
    const recipient = recipients.get(row.userId)!;
    const unsubscribe = unsubscribeUrl(recipient.userId);
    const rendered = await renderEmail("urgent_need", recipient.locale, {
      needUrl: appUrl(`/needs/${need.id}`),
      needTitle: need.title.slice(0, 300),
      countryCode: need.countryCode,
      preferencesUrl: preferencesUrl(),
      unsubscribeUrl: unsubscribe,
    });
    try {
      const outcome = await sendClaimed(ctx, row, recipient, rendered, unsubscribe);
      if (outcome === "sent") {
        sent++;
        await ctx.db.digestDelivery.updateMany({
          where: { id: row.id, status: "claimed" },
          data: { status: "sent", sentAt: new Date(), itemCount: 1 },
        });
      }
    } catch (error) {
      temporary = error;
      break;
    }
  }
  if (temporary) throw temporary;
  return { sent };
}
