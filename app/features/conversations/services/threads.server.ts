// Conversations (issue 16): a thread per proposal (questions before accepting) and a thread per
// engagement. Who reads and writes is policy.ts threadAccess; this module loads, writes and counts.
// Message bodies are sealed with the thread's own data key (ADR 0008) before they reach PostgreSQL, and
// opened only for a viewer the policy allowed. Nothing here logs, emails or enqueues a message's text.
import { randomUUID } from "node:crypto";
import {
  threadAccess,
  type ThreadAccess,
  type ThreadForPolicy,
  type ThreadSide,
  type Viewer,
} from "~/features/auth/policy";
import { audit } from "~/utils/audit.server";
import { createDataKey, KeyDestroyedError, loadDataKey } from "~/utils/crypto/data-keys.server";
import { openTextWith, sealText } from "~/utils/crypto/envelope.server";
import { db, type Db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";

import { MESSAGE_MAX } from "../constants";

/** What a thread's access and notices need of it (the thread page and the message emails alike). */
export const threadSelect = {
  id: true,
  kind: true,
  proposalId: true,
  engagementId: true,
  needId: true,
  expertOrganisationId: true,
  coalitionOrganisationId: true,
  dataKeyId: true,
  lastMessageAt: true,
  need: { select: { title: true, anonymised: true, countryCode: true, contentLanguage: true } },
  proposal: { select: { status: true, engagement: { select: { id: true } } } },
  engagement: { select: { status: true } },
} as const;

export type ThreadRow = NonNullable<Awaited<ReturnType<typeof findThread>>>;

function findThread(
  client: Db | Tx,
  where: { id: string } | { proposalId: string } | { engagementId: string },
) {
  return client.thread.findUnique({ where: where as { id: string }, select: threadSelect });
}

export function policyInput(t: ThreadRow): ThreadForPolicy {
  return {
    kind: t.kind,
    expertOrganisationId: t.expertOrganisationId,
    coalitionOrganisationId: t.coalitionOrganisationId,
    anonymised: t.need.anonymised,
    status: t.kind === "engagement" ? (t.engagement?.status ?? "closed") : (t.proposal?.status ?? "closed"),
  };
}

/** A thread the viewer may read, with what they may do; 404 otherwise (existence is not revealed). */
export async function threadWithAccess(viewer: NonNullable<Viewer>, id: string) {
  const thread = await findThread(db(), { id });
  const access = thread ? threadAccess(viewer, policyInput(thread)) : null;
  if (!thread || !access?.read) throw httpError(404, "common:errors.notFound");
  return { thread, access };
}

export async function threadOfProposal(proposalId: string) {
  return findThread(db(), { proposalId });
}

/**
 * The proposal's thread, created when the expert asks their first question. Only the expert side may
 * open it (policy: write access as "expert"), and only while the proposal is under discussion.
 */
export async function openProposalThread(tx: Tx, proposalId: string) {
  const existing = await findThread(tx, { proposalId });
  if (existing) return existing;
  const proposal = await tx.proposal.findUnique({
    where: { id: proposalId },
    select: {
      id: true,
      needId: true,
      expertOrganisationId: true,
      need: { select: { organisationId: true } },
    },
  });
  if (!proposal) throw httpError(404, "common:errors.notFound");
  const key = await createDataKey(tx);
  await tx.thread.create({
    data: {
      kind: "proposal",
      proposalId: proposal.id,
      needId: proposal.needId,
      expertOrganisationId: proposal.expertOrganisationId,
      coalitionOrganisationId: proposal.need.organisationId,
      dataKeyId: key.id,
    },
  });
  return (await findThread(tx, { proposalId }))!;
}

/** The engagement's thread (made on first use: engagements older than conversations have none yet). */
export async function engagementThread(engagementId: string): Promise<ThreadRow> {
  const existing = await findThread(db(), { engagementId });
  if (existing) return existing;
  try {
    return await db().$transaction(async (tx) => {
      const e = await tx.engagement.findUnique({
        where: { id: engagementId },
        select: { id: true, needId: true, expertOrganisationId: true, coalitionOrganisationId: true },
      });
      if (!e) throw httpError(404, "common:errors.notFound");
      const key = await createDataKey(tx);
      await tx.thread.create({
        data: {
          kind: "engagement",
          engagementId: e.id,
          needId: e.needId,
          expertOrganisationId: e.expertOrganisationId,
          coalitionOrganisationId: e.coalitionOrganisationId,
          dataKeyId: key.id,
        },
      });
      return (await findThread(tx, { engagementId }))!;
    });
  } catch (error) {
    // Two first visits at once: the unique engagementId let one of them create it.
    const again = await findThread(db(), { engagementId });
    if (again) return again;
    throw error;
  }
}

/** Everyone who takes part in a thread (for unread state and notifications), deleted users left out. */
async function participantIds(client: Db | Tx, t: ThreadRow): Promise<string[]> {
  const orgIds = [t.expertOrganisationId];
  if (t.kind === "engagement" || !t.need.anonymised) orgIds.push(t.coalitionOrganisationId);
  const rows = await client.membership.findMany({
    where: {
      user: { deletedAt: null },
      OR: [{ organisationId: { in: orgIds } }, { organisation: { kind: "SECRETARIAT" } }],
    },
    select: { userId: true },
  });
  return [...new Set(rows.map((r) => r.userId))];
}

const bodyContext = (messageId: string) => ({ entity: "Message", id: messageId, field: "body" });

/**
 * Adds a message (its body sealed) and marks it unread and owed an email for every other participant.
 * The caller checked write access. `documentId`: an attachment in scope `thread:<id>`.
 */
export async function postMessage(
  tx: Tx,
  input: {
    thread: ThreadRow;
    author: { userId: string; side: ThreadSide; organisationId: string | null };
    body: string;
    documentId?: string | null;
    ip?: string | null;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  const body = input.body.trim().slice(0, MESSAGE_MAX);
  // Retention (or deletion) destroyed the thread's key: nothing more can be said in it. A clean 409
  // (the transaction writes nothing) rather than the key store's error.
  const key = await loadDataKey(tx, input.thread.dataKeyId).catch((error: unknown) => {
    if (error instanceof KeyDestroyedError) throw httpError(409, "conversations:errors.destroyed");
    throw error;
  });
  const id = randomUUID();
  await tx.message.create({
    data: {
      id,
      threadId: input.thread.id,
      authorId: input.author.userId,
      authorSide: input.author.side,
      authorOrganisationId: input.author.organisationId,
      body: sealText(key, body, bodyContext(id)),
      documentId: input.documentId ?? null,
      createdAt: now,
    },
  });
  await tx.thread.update({ where: { id: input.thread.id }, data: { lastMessageAt: now } });
  const others = (await participantIds(tx, input.thread)).filter((u) => u !== input.author.userId);
  if (others.length) {
    await tx.$executeRaw`
      INSERT INTO "ThreadReader" ("threadId", "userId", "pendingSince")
      SELECT ${input.thread.id}, u, ${now} FROM unnest(${others}::text[]) AS u
      ON CONFLICT ("threadId", "userId")
      DO UPDATE SET "pendingSince" = COALESCE("ThreadReader"."pendingSince", EXCLUDED."pendingSince")`;
  }
  await tx.threadReader.upsert({
    where: { threadId_userId: { threadId: input.thread.id, userId: input.author.userId } },
    create: { threadId: input.thread.id, userId: input.author.userId, lastReadAt: now },
    update: { lastReadAt: now, pendingSince: null },
  });
  if (input.thread.engagementId && input.thread.kind === "engagement") {
    await tx.engagement.updateMany({
      where: { id: input.thread.engagementId, status: "active" },
      data: { lastActivityAt: now, stalledAt: null },
    });
  }
  await audit(tx, {
    actorId: input.author.userId,
    organisationId: input.author.organisationId,
    action: "message.posted",
    entityType: "Thread",
    entityId: input.thread.id,
    ip: input.ip ?? null,
    metadata: { messageId: id, kind: input.thread.kind, attachment: !!input.documentId },
  });
  return { id };
}

/** Whether the thread's key was destroyed (retention or deletion): its messages are gone, none can be added. */
export async function threadDestroyed(client: Db | Tx, t: ThreadRow): Promise<boolean> {
  return !(await client.dataKey.findUnique({ where: { id: t.dataKeyId }, select: { id: true } }));
}

/** Replaces a message's attachment (a held upload that became a new, cleaned document). */
export async function replaceAttachment(threadId: string, from: string, to: string | null) {
  await db().message.updateMany({ where: { threadId, documentId: from }, data: { documentId: to } });
}

export type ShownMessage = {
  id: string;
  body: string | null;
  createdAt: Date;
  mine: boolean;
  side: ThreadSide;
  authorName: string | null;
  organisationName: string | null;
  documentId: string | null;
};

/**
 * The thread's messages, opened, for a viewer the policy let read. How authors are shown: names of
 * people and organisations, except that an anonymised coalition is never named to the expert side (it
 * cannot write in a proposal thread; this is the second lock).
 */
export async function readMessages(t: ThreadRow, viewer: NonNullable<Viewer>, access: ThreadAccess) {
  const rows = await db().message.findMany({
    where: { threadId: t.id },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    select: {
      id: true,
      body: true,
      createdAt: true,
      authorId: true,
      authorSide: true,
      authorOrganisationId: true,
      documentId: true,
      author: { select: { name: true } },
    },
  });
  const orgIds = [...new Set(rows.map((r) => r.authorOrganisationId).filter((x): x is string => !!x))];
  const orgs = new Map(
    (
      await db().organisation.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } })
    ).map((o) => [o.id, o.name]),
  );
  let key: Awaited<ReturnType<typeof loadDataKey>> | null = null;
  try {
    key = await loadDataKey(db(), t.dataKeyId);
  } catch (error) {
    if (!(error instanceof KeyDestroyedError)) throw error;
  }
  const hideCoalition = t.need.anonymised && access.side === "expert" && t.kind === "proposal";
  return {
    destroyed: key === null,
    messages: rows.map((r): ShownMessage => ({
      id: r.id,
      body: key ? openTextWith(key, r.body, bodyContext(r.id)) : null,
      createdAt: r.createdAt,
      mine: r.authorId === viewer.userId,
      side: r.authorSide as ThreadSide,
      authorName: hideCoalition && r.authorSide === "coalition" ? null : (r.author?.name ?? null),
      organisationName:
        hideCoalition && r.authorSide === "coalition"
          ? null
          : r.authorOrganisationId
            ? (orgs.get(r.authorOrganisationId) ?? null)
            : null,
      documentId: r.documentId,
    })),
  };
}

