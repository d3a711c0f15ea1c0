// The worker's half of queueEmail: render an EmailMessage in its language and send it, once.
//   queued (messageId NULL)  → send; a refused address → failed_permanent (shown to the secretariat)
//   queued (messageId set)   → a previous attempt passed its commit point and then died: treated as sent
//   sent | failed_permanent  → nothing to do
// Secret parameters (single-use links) are wiped from the row once the message has left.
import type { Logger } from "pino";
import type { PrismaClient } from "~/generated/prisma/client";
import { emailTemplates, secretParams, type EmailTemplate } from "../catalog";
import { MailSendError, newMessageId, type Mailer } from "./mailer.server";
import { renderEmail } from "./render.server";
import type { EmailAttachment } from "./queue-email.server";

export type SendOutcome = "sent" | "already" | "missing" | "failed_permanent" | "unknown" | "invalid";

function wipeSecrets(template: string, params: unknown) {
  const keys = secretParams[template as EmailTemplate] ?? [];
  if (!keys.length || typeof params !== "object" || params === null) return params as object;
  const copy: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  for (const key of keys) if (key in copy) copy[key] = "[sent]";
  return copy;
}

export async function sendEmailMessage(
  ctx: { db: PrismaClient; mailer: Mailer; logger?: Logger },
  emailMessageId: string,
): Promise<SendOutcome> {
  const { db } = ctx;
  const message = await db.emailMessage.findUnique({ where: { id: emailMessageId } });
  if (!message) return "missing";
  if (message.status !== "queued") return "already";
  if (message.messageId) {
    await db.emailMessage.updateMany({
      where: { id: message.id, status: "queued" },
      data: {
        status: "sent",
        sentAt: new Date(),
        params: wipeSecrets(message.template, message.params),
        lastError: "previous attempt passed its commit point; treated as sent",
      },
    });
    return "unknown";
  }
  const template = message.template as EmailTemplate;
  const valid =
    Object.hasOwn(emailTemplates, template) && emailTemplates[template].safeParse(message.params).success;
  if (!valid) {
    await db.emailMessage.update({
      where: { id: message.id },
      data: {
        status: "failed_permanent",
        lastError: "invalid template or parameters",
        params: wipeSecrets(message.template, message.params),
      },
    });
    return "invalid";
  }
  const rendered = await renderEmail(template, message.locale, message.params as never, message.timeZone);
  const attachments = (message.attachments as EmailAttachment[] | null) ?? undefined;
  // After an unanswered end of data the same Message-ID again, so receivers can drop a copy (ADR 0011).
  const messageId = message.unconfirmedMessageId ?? newMessageId();
  await db.emailMessage.update({ where: { id: message.id }, data: { attempts: { increment: 1 } } });
  try {
    await ctx.mailer.send(
      {
        to: message.toAddress,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        locale: rendered.locale,
        messageId,
        unsubscribeUrl: (message.params as { unsubscribeUrl?: string }).unsubscribeUrl,
        attachments,
      },
      { commit: { table: "EmailMessage", rowId: message.id } },
    );
  } catch (error) {
    if (!(error instanceof MailSendError)) throw error;
    if (error.kind === "duplicate") return "already";
    if (error.kind === "permanent") {
      await db.emailMessage.updateMany({
        where: { id: message.id, status: "queued" },
        data: {
          status: "failed_permanent",
          lastError: error.message.slice(0, 300),
          params: wipeSecrets(message.template, message.params),
        },
      });
      ctx.logger?.warn(
        { emailMessageId: message.id, template, code: error.responseCode },
        "email refused permanently",
      );
      return "failed_permanent";
    }
    if (error.kind === "unknown") {
      await db.emailMessage.updateMany({
        where: { id: message.id, status: "queued" },
        data: {
          status: "sent",
          sentAt: new Date(),
          lastError: error.message.slice(0, 300),
          params: wipeSecrets(message.template, message.params),
        },
      });
      return "unknown";
    }
    await db.emailMessage.update({
      where: { id: message.id },
      data: { lastError: error.message.slice(0, 300) },
    });
    throw error;
  }
  await db.emailMessage.updateMany({
    where: { id: message.id, status: "queued" },
    data: {
      status: "sent",
      sentAt: new Date(),
      lastError: null,
      params: wipeSecrets(message.template, message.params),
    },
  });
  return "sent";
}
