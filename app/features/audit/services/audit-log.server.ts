// Reading the audit trail (the secretariat's audit page). Writing is app/utils/audit.server.ts; the table
// is append-only (a database trigger refuses UPDATE and DELETE), so nothing here can change it.
import type { Prisma } from "~/generated/prisma/client";
import { db } from "~/utils/db.server";
import { pageParam } from "~/utils/pagination";

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilter = {
  actor?: string; // user id or email
  action?: string; // exact, or a prefix ending with "." (e.g. "session.")
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  page: number;
};

function parseDate(value: string | null, endOfDay = false) {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const d = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  return endOfDay ? new Date(d.getTime() + 24 * 3600_000) : d;
}

export function auditFilterFromUrl(url: URL): AuditFilter {
  const text = (name: string, max = 200) => {
    // NUL cannot reach Postgres; other control characters never match anything anyway.
    const v = url.searchParams.get(name)?.replaceAll("\u0000", "").trim();
    return v ? v.slice(0, max) : undefined;
  };
  return {
    actor: text("actor", 254),
    action: text("action", 100),
    entityType: text("entityType", 50),
    entityId: text("entityId", 100),
    from: parseDate(url.searchParams.get("from")),
    to: parseDate(url.searchParams.get("to"), true),
    page: pageParam(url),
  };
}

export async function listAuditEvents(filter: AuditFilter) {
  let actorId: string | undefined;
  if (filter.actor) {
    if (filter.actor.includes("@")) {
      const user = await db().user.findUnique({
        where: { email: filter.actor.toLowerCase() },
        select: { id: true },
      });
      actorId = user?.id ?? "no-such-user";
    } else actorId = filter.actor;
  }
  const where: Prisma.AuditEventWhereInput = {
    ...(actorId ? { actorId } : {}),
    ...(filter.action
      ? filter.action.endsWith(".")
        ? { action: { startsWith: filter.action } }
        : { action: filter.action }
      : {}),
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.entityId ? { entityId: filter.entityId } : {}),
    ...(filter.from || filter.to
      ? {
          createdAt: {
            ...(filter.from ? { gte: filter.from } : {}),
            ...(filter.to ? { lt: filter.to } : {}),
          },
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db().auditEvent.count({ where }),
    db().auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: {
        actor: {
          select: {
            id: true,
            name: true,
            memberships: { select: { organisation: { select: { id: true, name: true } } }, take: 5 },
          },
        },
      },
    }),
  ]);
  // The organisation each person acted for (issue 21): the event's own organisation when it has one,
  // otherwise the organisations the person belongs to.
  const eventOrgIds = [...new Set(rows.map((e) => e.organisationId).filter((id): id is string => !!id))];
  const eventOrgs = new Map(
    (
      await db().organisation.findMany({
        where: { id: { in: eventOrgIds } },
        select: { id: true, name: true },
      })
    ).map((o) => [o.id, o.name]),
  );
  return {
    total,
    events: rows.map((e) => ({
      id: e.id.toString(),
      createdAt: e.createdAt.toISOString(),
      actor: e.actor ? { id: e.actor.id, name: e.actor.name } : null,
      organisations:
        e.organisationId && eventOrgs.has(e.organisationId)
          ? [eventOrgs.get(e.organisationId)!]
          : (e.actor?.memberships.map((m) => m.organisation.name) ?? []),
      organisationId: e.organisationId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      ip: e.ip,
      metadata: e.metadata == null ? null : JSON.stringify(e.metadata).slice(0, 500),
    })),
  };
}
