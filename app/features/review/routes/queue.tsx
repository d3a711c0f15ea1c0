// /secretariat/review — proposals waiting for review, grouped by need (most urgent first, then oldest),
// candidates side by side with their score breakdown, offer load and history. Approve, reject with a
// reason, bulk-approve the clear cases, or propose an expert by hand (offer search). No JavaScript needed.
import { ErrorList } from "~/components/form-fields";
import { useReaderZone } from "~/root";
import { parseWithZod } from "@conform-to/zod/v4";
import { useTranslation } from "~/i18n/use-translation";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { readForm } from "~/utils/forms.server";
import { clientIp } from "~/utils/request.server";
import { requireSecretariat } from "~/features/auth/index.server";
import { countryName, formatDate, formatNumber } from "~/i18n/format";
import type { Locale } from "~/i18n/config";
import { db } from "~/utils/db.server";
import { ActionMessage, DoneNotice, StatusBadge } from "~/components/action-ui";
import { reviewActionSchema } from "../schemas";
import { AppError } from "~/utils/lifecycle";
import { refusalResponse } from "~/utils/lifecycle/respond.server";
import { REVIEW_PAGE_SIZE } from "../constants";
import { PeerOfferNote } from "~/features/outreach";
import { exclusionsOfCoalitions } from "~/features/outreach/index.server";
import { parseQueueFilters, queueFilterChoices } from "../constants";
import { loadReviewQueue, queuedCountries, searchOffersForNeed } from "../services/queries.server";
import { approveProposal, proposeManually, rejectProposal } from "../services/secretariat.server";
import type { Route } from "./+types/queue";
import { Pagination } from "~/components/pagination";
import { pageCount, pageParam } from "~/utils/pagination";

