// Sending digests exactly once per user and period.
//
// One DigestDelivery row per (user, period) — unique in the database — goes through:
//   claimed (messageId NULL)  → nothing has reached the SMTP server's end of data: safe to (re)send
//   claimed (messageId set)   → a send passed its commit point (see email/services/commit-marker.server.ts)
//                               and its worker died or lost the answer: treated as sent, never resent
//   sent | empty | failed     → final
// Claim → render → send (commit point inside the SMTP DATA) → complete. Retries, a worker killed at
// any point, two workers on the same chunk and a re-triggered schedule all meet the same row.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { PrismaClient } from "~/generated/prisma/client";
import type { Region } from "~/generated/prisma/enums";
import { regionOf } from "~/features/taxonomy/reference-data";
import {
  MailSendError,
  newMessageId,
  type Mailer,
  renderEmail,
  type RenderedEmail,
} from "~/features/email/index.server";
import { appUrl } from "~/utils/urls";
import { loadActiveOffersByOrganisation, loadCandidates, loadRecipients } from "./audience.server";
import { parsePeriod } from "./period";
import { expertOrganisations, selectDigestItems, type DigestRecipient } from "./select";
import { preferencesUrl, unsubscribeToken } from "./unsubscribe-token.server";
import { setting } from "~/utils/env-schema";

export type DeliveryContext = { db: PrismaClient; mailer: Mailer; logger?: Logger };

/** Items listed in one email per kind; the rest are counted and linked. */
const ITEMS_PER_KIND = 10;
/** Sends in flight per chunk (the pool queues them over its connections). */
const PARALLEL = setting("DIGEST_PARALLEL");

export type ChunkResult = { sent: number; empty: number; skipped: number; failed: number; unknown: number };

type Row = {
  id: string;
  userId: string;
  status: string;
  messageId: string | null;
  unconfirmedMessageId: string | null;
};

/** Inserts the missing delivery rows of these users for this period (existing ones are kept). */
export async function claimDeliveries(db: PrismaClient, userIds: string[], period: string): Promise<Row[]> {
  const ids = userIds.map(() => `dd_${randomUUID()}`);
  await db.$executeRaw`
    INSERT INTO "DigestDelivery" (id, "userId", period)
    SELECT v.id, v."userId", ${period} FROM unnest(${ids}::text[], ${userIds}::text[]) AS v(id, "userId")
    ON CONFLICT ("userId", period) DO NOTHING`;
  return db.$queryRaw<Row[]>`
    SELECT id, "userId", status::text AS status, "messageId", "unconfirmedMessageId" FROM "DigestDelivery"
    WHERE period = ${period} AND "userId" = ANY(${userIds}::text[])`;
}

/** Rows left 'claimed' with a messageId: the previous send passed its commit point. */
async function settleCommitted(db: PrismaClient, rows: Row[]) {
  const ids = rows.filter((r) => r.status === "claimed" && r.messageId).map((r) => r.id);
  if (!ids.length) return 0;
  await db.digestDelivery.updateMany({
    where: { id: { in: ids }, status: "claimed", messageId: { not: null } },
    data: {
      status: "sent",
      sentAt: new Date(),
      lastError: "previous attempt passed its commit point; treated as sent",
    },
  });
  return ids.length;
}

const regionLookup = (code: string): Region | null => (regionOf(code) as Region | undefined) ?? null;

const TOKEN_PLACEHOLDER = "UNSUBSCRIBE0TOKEN0PLACEHOLDER";
const renderCache = new Map<string, Promise<RenderedEmail>>();

/**
 * Renders a recipient's digest. Recipients with the same language and the same items (colleagues in
 * one organisation, the same filters) share one render; only their unsubscribe link differs, put in
 * place of a placeholder.
 */
export async function renderDigestFor(
  recipient: DigestRecipient,
  period: string,
  items: ReturnType<typeof selectDigestItems>,
  token = unsubscribeToken(recipient.userId),
): Promise<RenderedEmail> {
  const shownNeeds = items.needs.slice(0, ITEMS_PER_KIND);
  const shownOffers = items.offers.slice(0, ITEMS_PER_KIND);
  const shownResources = items.resources.slice(0, ITEMS_PER_KIND);
  const key = [
    recipient.locale,
    period,
    items.needs.length,
    items.offers.length,
    items.resources.length,
    ...shownNeeds.map((n) => n.id),
    "|",
    ...shownOffers.map((o) => o.id),
    "|",
    ...shownResources.map((r) => r.id),
  ].join(",");
  let shared = renderCache.get(key);
  if (!shared) {
    if (renderCache.size >= 5_000) renderCache.clear();
    shared = renderEmail("digest", recipient.locale, {
      period,
      preferencesUrl: preferencesUrl(),
      unsubscribeUrl: appUrl(`/unsubscribe/${TOKEN_PLACEHOLDER}`),
      needTotal: items.needs.length,
      offerTotal: items.offers.length,
      resourceTotal: items.resources.length,
      items: [
        ...shownNeeds.map((n) => ({
          kind: "need" as const,
          title: n.title.slice(0, 300),
          url: appUrl(`/needs/${n.id}`),
          countryCode: n.countryCode,
          urgency: n.urgency,
        })),
        ...shownOffers.map((o) => ({
          kind: "offer" as const,
          title: o.title.slice(0, 300),
          url: appUrl(`/offers/${o.id}`),
          countryCode: null,
          urgency: null,
        })),
        ...shownResources.map((r) => ({
          kind: "resource" as const,
          title: r.title.slice(0, 300),
          url: appUrl(`/resources/${r.id}`),
          countryCode: r.countryCodes.length === 1 ? r.countryCodes[0]! : null,
          urgency: null,
          resourceKind: r.kind,
        })),
      ],
    });
    shared.catch(() => renderCache.delete(key));
    renderCache.set(key, shared);
  }
  const rendered = await shared;
  return {
    ...rendered,
    html: rendered.html.split(TOKEN_PLACEHOLDER).join(token),
    text: rendered.text.split(TOKEN_PLACEHOLDER).join(token),
  };
}