/** The viewer read the thread up to now: no unread messages, no email owed. */
export async function markRead(threadId: string, userId: string, now = new Date()) {
  await db().threadReader.upsert({
    where: { threadId_userId: { threadId, userId } },
    create: { threadId, userId, lastReadAt: now },
    update: { lastReadAt: now, pendingSince: null },
  });
}

export type InboxEntry = {
  id: string;
  kind: "proposal" | "engagement";
  needTitle: string;
  lang: string;
  lastMessageAt: Date;
  unread: number;
  writable: boolean;
};

/**
 * The viewer's threads (those of their organisations, and every thread for the secretariat), newest
 * first, with unread counts; filtered through the policy, never a rule of its own.
 */
export async function inbox(viewer: NonNullable<Viewer>, limit = 100): Promise<InboxEntry[]> {
  const own = viewer.memberships.map((m) => m.organisationId);
  const secretariat = threadAccessAsSecretariat(viewer);
  const threads = await db().thread.findMany({
    where: secretariat
      ? {}
      : { OR: [{ expertOrganisationId: { in: own } }, { coalitionOrganisationId: { in: own } }] },
    orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
    take: limit,
    select: threadSelect,
  });
  const visible = threads
    .map((t) => ({ t, access: threadAccess(viewer, policyInput(t)) }))
    .filter((x) => x.access.read);
  const counts = await unreadByThread(
    viewer.userId,
    visible.map((x) => x.t.id),
  );
  return visible.map(({ t, access }) => ({
    id: t.id,
    kind: t.kind,
    needTitle: t.need.title,
    lang: t.need.contentLanguage,
    lastMessageAt: t.lastMessageAt,
    unread: counts.get(t.id) ?? 0,
    writable: access.write,
  }));
}

