// /needs/:id/experts — the coalition sees the experts who accepted its need and confirms one (or as many
// as the need wants), which starts an engagement, or declines with a reason. The secretariat may look.
import { ErrorList } from "~/components/form-fields";
import { useReaderZone } from "~/root";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useSearchParams } from "react-router";
import { isSecretariat, needAccess } from "~/features/auth/policy";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { MatchReasonList, storedReasons } from "~/features/matching";
import { reasonTopicLabels } from "~/features/matching/index.server";
import { getLocale } from "~/i18n/i18n.server";
import type { Locale } from "~/i18n/config";
import { formatDate } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { ActionMessage, DoneNotice, StatusBadge, fieldErrorsOf } from "~/components/action-ui";
import { coalitionDecisionSchema } from "../schemas";
import { refusalResponse } from "~/utils/lifecycle/respond.server";
import { confirmExpert, declineExpertAsCoalition } from "../services/coalition.server";
import { CONFIRM_PARAM, ConfirmLink, ConfirmPanel } from "~/components/confirm-step";
import type { Route } from "./+types/need-experts";

async function loadNeed(request: Request, needId: string) {
  const ctx = await requireUser(request);
  const need = await db().need.findUnique({
    where: { id: needId },
    select: {
      id: true,
      title: true,
      status: true,
      organisationId: true,
      expertsWanted: true,
      visibility: true,
      anonymised: true,
    },
  });
  // The policy decides, as on the need page: a draft is its coalition's alone (the secretariat included gets
  // a 404, never its title); besides the owner, only the secretariat may look at the experts who accepted.
  const access = need ? needAccess(ctx.viewer, need) : undefined;
  if (!need || !access || !(access.owner || (access.level === "full" && isSecretariat(ctx.viewer)))) {
    throw notFound();
  }
  return { ctx, need, owner: access.owner };
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { ctx, need, owner } = await loadNeed(request, params.id);
  const rows = await db().proposal.findMany({
    where: { needId: need.id, status: { in: ["accepted", "confirmed", "declined_by_coalition"] } },
    orderBy: [{ respondedAt: "asc" }, { id: "asc" }],
    take: 50,
    select: {
      id: true,
      status: true,
      respondedAt: true,
      coalitionDeclineReason: true,
      breakdown: true,
      engagement: { select: { id: true } },
      offer: {
        select: { title: true, description: true, terms: true, format: true, responseTimeDays: true },
      },
      expertOrganisation: {
        select: { name: true, description: true, website: true, vettingLevel: true, kind: true },
      },
    },
  });
  // Why each expert was proposed, in bands drawn from the need and the offer's published fields only: the
  // breakdown (numbers, the expert organisation's load and track record) stays on the server.
  const proposals = rows.map(({ breakdown, ...p }) => ({
    ...p,
    reasons: storedReasons(breakdown, "coalition"),
  }));
  const topicLabels = await reasonTopicLabels(
    proposals.map((p) => p.reasons),
    getLocale(request, ctx.user.locale),
  );
  const confirmed = proposals.filter((p) => p.status === "confirmed").length;
  return { need, owner, proposals, confirmed, topicLabels };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const { ctx, need, owner } = await loadNeed(request, params.id);
  if (!owner) throw notFound();
  const submission = parseWithZod(await readForm(request), { schema: coalitionDecisionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const value = submission.value;
  const proposal = await db().proposal.findUnique({
    where: { id: value.proposalId },
    select: { needId: true },
  });
  if (proposal?.needId !== need.id) throw notFound();
  const actor = { viewer: ctx.viewer, ip: clientIp(context) };
  try {
    if (value.intent === "confirm") {
      const result = await db().$transaction((tx) => confirmExpert(tx, actor, value.proposalId));
      return redirect(`/engagements/${result.engagementId}?done=started`);
    }
    await db().$transaction((tx) => declineExpertAsCoalition(tx, actor, value.proposalId, value.reason));
  } catch (error) {
    return refusalResponse(error);
  }
  return redirect(`/needs/${need.id}/experts?done=declined_by_coalition`);
}

export default function NeedExperts({ loaderData, actionData }: Route.ComponentProps) {
  const [search] = useSearchParams();
  const confirming = search.get(CONFIRM_PARAM);
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { need, owner, proposals, confirmed, topicLabels } = loaderData;
  const errors = fieldErrorsOf(actionData);
  return (
    <section aria-labelledby="experts-title" className="space-y-4">
      <p>
        <Link to={`/needs/${need.id}`}>{t("review:experts.backToNeed")}</Link>
      </p>
      <h1 id="experts-title">{t("review:experts.title", { title: need.title })}</h1>
      <p>{t("review:experts.intro", { count: need.expertsWanted, confirmed })}</p>
      <DoneNotice ns="review" />
      <ActionMessage data={actionData} />
      {proposals.length === 0 ? <p>{t("review:experts.empty")}</p> : null}
      <ul className="space-y-4">
        {proposals.map((p) => (
          <li key={p.id} className="card space-y-2">
            <h2 className="text-lg">{p.expertOrganisation.name}</h2>
            <p className="flex flex-wrap gap-2 text-sm">
              <StatusBadge ns="review" status={p.status} />
              <span>{t(`review:vetting.${p.expertOrganisation.vettingLevel}`)}</span>
              {p.expertOrganisation.kind === "COALITION" ? <span>· {t("outreach:peerOffer")}</span> : null}
              {p.respondedAt ? (
                <span>
                  ·{" "}
                  {t("review:experts.acceptedOn", {
                    date: formatDate(p.respondedAt, locale, "medium", zone),
                  })}
                </span>
              ) : null}
            </p>
            <p>
              <strong>{p.offer.title}</strong> — {t(`review:terms.${p.offer.terms}`)}
            </p>
            <MatchReasonList
              reasons={p.reasons}
              topicLabels={topicLabels}
              label={t("review:experts.reasonsFor", { name: p.expertOrganisation.name })}
            />
            <p className="whitespace-pre-wrap">{p.offer.description}</p>
            {p.expertOrganisation.description ? <p>{p.expertOrganisation.description}</p> : null}
            {p.coalitionDeclineReason ? (
              <p>{t("review:experts.declinedBecause", { reason: p.coalitionDeclineReason })}</p>
            ) : null}
            {p.engagement ? (
              <Link to={`/engagements/${p.engagement.id}`}>{t("review:proposal.openEngagement")}</Link>
            ) : null}
            {owner && p.status === "accepted" && need.status === "matching" ? (
              <div className="flex flex-wrap items-end gap-6">
                <Form method="post">
                  <input type="hidden" name="intent" value="confirm" />
                  <input type="hidden" name="proposalId" value={p.id} />
                  <button
                    type="submit"
                    className="btn"
                    aria-label={t("review:experts.confirmExpert", { name: p.expertOrganisation.name })}
                  >
                    {t("review:actions.confirm")}
                  </button>
                </Form>
                {confirming === `decline-${p.id}` ? (
                  <ConfirmPanel
                    action={`decline-${p.id}`}
                    title={t("home:confirm.declineExpert.title", { name: p.expertOrganisation.name })}
                    warning={t("home:confirm.declineExpert.warning", { name: p.expertOrganisation.name })}
                    cancelLabel={t("home:confirm.cancel")}
                  >
                    <Form method="post" className="space-y-1">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="proposalId" value={p.id} />
                      <label htmlFor={`decline-${p.id}`} className="block">
                        {t("review:experts.declineReason")}
                      </label>
                      <input
                        id={`decline-${p.id}`}
                        name="reason"
                        required
                        maxLength={2000}
                        aria-invalid={errors.reason ? true : undefined}
                        aria-describedby={errors.reason ? `decline-${p.id}-error` : undefined}
                      />
                      <ErrorList id={`decline-${p.id}-error`} errors={errors.reason} />
                      <button
                        type="submit"
                        className="btn btn-secondary"
                        aria-label={t("review:experts.declineExpert", { name: p.expertOrganisation.name })}
                      >
                        {t("review:actions.decline")}
                      </button>
                    </Form>
                  </ConfirmPanel>
                ) : (
                  <ConfirmLink action={`decline-${p.id}`} className="btn btn-secondary">
                    {t("home:confirm.declineExpert.link", { name: p.expertOrganisation.name })}
                  </ConfirmLink>
                )}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
