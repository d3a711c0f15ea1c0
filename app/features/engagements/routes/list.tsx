// /engagements — the viewer's engagements (both sides), or every engagement for the secretariat, with
// filters the insight dashboard links to (status, stalled, outcome, country, category, expert).
import { FilterSelect } from "~/components/filter-select";
import { useReaderZone } from "~/root";
import { useTranslation } from "~/i18n/use-translation";
import { Form, Link } from "react-router";
import { isSecretariat } from "~/features/auth/policy";
import { requireUser } from "~/features/auth/index.server";
import { StatusBadge } from "~/components/action-ui";
import { Pagination } from "~/components/pagination";
import { pageCount, pageParam } from "~/utils/pagination";
import type { EngagementOutcome, EngagementStatus } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/config";
import { countryCodeFromName } from "~/i18n/countries";
import { countryName, formatDate } from "~/i18n/format";
import { countries } from "~/features/taxonomy/reference-data";
import type { Prisma } from "~/utils/db.server";
import { db } from "~/utils/db.server";
import { engagementOutcomes } from "../constants";
import type { Route } from "./+types/list";

const countryCodes = countries.map((c) => c.code);

const PAGE_SIZE = 20;
const code = (v: string | null, re: RegExp) => (v && re.test(v) ? v : undefined);

