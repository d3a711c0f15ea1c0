// The secretariat's day: what waits for a coordinator, each as a count and the page that works it.
// Counts only: no confidential field is read. Only for a viewer the policy calls secretariat.
import { isSecretariat, type Viewer } from "~/features/auth/policy";
import type { Db } from "~/utils/db.server";
import { startOfTodayUtc } from "./dates";

type SecretariatTaskKey =
  "triage" | "review" | "stalled" | "closeRequests" | "pastWantedBy" | "applications" | "emailFailures";

export type SecretariatTask = { key: SecretariatTaskKey; count: number; href: string };

/** Needs still being matched (not engaged, not closed) whose wanted-by date has passed. */
const pastWantedByStatuses = ["open", "matching"] as const;

const PAST_WANTED_BY_SHOWN = 10;

/** The needs past their wanted-by date, earliest first (titles only: the secretariat sees every need). */
export async function needsPastWantedBy(client: Db, viewer: Viewer, now = new Date()) {
  if (!isSecretariat(viewer)) return [];
  return client.need.findMany({
    where: { status: { in: [...pastWantedByStatuses] }, wantedBy: { lt: startOfTodayUtc(now) } },
    orderBy: [{ wantedBy: "asc" }, { id: "asc" }],
    take: PAST_WANTED_BY_SHOWN,
    select: { id: true, title: true, contentLanguage: true, wantedBy: true, countryCode: true, status: true },
  });
}

export async function secretariatDay(
  client: Db,
  viewer: Viewer,
  now = new Date(),
): Promise<SecretariatTask[]> {
  if (!isSecretariat(viewer)) return [];
  const today = startOfTodayUtc(now);
  const [triage, review, stalled, closeRequests, pastWantedBy, applications, emailFailures, digestFailures] =
    await Promise.all([
      client.need.count({ where: { status: "submitted" } }),
      client.proposal.count({ where: { status: "proposed" } }),
      client.engagement.count({ where: { status: "active", stalledAt: { not: null } } }),
      // Requests to close waiting for the other side: the secretariat may confirm or decline them too.
      client.engagementCloseRequest.count({ where: { status: "pending" } }),
      client.need.count({
        where: { status: { in: [...pastWantedByStatuses] }, wantedBy: { lt: today } },
      }),
      client.membershipApplication.count({ where: { status: { in: ["pending", "questions"] } } }),
      client.emailMessage.count({ where: { status: "failed_permanent" } }),
      client.digestDelivery.count({ where: { status: "failed" } }),
    ]);
  return [
    { key: "triage", count: triage, href: "/secretariat/triage" },
    { key: "review", count: review, href: "/secretariat/review" },
    { key: "stalled", count: stalled, href: "/engagements?status=active&stalled=1" },
    { key: "closeRequests", count: closeRequests, href: "/engagements?status=active&closing=1" },
    // Listed on the home page itself (no other page lists exactly these).
    { key: "pastWantedBy", count: pastWantedBy, href: "#past-wanted-by" },
    { key: "applications", count: applications, href: "/secretariat/applications" },
    { key: "emailFailures", count: emailFailures + digestFailures, href: "/secretariat/email-failures" },
  ];
}
