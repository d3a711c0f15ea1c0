// The web app never talks SMTP: it records the email and an outbox row in the caller's transaction,
// and the worker renders and sends it with retries.
import type { Locale } from "~/i18n/config";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/outbox.server";
import { emailTemplates, type EmailParams, type EmailTemplate } from "../catalog";

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
  const message = await tx.emailMessage.create({
    data: {
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