export async function loader({ request }: Route.LoaderArgs) {
  const { viewer } = await requireUser(request);
  const url = new URL(request.url);
  const page = pageParam(url);
  const secretariat = isSecretariat(viewer);
  const own = viewer.memberships.map((m) => m.organisationId);
  const status = code(url.searchParams.get("status"), /^(active|closed)$/) as EngagementStatus | undefined;
  const outcome = code(url.searchParams.get("outcome"), /^[a-z_]+$/) as EngagementOutcome | undefined;
  const filters = {
    status,
    outcome: outcome && engagementOutcomes.includes(outcome) ? outcome : undefined,
    stalled: url.searchParams.get("stalled") === "1",
    /** Engagements with a request to close waiting for an answer (issue 21). */
    closing: url.searchParams.get("closing") === "1",
    // an ISO code or a country's name in the reader's language
    country: countryCodeFromName(url.searchParams.get("country")?.slice(0, 80) ?? "", countryCodes),
    category: code(url.searchParams.get("category"), /^[a-z_]{1,40}$/),
    expert: secretariat ? code(url.searchParams.get("expert"), /^[A-Za-z0-9_-]{1,64}$/) : undefined,
  };
  const where: Prisma.EngagementWhereInput = {
    ...(secretariat
      ? {}
      : { OR: [{ expertOrganisationId: { in: own } }, { coalitionOrganisationId: { in: own } }] }),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.outcome ? { outcome: filters.outcome } : {}),
    ...(filters.stalled ? { stalledAt: { not: null }, status: "active" } : {}),
    ...(filters.closing ? { closeRequests: { some: { status: "pending" } } } : {}),
    ...(filters.expert ? { expertOrganisationId: filters.expert } : {}),
    ...(filters.country || filters.category
      ? {
          need: {
            ...(filters.country ? { countryCode: filters.country } : {}),
            ...(filters.category ? { categoryId: filters.category } : {}),
          },
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db().engagement.count({ where }),
    db().engagement.findMany({
      where,
      orderBy: [{ status: "asc" }, { lastActivityAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        status: true,
        outcome: true,
        startedAt: true,
        lastActivityAt: true,
        stalledAt: true,
        closeRequests: { where: { status: "pending" }, select: { id: true }, take: 1 },
        expertOrganisationId: true,
        coalitionOrganisationId: true,
        need: { select: { title: true, countryCode: true } },
        expertOrganisation: { select: { name: true } },
        coalitionOrganisation: { select: { name: true } },
      },
    }),
  ]);
  // Closed engagements where the viewer's own side has not given its feedback yet (one batched query).
  const closedIds = rows.filter((r) => r.status === "closed").map((r) => r.id);
  const given = closedIds.length
    ? await db().engagementFeedback.findMany({
        where: { engagementId: { in: closedIds }, organisationId: { in: own } },
        select: { engagementId: true },
      })
    : [];
  const givenIds = new Set(given.map((g) => g.engagementId));
  const ownSide = new Set(own);
  const feedbackAwaited = rows
    .filter(
      (r) =>
        r.status === "closed" &&
        (ownSide.has(r.expertOrganisationId) || ownSide.has(r.coalitionOrganisationId)) &&
        !givenIds.has(r.id),
    )
    .map((r) => r.id);
  return {
    rows,
    total,
    page,
    pages: pageCount(total, PAGE_SIZE),
    filters,
    secretariat,
    feedbackAwaited,
  };
}

export default function Engagements({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  const { rows, filters } = loaderData;
  return (
    <section aria-labelledby="engagements-title" className="space-y-4">
      <h1 id="engagements-title">{t("engagements:list.title")}</h1>
      <Form
        method="get"
        className="flex flex-wrap items-end gap-3"
        aria-label={t("engagements:list.filters")}
      >
        <div>
          <label htmlFor="f-status" className="block">
            {t("engagements:list.status")}
          </label>
          <select id="f-status" name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("engagements:list.any")}</option>
            <option value="active">{t("engagements:status.active")}</option>
            <option value="closed">{t("engagements:status.closed")}</option>
          </select>
        </div>
        <FilterSelect
          id="f-outcome"
          name="outcome"
          label={t("engagements:list.outcome")}
          defaultValue={filters.outcome}
          any={t("engagements:list.any")}
          options={engagementOutcomes.map((o) => ({ value: o, label: t(`engagements:outcome.${o}`) }))}
        />
        <div>
          <input type="checkbox" id="f-stalled" name="stalled" value="1" defaultChecked={filters.stalled} />{" "}
          <label htmlFor="f-stalled">{t("engagements:list.stalledOnly")}</label>
        </div>
        <div>
          <input type="checkbox" id="f-closing" name="closing" value="1" defaultChecked={filters.closing} />{" "}
          <label htmlFor="f-closing">{t("engagements:list.closingOnly")}</label>
        </div>
        {filters.country ? <input type="hidden" name="country" value={filters.country} /> : null}
        {filters.category ? <input type="hidden" name="category" value={filters.category} /> : null}
        {filters.expert ? <input type="hidden" name="expert" value={filters.expert} /> : null}
        <button type="submit" className="btn btn-secondary">
          {t("common:actions.filter")}
        </button>
      </Form>
      {rows.length === 0 ? <p>{t("engagements:list.empty")}</p> : null}
      <table className="stack-table min-w-full text-sm">
        <caption className="sr-only">{t("engagements:list.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("engagements:list.need")}</th>
            <th scope="col">{t("engagements:list.coalition")}</th>
            <th scope="col">{t("engagements:list.expert")}</th>
            <th scope="col">{t("engagements:list.status")}</th>
            <th scope="col">{t("engagements:list.lastActivity")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.id} className="border-t border-stone-200">
              <td data-label={t("engagements:list.need")}>
                <Link to={`/engagements/${e.id}`}>{e.need.title}</Link>{" "}
                <span className="text-xs">({countryName(e.need.countryCode, locale)})</span>
              </td>
              <td data-label={t("engagements:list.coalition")}>{e.coalitionOrganisation.name}</td>
              <td data-label={t("engagements:list.expert")}>{e.expertOrganisation.name}</td>
              <td data-label={t("engagements:list.status")}>
                <StatusBadge ns="engagements" status={e.status} />
                {e.stalledAt && e.status === "active" ? (
                  <span className="badge ml-1">{t("engagements:stalled")}</span>
                ) : null}
                {e.closeRequests.length > 0 ? (
                  <span className="badge ml-1" data-testid="closing-requested">
                    {t("engagements:list.closing")}
                  </span>
                ) : null}
                {e.outcome ? <span className="ml-1">{t(`engagements:outcome.${e.outcome}`)}</span> : null}
                {loaderData.feedbackAwaited.includes(e.id) ? (
                  <Link to={`/engagements/${e.id}#feedback-title`} className="badge ml-1">
                    {t("engagements:list.feedbackAwaited")}
                  </Link>
                ) : null}
              </td>
              <td data-label={t("engagements:list.lastActivity")}>
                {formatDate(e.lastActivityAt, locale, "medium", zone)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        page={loaderData.page}
        pages={loaderData.pages}
        total={loaderData.total}
        pageSize={PAGE_SIZE}
      />
    </section>
  );
}
