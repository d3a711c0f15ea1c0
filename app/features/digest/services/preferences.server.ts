// Notification settings: digest frequency, filters and urgent alerts (no row = weekly, no filters,
// urgent alerts on). Every change is audited; the audit records ids and enum values only.
import { z } from "zod";
import { audit } from "~/utils/audit.server";
import { db, type Tx } from "~/utils/db.server";

const preferencesSchema = z.object({
  frequency: z.enum(["daily", "weekly", "off"]),
  categoryIds: z.array(z.string().max(64)).max(50).default([]),
  countryCodes: z
    .array(z.string().regex(/^[A-Z]{2}$/))
    .max(250)
    .default([]),
  topicIds: z.array(z.string().max(64)).max(100).default([]),
  urgentAlerts: z.boolean().default(false),
  /** "You have a new message" emails (conversations; never with content). */
  messageEmails: z.boolean().default(true),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export async function getPreferences(userId: string): Promise<Preferences> {
  const s = await db().digestSubscription.findUnique({ where: { userId } });
  return {
    frequency: s?.frequency ?? "weekly",
    categoryIds: s?.categoryIds ?? [],
    countryCodes: s?.countryCodes ?? [],
    topicIds: s?.topicIds ?? [],
    urgentAlerts: s?.urgentAlerts ?? true,
    messageEmails: s?.messageEmails ?? true,
  };
}

export async function savePreferences(
  tx: Tx,
  userId: string,
  input: Preferences,
  meta: { ip?: string | null } = {},
) {
  const p = preferencesSchema.parse(input);
  await tx.digestSubscription.upsert({ where: { userId }, create: { userId, ...p }, update: p });
  await audit(tx, {
    actorId: userId,
    action: "notifications.updated",
    entityType: "user",
    entityId: userId,
    ip: meta.ip ?? null,
    metadata: {
      frequency: p.frequency,
      urgentAlerts: p.urgentAlerts,
      messageEmails: p.messageEmails,
      filters: p.categoryIds.length + p.countryCodes.length + p.topicIds.length,
    },
  });
}

/**
 * One-click unsubscribe: digests and urgent alerts off, and no more legislation alerts (the countries the
 * member followed are unfollowed). Returns false for an unknown user.
 */
export async function unsubscribeAll(tx: Tx, userId: string, meta: { ip?: string | null } = {}) {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return false;
  await tx.digestSubscription.upsert({
    where: { userId },
    create: { userId, frequency: "off", urgentAlerts: false },
    update: { frequency: "off", urgentAlerts: false },
  });
  await tx.countryFollow.deleteMany({ where: { userId } });
  await audit(tx, {
    actorId: userId,
    action: "notifications.unsubscribed",
    entityType: "user",
    entityId: userId,
    ip: meta.ip ?? null,
  });
  return true;
}