/**
 * Sends one claimed delivery. Returns the outcome; throws MailSendError('temporary') so the caller
 * can stop the chunk and let the queue retry it.
 */
export async function sendClaimed(
  ctx: DeliveryContext,
  row: Row,
  recipient: { userId: string; email: string },
  rendered: RenderedEmail,
  unsubscribe: string,
): Promise<"sent" | "failed" | "unknown" | "duplicate"> {
  // After an unanswered end of data the same Message-ID again, so receivers can drop a copy (ADR 0011).
  const messageId = row.unconfirmedMessageId ?? newMessageId();
  try {
    await ctx.mailer.send(
      {
        to: recipient.email,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        locale: rendered.locale,
        messageId,
        unsubscribeUrl: unsubscribe,
      },
      { commit: { table: "DigestDelivery", rowId: row.id } },
    );
    return "sent";
  } catch (error) {
    if (!(error instanceof MailSendError)) throw error;
    if (error.kind === "duplicate") return "duplicate";
    if (error.kind === "unknown") {
      ctx.logger?.warn(
        { deliveryId: row.id, err: error.message },
        "digest outcome unknown after commit point; not resent",
      );
      await ctx.db.digestDelivery.updateMany({
        where: { id: row.id, status: "claimed" },
        data: { status: "sent", sentAt: new Date(), lastError: error.message.slice(0, 300) },
      });
      return "unknown";
    }
    if (error.kind === "permanent") {
      await ctx.db.digestDelivery.updateMany({
        where: { id: row.id, status: "claimed" },
        data: { status: "failed", lastError: error.message.slice(0, 300), attempts: { increment: 1 } },
      });
      ctx.logger?.warn(
        { deliveryId: row.id, userId: recipient.userId, code: error.responseCode },
        "digest refused permanently",
      );
      return "failed";
    }
    await ctx.db.digestDelivery.updateMany({
      where: { id: row.id, status: "claimed" },
      data: { lastError: error.message.slice(0, 300), attempts: { increment: 1 } },
    });
    throw error;
  }
}

async function completeSent(db: PrismaClient, sent: Array<{ id: string; itemCount: number }>) {
  if (!sent.length) return;
  await db.$executeRaw`
    UPDATE "DigestDelivery" d SET status = 'sent', "sentAt" = now(), "itemCount" = v.c
    FROM unnest(${sent.map((s) => s.id)}::text[], ${sent.map((s) => s.itemCount)}::int[]) AS v(id, c)
    WHERE d.id = v.id AND d.status = 'claimed' AND d."messageId" IS NOT NULL`;
}

/** One `digest.recipient` job: a chunk of users for one period. Idempotent. */
export async function deliverDigestChunk(
  ctx: DeliveryContext,
  payload: { userIds: string[]; period: string },
): Promise<ChunkResult> {
  const result: ChunkResult = { sent: 0, empty: 0, skipped: 0, failed: 0, unknown: 0 };
  const window = parsePeriod(payload.period);
  if (!window) throw new Error(`not a digest period: ${payload.period}`);

  const rows = await claimDeliveries(ctx.db, payload.userIds, payload.period);
  result.unknown += await settleCommitted(ctx.db, rows);
  const pending = rows.filter((r) => r.status === "claimed" && !r.messageId);
  result.skipped = rows.length - pending.length;
  if (!pending.length) return result;

  const recipients = await loadRecipients(
    ctx.db,
    pending.map((r) => r.userId),
  );
  const candidates = await loadCandidates(ctx.db, payload.period, window.start, window.end);
  const offersByOrg = await loadActiveOffersByOrganisation(
    ctx.db,
    [...recipients.values()].flatMap((r) => expertOrganisations(r)),
  );

  const empty: string[] = [];
  const sent: Array<{ id: string; itemCount: number }> = [];
  let temporary: unknown;
  let next = 0;

  async function lane() {
    while (next < pending.length && !temporary) {
      const row = pending[next++];
      const recipient = recipients.get(row.userId);
      const items = recipient
        ? selectDigestItems(recipient, candidates, offersByOrg, regionLookup)
        : { needs: [], offers: [], resources: [] };
      const itemCount = items.needs.length + items.offers.length + items.resources.length;
      if (!recipient || itemCount === 0) {
        empty.push(row.id);
        continue;
      }
      const token = unsubscribeToken(recipient.userId);
      const rendered = await renderDigestFor(recipient, payload.period, items, token);
      try {
        const outcome = await sendClaimed(ctx, row, recipient, rendered, appUrl(`/unsubscribe/${token}`));
        if (outcome === "sent") sent.push({ id: row.id, itemCount });
        else if (outcome === "failed") result.failed++;
        else if (outcome === "unknown") result.unknown++;
        else result.skipped++;
      } catch (error) {
        temporary ??= error;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL, pending.length) }, lane));

  if (empty.length) {
    await ctx.db.digestDelivery.updateMany({
      where: { id: { in: empty }, status: "claimed", messageId: null },
      data: { status: "empty", sentAt: new Date() },
    });
  }
  await completeSent(ctx.db, sent);
  result.sent = sent.length;
  result.empty = empty.length;
  if (temporary) throw temporary;
  return result;
}
