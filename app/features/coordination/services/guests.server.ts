// Guests: people outside the network (an intergovernmental officer, a journalist) whom the secretariat
// invites to one call by email. No account: a signed magic link opens that call's page with its time,
// place, the agenda items and notes shared with guests, and nothing else. Access ends at the earliest of:
// the call's follow-up closing, the call being cancelled, revocation (a new nonce kills every link), or
// `accessDays` after the call ends. Every guest view is audited.
import { randomBytes } from "node:crypto";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { guestAccess, guestAgendaWhere, guestNotesWhere, type GuestState } from "../policy";
import type { GuestInviteInput } from "../schemas";
import { agendaItems } from "./agenda.server";
import { callRecipients, queueCallEmails } from "./call-emails.server";
import type { Actor } from "./calls.server";
import { linkCallSelect, verifyLink } from "./links.server";

const nonce = () => randomBytes(12).toString("base64url");

/** Invites a guest (or re-invites one: a fresh link, the old one dead) and emails them. */
export async function inviteGuest(
  tx: Tx,
  actor: Actor,
  callId: string,
  input: Omit<GuestInviteInput, "intent">,
  accessDays: number,
) {
  const call = await tx.coordinationCall.findUnique({
    where: { id: callId },
    select: { status: true, startsAt: true, durationMinutes: true, sequence: true },
  });
  if (!call) throw httpError(404, "common:errors.notFound");
  if (call.status !== "scheduled") throw httpError(409, "coordination:errors.callState");
  // A member of the network is invited through their organisation, not as a guest.
  const member = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (member) throw httpError(400, "coordination:errors.guestIsMember");
  const expiresAt = new Date(call.startsAt.getTime() + (call.durationMinutes + accessDays * 1440) * 60_000);
  const data = {
    name: input.name,
    affiliation: input.affiliation?.trim() ?? "",
    locale: input.locale,
    timeZone: input.timeZone,
    nonce: nonce(),
    expiresAt,
    revokedAt: null,
    invitedById: actor.userId,
  };
  const guest = await tx.callGuest.upsert({
    where: { callId_email: { callId, email: input.email } },
    create: { callId, email: input.email, ...data },
    update: data,
    select: { id: true, nonce: true },
  });
  const recipients = await callRecipients(tx, callId, { members: false, guestIds: [guest.id] });
  await queueCallEmails(tx, callId, "call_invitation", recipients, {
    key: `seq${call.sequence}-${guest.nonce}`,
  });
  await audit(tx, {
    actorId: actor.userId,
    action: "call.guest_invited",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { guestId: guest.id },
  });
  return guest;
}

export async function revokeGuest(tx: Tx, actor: Actor, callId: string, guestId: string) {
  const { count } = await tx.callGuest.updateMany({
    where: { id: guestId, callId, revokedAt: null },
    data: { revokedAt: new Date(), nonce: nonce() },
  });
  if (count === 0) throw httpError(404, "common:errors.notFound");
  await audit(tx, {
    actorId: actor.userId,
    action: "call.guest_revoked",
    entityType: "coordination_call",
    entityId: callId,
    ip: actor.ip ?? null,
    metadata: { guestId },
  });
}

export type GuestLink =
  | { state: "invalid" }
  | { state: Exclude<GuestState, "ok"> | "expired"; locale: string }
  | { state: "ok"; guest: Awaited<ReturnType<typeof findGuest>> & object };

async function findGuest(id: string) {
  return db().callGuest.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      locale: true,
      timeZone: true,
      nonce: true,
      expiresAt: true,
      revokedAt: true,
      rsvp: { select: { answer: true } },
      call: {
        select: { ...linkCallSelect, agendaNote: true },
      },
    },
  });
}

/** Whether a magic link still opens its call (and for whom). */
export async function readGuestLink(token: string, now = new Date()): Promise<GuestLink> {
  const check = verifyLink("guest", token, now);
  if (!check.ok && check.reason === "invalid") return { state: "invalid" };
  // An expired signature is still a real guest's link: say "ended" in their language.
  const [encoded] = token.split(".");
  const payload = check.ok
    ? check.payload
    : (JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as { g: string; n: string });
  const guest = await findGuest(payload.g);
  if (!guest) return { state: "invalid" };
  if (guest.nonce !== payload.n)
    return guest.revokedAt ? { state: "revoked", locale: guest.locale } : { state: "invalid" };
  if (!check.ok) return { state: "expired", locale: guest.locale };
  const state = guestAccess(guest, guest.call, now);
  if (state !== "ok") return { state, locale: guest.locale };
  return { state: "ok", guest };
}

/**
 * What a guest sees of their call (shared agenda items and notes only), audited: in the caller's
 * transaction, so the view is read and recorded together.
 */
export async function guestView(tx: Tx, guest: { id: string; call: { id: string } }, ip: string | null) {
  const items = await agendaItems(guest.call.id, guestAgendaWhere, tx);
  const notes = await tx.callNote.findMany({
    where: { AND: [{ callId: guest.call.id }, guestNotesWhere] },
    orderBy: { createdAt: "asc" },
    take: 100,
    select: { id: true, body: true, contentLanguage: true, createdAt: true },
  });
  await tx.callGuest.update({ where: { id: guest.id }, data: { lastViewedAt: new Date() } });
  await audit(tx, {
    action: "call.guest_viewed",
    entityType: "coordination_call",
    entityId: guest.call.id,
    ip,
    metadata: { guestId: guest.id, items: items.length, notes: notes.length },
  });
  return {
    items: items.map((i) => ({
      id: i.id,
      title: i.title,
      details: i.details,
      contentLanguage: i.contentLanguage,
    })),
    notes,
  };
}
