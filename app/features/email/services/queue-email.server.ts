// The web app never talks SMTP: it records the email and an outbox row in the caller's transaction,
// and the worker renders and sends it with retries.
import type { Locale } from "~/i18n/config";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { emailTemplates, type EmailParams, type EmailTemplate } from "../catalog";

export type EmailAttachment = { filename: string; content: string; contentType: string };

export async function queueEmail<T extends EmailTemplate>(
  tx: Tx,
  email: {
    to: string;
    userId?: string | null;
    template: T;
    locale: Locale;
    params: EmailParams<T>;
    /** Makes queueing idempotent: a second call with the same key sends nothing more. */
    dedupeKey?: string;
    /** The recipient's zone for every time in the email (default: the user's own, else UTC). */
    timeZone?: string;
    /** Files written by the caller (e.g. a calendar file); never confidential content. */
    attachments?: EmailAttachment[];
  },
) {
  const params = emailTemplates[email.template].parse(email.params);
  if (email.dedupeKey) {
    const existing = await tx.emailMessage.findUnique({
      where: { dedupeKey: email.dedupeKey },
      select: { id: true },
    });
    if (existing) return existing;
  }
  const timeZone =
    email.timeZone ??
    (email.userId
      ? (await tx.user.findUnique({ where: { id: email.userId }, select: { timeZone: true } }))?.timeZone
      : undefined) ??
    "UTC";
  const message = await tx.emailMessage.create({
    data: {
      timeZone,
      ...(email.attachments?.length ? { attachments: email.attachments } : {}),
      toAddress: email.to,
      userId: email.userId ?? null,
      template: email.template,
      locale: email.locale,
      params: params as object,
      dedupeKey: email.dedupeKey ?? null,
    },
    select: { id: true },
  });
  await enqueue(tx, "email.send", { emailMessageId: message.id });
  return message;
}
