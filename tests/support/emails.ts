// Reading queued emails in tests (no worker runs, so the stored params still hold the links).
import { db } from "~/utils/db.server";

export async function lastEmail(template: string, to?: string) {
  return db().emailMessage.findFirst({
    where: { template, ...(to ? { toAddress: to } : {}) },
    orderBy: { createdAt: "desc" },
  });
}

/** The path of a link param (e.g. inviteUrl) in the last email of a template. */
export async function linkFrom(template: string, param: string, to?: string) {
  const email = await lastEmail(template, to);
  if (!email) throw new Error(`no ${template} email`);
  const url = (email.params as Record<string, string>)[param];
  return new URL(url).pathname;
}
