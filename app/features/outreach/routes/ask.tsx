// /offers/:id/ask — "Ask this expert": a coalition member, on an offer it may see, asks for it for one of
// its open needs. Each need says whether the offer fits it and, if not, why; a fitting one becomes a
// `requested` proposal in the secretariat's review queue. The coalition sees banded reasons drawn from its
// need and the offer's published fields only (explain's `coalition` audience), never the numbers.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect } from "react-router";
import { mayRequestFor, offerAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { explain } from "~/features/matching";
import { MatchReasonList, storedReasons } from "~/features/matching";
import { reasonTopicLabels } from "~/features/matching/index.server";
import { ActionMessage, DoneNotice, FieldErrors, StatusBadge } from "~/components/action-ui";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { db } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { requestSchema } from "../schemas";
import { assessPair, requestOffer } from "../services/reach-out.server";
import { reachRefusalResponse } from "../services/respond.server";
import { FitVerdict } from "../components/fit-verdict";
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
  const errors =
    (actionData as { result?: { error?: Record<string, string[] | null> } } | undefined)?.result?.error ?? {};
  const fitting = candidates.filter((c) => c.refusals.length === 0);
  return (
    <section aria-labelledby="ask-title" className="space-y-4">
      <p>
        <Link to={`/offers/${offer.id}`}>{t("outreach:ask.backToOffer")}</Link>
      </p>
      <h1 id="ask-title">{t("outreach:ask.title")}</h1>
      <DoneNotice ns="outreach" />
      <ActionMessage data={actionData} />
      <div className="card space-y-1">
        <h2 className="text-lg" lang={offer.contentLanguage}>
          {offer.title}
        </h2>
        <p className="text-[var(--color-muted)]">
          {offer.organisationName}
          {offer.peer ? ` · ${t("outreach:peerOffer")}` : ""}
          {offer.peer && offer.peerKinds.length
            ? ` (${offer.peerKinds.map((k) => t(`outreach:peerKinds.${k}`)).join(", ")})`
            : ""}
        </p>
      </div>
      <p>{t("outreach:ask.intro")}</p>

      {candidates.length === 0 ? <p>{t("outreach:ask.noNeeds")}</p> : null}
      {candidates.length ? (
        <Form method="post" className="space-y-4">
          <input type="hidden" name="intent" value="request" />
          <fieldset className="space-y-3" aria-describedby={errors.needId ? "need-error" : undefined}>
            <legend className="font-semibold">{t("outreach:ask.chooseNeed")}</legend>
            {candidates.map((c) => {
              const fits = c.refusals.length === 0;
              return (
                <div key={c.id} className="card space-y-2">
                  <p>
                    <input
                      type="radio"
                      id={`need-${c.id}`}
                      name="needId"
                      value={c.id}
                      disabled={!fits}
                      defaultChecked={fits && fitting.length === 1}
                      aria-describedby={`need-${c.id}-fit`}
                    />{" "}
                    <label htmlFor={`need-${c.id}`} className="font-semibold" lang={c.contentLanguage}>
                      {c.title}
                    </label>
                  </p>
                  <FitVerdict
                    id={`need-${c.id}-fit`}
                    title={c.title}
                    reasons={c.reasons}
                    topicLabels={topicLabels}
                    refusals={c.refusals}
                    refusalKeys="askRefusals"
                  />
                </div>
              );
            })}
          </fieldset>
          <FieldErrors id="need-error" errors={errors.needId} />
          {fitting.length ? (
            <>
              <p className="text-sm text-[var(--color-muted)]">{t("outreach:ask.reviewHint")}</p>
              <button type="submit" className="btn">
                {t("outreach:ask.submit")}
              </button>
            </>
          ) : null}
        </Form>
      ) : null}

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
    </section>
  );
}
