// RSVPs: yes / maybe / no, from the call page (signed in) or from an email through a signed, single-use
// link that needs no sign-in and no JavaScript. Opening the link shows a confirmation page (a GET never
// changes anything: mail scanners open links); the POST records the answer and spends the link. A link is
// dead once used, past the end of the call, for an older revision of the call (it was changed since the
// email), for a cancelled call, or for a guest whose access ended. The organiser sees who comes.
import { Prisma } from "~/generated/prisma/client";
import type { RsvpAnswer } from "~/generated/prisma/enums";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { guestAccess } from "../policy";
import { linkCallSelect, verifyLink } from "./links.server";

type RsvpLinkState = "ok" | "invalid" | "expired" | "used" | "outdated" | "cancelled";

/** What an RSVP link is for, without using it. Unknown people and calls are "invalid". */
export async function readRsvpLink(token: string, now = new Date()) {
  const check = verifyLink("rsvp", token, now);
  if (!check.ok) return { state: check.reason as RsvpLinkState } as const;
  const p = check.payload;
  const call = await db().coordinationCall.findUnique({
    where: { id: p.c },
    select: { ...linkCallSelect, sequence: true, invitees: { select: { organisationId: true } } },
  });
  if (!call) return { state: "invalid" as const };
  let person: { name: string; locale: string; timeZone: string } | null = null;
  if (p.u) {
    const user = await db().user.findUnique({
      where: { id: p.u },
      select: {
        name: true,
        locale: true,
        timeZone: true,
        deletedAt: true,
        memberships: {
          where: { organisationId: { in: call.invitees.map((i) => i.organisationId) } },
          select: { organisationId: true },
        },
      },
    });
    // Still a member of an invited organisation: someone who left it has no say any more.
    if (user && !user.deletedAt && user.memberships.length) person = user;
  } else if (p.g) {
    const guest = await db().callGuest.findUnique({
      where: { id: p.g },
      select: { callId: true, name: true, locale: true, timeZone: true, expiresAt: true, revokedAt: true },
    });
    if (guest && guest.callId === call.id && guestAccess(guest, call, now) === "ok") person = guest;
  }
  if (!person) return { state: "invalid" as const };
  const { invitees: _i, ...shown } = call;
  const base = { call: shown, person, payload: p };
  if (call.status === "cancelled") return { state: "cancelled" as const, ...base };
  if (call.sequence !== p.s) return { state: "outdated" as const, ...base };
  const used = await db().usedLinkToken.findUnique({ where: { jti: p.j }, select: { jti: true } });
  if (used) return { state: "used" as const, ...base };
  const current = await db().callRsvp.findFirst({
    where: p.u ? { callId: call.id, userId: p.u } : { guestId: p.g },
    select: { answer: true },
  });
  return { state: "ok" as const, ...base, current: current?.answer ?? null };
}

async function record(
  tx: Prisma.TransactionClient,
  callId: string,
  who: { userId: string } | { guestId: string },
  answer: RsvpAnswer,
  via: "email" | "page",
) {
  const now = new Date();
  if ("userId" in who) {
    await tx.callRsvp.upsert({
      where: { callId_userId: { callId, userId: who.userId } },
      create: { callId, userId: who.userId, answer, via, respondedAt: now },
      update: { answer, via, respondedAt: now },
    });
  } else {
    await tx.callRsvp.upsert({
      where: { guestId: who.guestId },
      create: { callId, guestId: who.guestId, answer, via, respondedAt: now },
      update: { answer, via, respondedAt: now },
    });
  }
}

/** Uses an RSVP link: records the answer and spends the link, once (a second use is refused). */
export async function answerByLink(token: string, answer: RsvpAnswer, ip: string | null, now = new Date()) {
  const read = await readRsvpLink(token, now);
  if (read.state !== "ok" || !("payload" in read)) return read;
  const p = read.payload;
  try {
    await db().$transaction(async (tx) => {
      await tx.usedLinkToken.create({ data: { jti: p.j, usedAt: now } });
      await record(tx, p.c, p.u ? { userId: p.u } : { guestId: p.g! }, answer, "email");
      await audit(tx, {
        actorId: p.u ?? null,
        action: "call.rsvp",
        entityType: "coordination_call",
        entityId: p.c,
        ip,
        metadata: { answer, via: "email", ...(p.g ? { guestId: p.g } : {}) },
      });
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return { ...read, state: "used" as const };
    throw error;
  }
  return { ...read, state: "ok" as const, answered: answer };
}

/** An answer given on the call page (members) or on the guest page. */
export async function answerOnPage(
  tx: Tx,
  callId: string,
  who: { userId: string } | { guestId: string },
  answer: RsvpAnswer,
  ip: string | null,
) {
  const call = await tx.coordinationCall.findUnique({ where: { id: callId }, select: { status: true } });
  if (!call) throw httpError(404, "common:errors.notFound");
  if (call.status !== "scheduled") throw httpError(409, "coordination:errors.callState");
  await record(tx, callId, who, answer, "page");
  await audit(tx, {
    actorId: "userId" in who ? who.userId : null,
    action: "call.rsvp",
    entityType: "coordination_call",
    entityId: callId,
    ip,
    metadata: { answer, via: "page", ...("guestId" in who ? { guestId: who.guestId } : {}) },
  });
}

export async function myAnswer(callId: string, userId: string) {
  const row = await db().callRsvp.findUnique({
    where: { callId_userId: { callId, userId } },
    select: { answer: true },
  });
  return row?.answer ?? null;
}

/**
 * For the organiser: every invited person (members of invited organisations, guests) with their answer,
 * and the counts. At most 500 people are listed.
 */
export async function attendance(callId: string) {
  const [invitees, guests, answers] = await Promise.all([
    db().callInvitee.findMany({
      where: { callId },
      select: {
        organisation: {
          select: {
            id: true,
            name: true,
            memberships: {
              where: { user: { deletedAt: null } },
              select: { user: { select: { id: true, name: true } } },
              take: 100,
            },
          },
        },
      },
    }),
    db().callGuest.findMany({
      where: { callId },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        name: true,
        email: true,
        affiliation: true,
        expiresAt: true,
        revokedAt: true,
        lastViewedAt: true,
        rsvp: { select: { answer: true } },
      },
    }),
    db().callRsvp.findMany({
      where: { callId, userId: { not: null } },
      select: { userId: true, answer: true },
    }),
  ]);
  const byUser = new Map(answers.map((a) => [a.userId!, a.answer]));
  const seen = new Set<string>();
  const people: Array<{ id: string; name: string; organisation: string; answer: RsvpAnswer | null }> = [];
  for (const i of invitees)
    for (const m of i.organisation.memberships) {
      if (seen.has(m.user.id)) continue;
      seen.add(m.user.id);
      people.push({
        id: m.user.id,
        name: m.user.name,
        organisation: i.organisation.name,
        answer: byUser.get(m.user.id) ?? null,
      });
    }
  const counts = { yes: 0, maybe: 0, no: 0, none: 0 };
  for (const p of people) counts[p.answer ?? "none"]++;
  for (const g of guests) if (!g.revokedAt) counts[g.rsvp?.answer ?? "none"]++;
  return {
    people: people.slice(0, 500),
    guests: guests.map(({ rsvp, ...g }) => ({ ...g, answer: rsvp?.answer ?? null })),
    counts,
  };
}
