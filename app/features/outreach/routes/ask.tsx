// /offers/:id/ask — "Ask this expert": a coalition member, on an offer it may see, asks for it for one of
// its open needs. Each need says whether the offer fits it and, if not, why; a fitting one becomes a
// `requested` proposal in the secretariat's review queue. The coalition sees banded reasons drawn from its
// need and the offer's published fields only (explain's `coalition` audience), never the numbers.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Link, redirect } from "react-router";
import { mayRequestFor, offerAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { explain } from "~/features/matching";
import { MatchReasonList, storedReasons } from "~/features/matching";
import { reasonTopicLabels } from "~/features/matching/index.server";
import { StatusBadge } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { requestSchema } from "../schemas";
import { assessPair, requestOffer } from "../services/reach-out.server";
import { reachRefusalResponse } from "../services/respond.server";
import { ReachPage } from "../components/reach-page";
import { PeerOfferNote } from "../components/peer-offer-note";
import type { Route } from "./+types/ask";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

async function loadFor(request: Request, id: string) {
  const ctx = await requireUser(request);
  const offer = await db().offer.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      status: true,
      organisationId: true,
      contentLanguage: true,
      peerKinds: true,
      organisation: { select: { name: true, kind: true, vettingLevel: true } },
    },
  });
  if (
    !offer ||
    offerAccess(ctx.viewer, { ...offer, vettingLevel: offer.organisation.vettingLevel }) === "none"
  )
    throw httpError(404, "common:errors.notFound");
  const coalitionIds = ctx
    .viewer!.memberships.map((m) => m.organisationId)
    .filter((o) => o !== offer.organisationId && mayRequestFor(ctx.viewer, o));
  if (coalitionIds.length === 0) throw httpError(403, "common:errors.forbidden");
  return { ctx, offer, coalitionIds };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, offer, coalitionIds } = await loadFor(request, params.id);
  const locale = getLocale(request, ctx.user.locale);
  const needs = await db().need.findMany({
    where: { organisationId: { in: coalitionIds }, status: { in: ["open", "matching"] } },
    orderBy: [{ openedAt: "desc" }, { id: "asc" }],
    take: 30,
    select: { id: true, title: true, contentLanguage: true },
  });
  const assessed = await db().$transaction(async (tx) => {
    const out = [];
    for (const n of needs) out.push({ need: n, ...(await assessPair(tx, n.id, offer.id)) });
    return out;
  });
  const requests = await db().proposal.findMany({
    where: { offerId: offer.id, source: "requested", need: { organisationId: { in: coalitionIds } } },
    orderBy: { createdAt: "desc" },
    take: 30,
    select: {
      id: true,
      status: true,
      breakdown: true,
      need: { select: { id: true, title: true, contentLanguage: true } },
    },
  });
  const candidates = assessed.map(({ need, refusals, breakdown }) => ({
    ...need,
    refusals,
    reasons: breakdown && refusals.length === 0 ? explain(breakdown, undefined, "coalition") : [],
  }));
  const sent = requests.map(({ breakdown, ...r }) => ({
    ...r,
    reasons: storedReasons(breakdown, "coalition"),
  }));
  return {
    offer: {
      id: offer.id,
      title: offer.title,
      contentLanguage: offer.contentLanguage,
      organisationName: offer.organisation.name,
      peer: offer.organisation.kind === "COALITION",
      peerKinds: offer.peerKinds,
    },
    candidates,
    sent,
    topicLabels: await reasonTopicLabels(
      [...candidates.map((c) => c.reasons), ...sent.map((s) => s.reasons)],
      locale,
    ),
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, offer } = await loadFor(request, params.id);
  const submission = parseWithZod(await readForm(request), { schema: requestSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  try {
    await db().$transaction((tx) =>
      requestOffer(
        tx,
        { viewer: ctx.viewer!, ip: clientIp(context) },
        { needId: submission.value.needId, offerId: offer.id },
      ),
    );
  } catch (error) {
    return reachRefusalResponse(error);
  }
  return redirect(`/offers/${offer.id}/ask?done=requested`);
}

export default function Ask({ loaderData, actionData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { offer, candidates, sent, topicLabels } = loaderData;
  return (
    <ReachPage
      field="need"
      subjectPath={`/offers/${offer.id}`}
      subject={{
        title: offer.title,
        contentLanguage: offer.contentLanguage,
        body: (
          <p className="text-[var(--color-muted)]">
            {offer.organisationName}
            <PeerOfferNote peer={offer.peer} kinds={offer.peerKinds} />
          </p>
        ),
      }}
      actionData={actionData}
      candidates={candidates}
      topicLabels={topicLabels}
    >
      {sent.length ? (
        <section aria-labelledby="sent-title" className="space-y-2">
          <h2 id="sent-title">{t("outreach:ask.yours")}</h2>
          <ul className="space-y-3">
            {sent.map((s) => (
              <li key={s.id} className="space-y-1">
                <p>
                  <Link to={`/needs/${s.need.id}`} lang={s.need.contentLanguage}>
                    {s.need.title}
                  </Link>{" "}
                  <StatusBadge ns="review" status={s.status} />
                </p>
                <MatchReasonList
                  reasons={s.reasons}
                  topicLabels={topicLabels}
                  label={t("outreach:reasonsFor", { title: s.need.title })}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </ReachPage>
  );
}