export async function loader({ request }: Route.LoaderArgs) {
  await requireSecretariat(request);
  const url = new URL(request.url);
  const page = pageParam(url);
  const needId = url.searchParams.get("need")?.slice(0, 64) || null;
  const proposeFor = url.searchParams.get("proposeFor")?.slice(0, 64) || null;
  const q = (url.searchParams.get("q") ?? "").trim().slice(0, 100);
  const filters = parseQueueFilters(url);
  const [queue, offers, countries] = await Promise.all([
    loadReviewQueue(db(), { page, needId, ...filters }),
    proposeFor ? searchOffersForNeed(db(), proposeFor, q) : Promise.resolve(null),
    queuedCountries(db()),
  ]);
  // Conflict checks are the secretariat's (an anonymised need hides the coalition from the expert): each
  // coalition's exclusions beside its proposals, names only (the reasons stay the coalition's).
  const exclusions = await exclusionsOfCoalitions(db(), [
    ...new Set(queue.groups.map((g) => g.need.organisationId)),
  ]);
  return {
    ...queue,
    groups: queue.groups.map((g) => ({ ...g, exclusions: exclusions.get(g.need.organisationId) ?? [] })),
    page,
    pages: pageCount(queue.total, REVIEW_PAGE_SIZE),
    needId,
    proposeFor,
    q,
    offers,
    filters,
    countries,
    filtered: Object.values(filters).some(Boolean),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const { viewer } = await requireSecretariat(request);
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: reviewActionSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const actor = { viewer, ip: clientIp(context) };
  const value = submission.value;
  const back = new URL(request.url);
  try {
    switch (value.intent) {
      case "approve":
        await db().$transaction((tx) => approveProposal(tx, actor, value.proposalId));
        back.searchParams.set("done", "approved");
        break;
      case "reject":
        await db().$transaction((tx) => rejectProposal(tx, actor, value.proposalId, value.reason));
        back.searchParams.set("done", "rejected");
        break;
      case "bulk_approve": {
        // Each proposal on its own: one refused (already reviewed, need closed) does not undo the others.
        let refused = 0;
        for (const id of value.proposalIds) {
          try {
            await db().$transaction((tx) => approveProposal(tx, actor, id));
          } catch (error) {
            if (!(error instanceof AppError) || error.code === "forbidden") throw error;
            refused++;
          }
        }
        if (refused === value.proposalIds.length) throw new AppError("wrongState", "proposal", null);
        back.searchParams.set("done", refused ? "bulk_partly" : "bulk_approved");
        break;
      }
      case "propose":
        await db().$transaction((tx) =>
          proposeManually(tx, actor, {
            needId: value.needId,
            offerId: value.offerId,
            approve: value.approve,
          }),
        );
        back.searchParams.delete("proposeFor");
        back.searchParams.delete("q");
        back.searchParams.set("need", value.needId);
        back.searchParams.set("done", value.approve ? "proposed_approved" : "proposed");
        break;
    }
  } catch (error) {
    return refusalResponse(error);
  }
  return redirect(back.pathname + back.search);
}

export default function ReviewQueue({ loaderData, actionData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const busy = useNavigation().state === "submitting";
  const result = (actionData as { result?: { error?: Record<string, string[] | null> } } | undefined)?.result;
  const d = loaderData;
  return (
    <section aria-labelledby="review-title" className="space-y-6">
      <h1 id="review-title">{t("review:queue.title")}</h1>
      <p className="text-[var(--color-muted)]">{t("review:queue.intro")}</p>
      <DoneNotice ns="review" />
      <ActionMessage data={actionData} />
      <ErrorList
        id="form-errors"
        errors={result?.error?.[""] ?? result?.error?.proposalIds ?? result?.error?.reason}
      />
      <QueueFilters filters={d.filters} countries={d.countries} locale={locale} total={d.total} />
      {d.needId || d.filtered ? (
        <p>
          <Link to="/secretariat/review">{t("review:queue.showAll")}</Link>
        </p>
      ) : null}
      {d.groups.length === 0 ? <p>{t("review:queue.empty")}</p> : null}
      {d.groups.map((g) => {
        const waiting = g.candidates.filter((c) => c.status === "proposed");
        const bulkId = `bulk-${g.need.id}`;
        return (
          <article key={g.need.id} className="card space-y-3" aria-labelledby={`need-${g.need.id}`}>
            <header className="space-y-1">
              <h2 id={`need-${g.need.id}`} className="text-lg">
                {g.need.title}
              </h2>
              <p className="flex flex-wrap gap-2 text-sm">
                <span className="badge">{t(`review:urgency.${g.need.urgency}`)}</span>
                <span>{countryName(g.need.countryCode, locale)}</span>
                <span>
                  · {t(`review:category.${g.need.categoryId}`, { defaultValue: g.need.categoryId })}
                </span>
                <span>· {g.need.coalitionName}</span>
                {g.need.wantedBy ? (
                  <span>· {t("review:queue.wantedBy", { date: formatDate(g.need.wantedBy, locale) })}</span>
                ) : null}
                <span>· {t("review:queue.expertsWanted", { count: g.need.expertsWanted })}</span>
                <span>
                  ·{" "}
                  {t("review:queue.waitingSince", {
                    date: formatDate(g.waitingSince, locale, "medium", zone),
                  })}
                </span>
              </p>
              <p>{g.need.summary}</p>
              {g.exclusions.length ? (
                <p className="text-sm">
                  {t("outreach:exclusions.inReview", { names: g.exclusions.map((e) => e.name).join(", ") })}
                </p>
              ) : null}
            </header>
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm">
                <caption className="sr-only">
                  {t("review:queue.candidatesCaption", { title: g.need.title })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t("review:queue.select")}</th>
                    <th scope="col">{t("review:queue.expert")}</th>
                    <th scope="col">{t("review:queue.score")}</th>
                    <th scope="col">{t("review:queue.breakdown")}</th>
                    <th scope="col">{t("review:queue.load")}</th>
                    <th scope="col">{t("review:queue.history")}</th>
                    <th scope="col">{t("review:queue.status")}</th>
                    <th scope="col">{t("review:queue.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.candidates.map((c) => (
                    <tr key={c.id} className="align-top border-t border-stone-200">
                      <td>
                        {c.status === "proposed" ? (
                          <input
                            type="checkbox"
                            name="proposalIds"
                            value={c.id}
                            form={bulkId}
                            id={`select-${c.id}`}
                            aria-label={t("review:queue.selectCandidate", { name: c.expert.name })}
                          />
                        ) : null}
                      </td>
                      <td>
                        <strong>{c.expert.name}</strong>
                        <div>{c.offer.title}</div>
                        <div className="text-xs">
                          {t(`review:vetting.${c.expert.vettingLevel}`)} · {t(`review:source.${c.source}`)}
                          <PeerOfferNote peer={c.expert.kind === "COALITION"} kinds={c.offer.peerKinds} />
                          {g.exclusions.some((e) => e.id === c.expert.id) ? (
                            <strong className="block text-red-800">
                              ⚠ {t("outreach:exclusions.excludedCandidate")}
                            </strong>
                          ) : null}
                          {c.breakdown.manual ? ` · ${t("review:queue.manual")}` : ""}
                        </div>
                      </td>
                      <td>{formatNumber(c.breakdown.score, locale, { maximumFractionDigits: 1 })}</td>
                      <td>
                        <dl className="grid grid-cols-[auto_auto] gap-x-2">
                          {c.breakdown.factors.map((f) => (
                            <div key={f.key} className="contents">
                              <dt>{t(`review:factor.${f.key}`, { defaultValue: f.key })}</dt>
                              <dd>
                                {formatNumber(f.contribution, locale, { maximumFractionDigits: 1 })} (
                                {formatNumber(f.value, locale, { maximumFractionDigits: 2 })})
                              </dd>
                            </div>
                          ))}
                          <dt>{t("review:factor.fairness")}</dt>
                          <dd>
                            −{formatNumber(c.breakdown.fairnessPenalty, locale, { maximumFractionDigits: 1 })}
                          </dd>
                        </dl>
                        {c.breakdown.warnings.length ? (
                          <p className="text-xs text-red-800">
                            {t("review:queue.warnings", { codes: c.breakdown.warnings.join(", ") })}
                          </p>
                        ) : null}
                      </td>
                      <td>
                        {t("review:queue.loadValue", {
                          engagements: c.load.activeEngagements,
                          slots: c.load.slots,
                          proposals: c.load.liveProposals,
                        })}
                      </td>
                      <td>
                        {c.history.closed
                          ? t("review:queue.historyValue", {
                              closed: c.history.closed,
                              achieved: c.history.achieved,
                              partly: c.history.partly,
                              notAchieved: c.history.notAchieved,
                            })
                          : t("review:queue.noHistory")}
                        {c.history.ratingAvg !== null ? (
                          <div>
                            {t("review:queue.rating", {
                              avg: formatNumber(c.history.ratingAvg, locale),
                              count: c.history.ratingCount,
                            })}
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <StatusBadge ns="review" status={c.status} />
                        {c.reason ? <div className="text-xs">{c.reason}</div> : null}
                      </td>
                      <td className="space-y-2">
                        {c.status === "proposed" ? (
                          <>
                            <Form method="post">
                              <input type="hidden" name="intent" value="approve" />
                              <input type="hidden" name="proposalId" value={c.id} />
                              <button
                                type="submit"
                                className="btn"
                                disabled={busy}
                                aria-label={t("review:queue.approveCandidate", { name: c.expert.name })}
                              >
                                {t("review:actions.approve")}
                              </button>
                            </Form>
                            <Form method="post" className="space-y-1">
                              <input type="hidden" name="intent" value="reject" />
                              <input type="hidden" name="proposalId" value={c.id} />
                              <label htmlFor={`reason-${c.id}`} className="block text-xs">
                                {t("review:queue.rejectReason")}
                              </label>
                              <input id={`reason-${c.id}`} name="reason" required maxLength={2000} />
                              <button
                                type="submit"
                                className="btn btn-secondary"
                                disabled={busy}
                                aria-label={t("review:queue.rejectCandidate", { name: c.expert.name })}
                              >
                                {t("review:actions.reject")}
                              </button>
                            </Form>
                          </>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="flex flex-wrap items-end gap-4">
              {waiting.length > 1 ? (
                <Form method="post" id={bulkId}>
                  <input type="hidden" name="intent" value="bulk_approve" />
                  <button type="submit" className="btn" disabled={busy}>
                    {t("review:actions.bulkApprove")}
                  </button>
                </Form>
              ) : null}
              <Link
                to={`?proposeFor=${g.need.id}${d.needId ? `&need=${d.needId}` : ""}#propose-${g.need.id}`}
              >
                {t("review:queue.proposeByHand")}
              </Link>
            </div>
            {d.proposeFor === g.need.id ? (
              <ManualProposal needId={g.need.id} q={d.q} offers={d.offers ?? []} busy={busy} />
            ) : null}
          </article>
        );
      })}
      {d.proposeFor && !d.groups.some((g) => g.need.id === d.proposeFor) ? (
        <article className="card">
          <ManualProposal needId={d.proposeFor} q={d.q} offers={d.offers ?? []} busy={busy} />
        </article>
      ) : null}
      <Pagination page={d.page} pages={d.pages} total={d.total} pageSize={REVIEW_PAGE_SIZE} />
    </section>
  );
}

function ManualProposal({
  needId,
  q,
  offers,
  busy,
}: {
  needId: string;
  q: string;
  offers: Array<{ id: string; title: string; organisation: { name: string } }>;
  busy: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div id={`propose-${needId}`} className="space-y-3 border-t border-stone-200 pt-3">
      <h3>{t("review:manual.title")}</h3>
      <Form method="get" className="flex items-end gap-2" role="search">
        <input type="hidden" name="proposeFor" value={needId} />
        <div>
          <label htmlFor={`offer-q-${needId}`} className="block">
            {t("review:manual.search")}
          </label>
          <input id={`offer-q-${needId}`} name="q" type="search" defaultValue={q} maxLength={100} />
        </div>
        <button type="submit" className="btn btn-secondary">
          {t("common:actions.search")}
        </button>
      </Form>
      {offers.length === 0 ? <p>{t("review:manual.noOffers")}</p> : null}
      {offers.length ? (
        <Form method="post" className="space-y-2">
          <input type="hidden" name="intent" value="propose" />
          <input type="hidden" name="needId" value={needId} />
          <fieldset>
            <legend>{t("review:manual.offer")}</legend>
            {offers.map((o) => (
              <div key={o.id}>
                <input type="radio" name="offerId" value={o.id} id={`offer-${needId}-${o.id}`} required />{" "}
                <label htmlFor={`offer-${needId}-${o.id}`}>
                  {o.title} — {o.organisation.name}
                </label>
              </div>
            ))}
          </fieldset>
          <div>
            <input type="checkbox" name="approve" id={`approve-${needId}`} defaultChecked />{" "}
            <label htmlFor={`approve-${needId}`}>{t("review:manual.approveNow")}</label>
          </div>
          <button type="submit" className="btn" disabled={busy}>
            {t("review:actions.propose")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}

/** Search and filters (issue 21): a GET form, so a filtered queue is a link and works without JavaScript. */
function QueueFilters({
  filters,
  countries,
  locale,
  total,
}: {
  filters: ReturnType<typeof parseQueueFilters>;
  countries: string[];
  locale: Locale;
  total: number;
}) {
  const { t } = useTranslation();
  const open = Object.values(filters).some(Boolean);
  return (
    <details className="card" open={open || undefined}>
      <summary className="cursor-pointer font-semibold">{t("home:reviewQueue.filters")}</summary>
      <Form method="get" className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <div className="sm:col-span-2 lg:col-span-3">
          <label htmlFor="rq-search" className="block text-sm">
            {t("home:reviewQueue.search")}
          </label>
          <input
            id="rq-search"
            name="search"
            type="search"
            defaultValue={filters.search ?? ""}
            maxLength={100}
            className="w-full"
            aria-describedby="rq-search-hint"
          />
          <p id="rq-search-hint" className="text-xs text-[var(--color-muted)]">
            {t("home:reviewQueue.searchHint")}
          </p>
        </div>
        <div>
          <label htmlFor="rq-urgency" className="block text-sm">
            {t("home:reviewQueue.urgency")}
          </label>
          <select id="rq-urgency" name="urgency" defaultValue={filters.urgency ?? ""} className="w-full">
            <option value="">{t("home:reviewQueue.any")}</option>
            {queueFilterChoices.urgency.map((u) => (
              <option key={u} value={u}>
                {t(`review:urgency.${u}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rq-category" className="block text-sm">
            {t("home:reviewQueue.category")}
          </label>
          <select id="rq-category" name="category" defaultValue={filters.category ?? ""} className="w-full">
            <option value="">{t("home:reviewQueue.any")}</option>
            {queueFilterChoices.category.map((c) => (
              <option key={c} value={c}>
                {t(`review:category.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rq-country" className="block text-sm">
            {t("home:reviewQueue.country")}
          </label>
          <select id="rq-country" name="country" defaultValue={filters.country ?? ""} className="w-full">
            <option value="">{t("home:reviewQueue.any")}</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c, locale)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="rq-source" className="block text-sm">
            {t("home:reviewQueue.source")}
          </label>
          <select id="rq-source" name="source" defaultValue={filters.source ?? ""} className="w-full">
            <option value="">{t("home:reviewQueue.any")}</option>
            {queueFilterChoices.source.map((c) => (
              <option key={c} value={c}>
                {t(`review:source.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-2 self-end">
          <input id="rq-overdue" name="overdue" type="checkbox" value="1" defaultChecked={filters.overdue} />
          <label htmlFor="rq-overdue">{t("home:reviewQueue.overdue")}</label>
        </div>
        <div className="flex flex-wrap items-end gap-3 sm:col-span-2 lg:col-span-3">
          <button type="submit" className="btn">
            {t("home:reviewQueue.apply")}
          </button>
          <span role="status">{t("home:reviewQueue.results", { count: total })}</span>
        </div>
      </Form>
    </details>
  );
}