function threadAccessAsSecretariat(viewer: NonNullable<Viewer>) {
  return viewer.twoFactorVerified && viewer.memberships.some((m) => m.kind === "SECRETARIAT");
}

async function unreadByThread(userId: string, threadIds: string[]) {
  if (!threadIds.length) return new Map<string, number>();
  const rows = await db().$queryRaw<{ threadId: string; n: bigint }[]>`
    SELECT m."threadId", count(*) AS n
    FROM "Message" m
    LEFT JOIN "ThreadReader" r ON r."threadId" = m."threadId" AND r."userId" = ${userId}
    WHERE m."threadId" = ANY(${threadIds}::text[])
      AND m."authorId" IS DISTINCT FROM ${userId}
      AND (r."lastReadAt" IS NULL OR m."createdAt" > r."lastReadAt")
    GROUP BY m."threadId"`;
  return new Map(rows.map((r) => [r.threadId, Number(r.n)]));
}

/** Unread messages in the viewer's threads, for the header. */
export async function unreadTotal(viewer: NonNullable<Viewer>): Promise<number> {
  // Only threads the viewer has a reader row for can have messages owed to them (postMessage writes
  // one for every participant); the policy still decides, on the few threads that have unread ones.
  const rows = await db().$queryRaw<{ threadId: string; n: bigint }[]>`
    SELECT m."threadId", count(*) AS n
    FROM "ThreadReader" r JOIN "Message" m ON m."threadId" = r."threadId"
    WHERE r."userId" = ${viewer.userId}
      AND m."authorId" IS DISTINCT FROM ${viewer.userId}
      AND (r."lastReadAt" IS NULL OR m."createdAt" > r."lastReadAt")
    GROUP BY m."threadId"
    LIMIT 200`;
  if (!rows.length) return 0;
  const threads = await db().thread.findMany({
    where: { id: { in: rows.map((r) => r.threadId) } },
    select: threadSelect,
  });
  const readable = new Set(threads.filter((t) => threadAccess(viewer, policyInput(t)).read).map((t) => t.id));
  return rows.filter((r) => readable.has(r.threadId)).reduce((n, r) => n + Number(r.n), 0);
}
