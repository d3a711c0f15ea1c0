// /needs/:id/help — "We can help": a member of an expert organisation (or of a coalition with peer offers)
// puts one of its active offers forward for a need it may see. Each offer says whether it fits and, if
// not, why (the matcher's hard filters, in words); a fitting one becomes a `volunteered` proposal in the
// secretariat's review queue. A need the viewer may not see is a 404; nothing to volunteer with is a 403.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect } from "react-router";
import { mayVolunteerFor, needAccess, presentNeed } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { explain } from "~/features/matching";
import { reasonTopicLabels } from "~/features/matching/index.server";
import { expertVisibleStatuses } from "~/features/auth/policy";
import { StatusBadge } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { countryArgs } from "~/i18n/countries";
import { countryName } from "~/i18n/format";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { volunteerSchema } from "../schemas";
import { assessPair, volunteerOffer } from "../services/reach-out.server";
import { reachRefusalResponse } from "../services/respond.server";
import { ReachPage } from "../components/reach-page";
import { PeerOfferNote } from "../components/peer-offer-note";
import type { Route } from "./+types/volunteer";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function loadFor(request: Request, id: string) {
  const ctx = await requireUser(request);
  const need = await db().need.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      summary: true,
      contentLanguage: true,
      status: true,
      visibility: true,
      anonymised: true,
      organisationId: true,
      countryCode: true,
      organisation: { select: { name: true } },
    },
  });
  // A need the viewer may not see does not exist for them.
  if (!need) throw httpError(404, "common:errors.notFound");
  const access = needAccess(ctx.viewer, need);
  if (access.level === "none") throw httpError(404, "common:errors.notFound");
  const organisationIds = ctx
    .viewer!.memberships.map((m) => m.organisationId)
    .filter((o) => o !== need.organisationId && mayVolunteerFor(ctx.viewer, o));
  if (access.owner || organisationIds.length === 0) throw httpError(403, "common:errors.forbidden");
  return { ctx, need, access, organisationIds };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, need, access, organisationIds } = await loadFor(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const offers = await db().offer.findMany({
    where: { organisationId: { in: organisationIds }, status: { in: ["active", "paused"] } },
    orderBy: [{ status: "asc" }, { publishedAt: "desc" }, { id: "asc" }],
    take: 20,
    select: {
      id: true,
      title: true,
      status: true,
      contentLanguage: true,
      peerKinds: true,
      organisation: { select: { name: true, kind: true } },
    },
  });
  // One read transaction for the assessments: each is the matcher's own scoring of the pair.
  const assessed = await db().$transaction(async (tx) => {
    const out = [];
    for (const o of offers) out.push({ offer: o, ...(await assessPair(tx, need.id, o.id)) });
    return out;
  });
  const mine = await db().proposal.findMany({
    // Its own volunteering, and what the secretariat has put before it (never a pair still under review).
    where: {
      needId: need.id,
      expertOrganisationId: { in: organisationIds },
      OR: [{ source: "volunteered" }, { status: { in: expertVisibleStatuses }, reviewedAt: { not: null } }],
    },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, status: true, source: true, offer: { select: { title: true } } },
  });
  const candidates = assessed.map(({ offer, refusals, breakdown }) => ({
    id: offer.id,
    title: offer.title,
    contentLanguage: offer.contentLanguage,
    organisationName: offer.organisation.name,
    peer: offer.organisation.kind === "COALITION",
    peerKinds: offer.peerKinds,
    refusals,
    // Banded reasons only: the numbers are the secretariat's.
    reasons: breakdown && refusals.length === 0 ? explain(breakdown) : [],
  }));
  const shown = presentNeed(need, access);
  return {
    need: {
      id: shown.id,
      title: shown.title,
      summary: shown.summary,
      contentLanguage: shown.contentLanguage,
      status: shown.status,
      coalitionName: shown.coalitionName,
    },
    countryLabel: countryName(need.countryCode, locale),
    countryArgs: countryArgs(need.countryCode, locale),
    candidates,
    mine,
    topicLabels: await reasonTopicLabels(
      candidates.map((c) => c.reasons),
      locale,
    ),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, need } = await loadFor(request, params.id);
  const submission = parseWithZod(await readForm(request), { schema: volunteerSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db().$transaction((tx) =>
      volunteerOffer(
        tx,
        { viewer: ctx.viewer!, ip: clientIp(context) },
        { needId: need.id, offerId: submission.value.offerId },
      ),
    );
  } catch (error) {
    return reachRefusalResponse(error);
  }
  return redirect(`/needs/${need.id}/help?done=volunteered`);
}

export default function Volunteer({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { need, candidates, mine, topicLabels } = loaderData;
  return (
    <ReachPage
      field="offer"
      subjectPath={`/needs/${need.id}`}
      subject={{
        title: need.title,
        contentLanguage: need.contentLanguage,
        body: (
          <>
            <p className="text-[var(--color-muted)]">
              {need.coalitionName ?? t("needs:board.anonymous", loaderData.countryArgs)} ·{" "}
              {loaderData.countryLabel}
            </p>
            <p lang={need.contentLanguage} className="whitespace-pre-line">
              {need.summary}
            </p>
          </>
        ),
      }}
      actionData={actionData}
      candidates={candidates}
      topicLabels={topicLabels}
      detail={(c) => (
        <span className="text-sm text-[var(--color-muted)]">
          {c.organisationName}
          <PeerOfferNote peer={c.peer} kinds={c.peerKinds} />
        </span>
      )}
    >
      {mine.length ? (
        <section aria-labelledby="mine-title" className="space-y-2">
          <h2 id="mine-title">{t("outreach:volunteer.yours")}</h2>
          <ul className="space-y-1">
            {mine.map((p) => (
              <li key={p.id}>
                {p.offer.title} <StatusBadge ns="review" status={p.status} /> ·{" "}
                {t(`review:source.${p.source}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </ReachPage>
  );
}
