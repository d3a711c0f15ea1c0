// /proposals — the expert organisation's proposals (and a coalition's, on its peer offers) (after the secretariat's approval), newest first.
// Staged disclosure: before acceptance only the summary and the coalition's country (and its name
// unless the need is anonymised).
import { useReaderZone } from "~/root";
import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { needAccess, offerPublisherKinds, presentNeed } from "~/features/auth/policy";
import { requireMember } from "~/features/auth/index.server";
import type { Locale } from "~/i18n/config";
import { countryArgs } from "~/i18n/countries";
import { countryName, formatDateTime } from "~/i18n/format";
import { db } from "~/utils/db.server";
import { StatusBadge } from "~/components/action-ui";
import { Pagination } from "~/components/pagination";
import { pageCount, pageParam } from "~/utils/pagination";
import { PROPOSALS_PAGE_SIZE } from "../constants";
import { expertProposalsWhere } from "../services/queries.server";
import { replyByOf } from "../services/proposal-steps.server";
import type { Route } from "./+types/proposals";

export async function loader({ request }: Route.LoaderArgs) {
  const { viewer } = await requireMember(request, { kind: offerPublisherKinds });
  const page = pageParam(new URL(request.url));
  const where = expertProposalsWhere(viewer);
  const [total, rows] = await Promise.all([
    db().proposal.count({ where }),
    db().proposal.findMany({
      where,
      orderBy: [{ reviewedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * PROPOSALS_PAGE_SIZE,
      take: PROPOSALS_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        reviewedAt: true,
        expiresAt: true,
        offer: { select: { title: true } },
        need: {
          select: {
            id: true,
            title: true,
            summary: true,
            countryCode: true,
            categoryId: true,
            urgency: true,
            organisationId: true,
            status: true,
            visibility: true,
            anonymised: true,
            organisation: { select: { name: true } },
          },
        },
      },
    }),
  ]);
  const proposals = rows.map((p) => {
    const access = needAccess(viewer, p.need, {
      proposalStatuses: [p.status],
      engaged: p.status === "confirmed",
    });
    const need = access.level === "none" ? null : presentNeed(p.need, access);
    return {
      id: p.id,
      status: p.status,
      reviewedAt: p.reviewedAt,
      expiresAt: replyByOf(p),
      offerTitle: p.offer.title,
      need: need && {
        title: need.title,
        summary: need.summary,
        countryCode: need.countryCode,
        categoryId: need.categoryId,
        urgency: need.urgency,
        coalitionName: need.coalitionName,
      },
    };
  });
  return { proposals, total, page, pages: pageCount(total, PROPOSALS_PAGE_SIZE) };
}

export default function Proposals({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t, i18n } = useTranslation();
  const locale = i18n.language as Locale;
  return (
    <section aria-labelledby="proposals-title" className="space-y-4">
      <h1 id="proposals-title">{t("review:proposals.title")}</h1>
      <p className="text-[var(--color-muted)]">{t("review:proposals.intro")}</p>
      {loaderData.proposals.length === 0 ? <p>{t("review:proposals.empty")}</p> : null}
      <ul className="space-y-3">
        {loaderData.proposals.map((p) => (
          <li key={p.id} className="card">
            <h2 className="text-lg">
              <Link to={`/proposals/${p.id}`}>{p.need?.title ?? t("review:proposals.unavailable")}</Link>
            </h2>
            <p className="flex flex-wrap gap-2 text-sm">
              <StatusBadge ns="review" status={p.status} />
              {p.need ? (
                <>
                  <span>
                    {p.need.coalitionName ??
                      t("review:proposals.aCoalitionIn", countryArgs(p.need.countryCode, locale))}
                  </span>
                  <span>· {countryName(p.need.countryCode, locale)}</span>
                  <span>· {t(`review:urgency.${p.need.urgency}`)}</span>
                </>
              ) : null}
              <span>· {p.offerTitle}</span>
              {p.status === "approved" && p.expiresAt ? (
                <span>
                  · {t("review:proposals.respondBy", { date: formatDateTime(p.expiresAt, locale, zone) })}
                </span>
              ) : null}
            </p>
            {p.need ? <p>{p.need.summary}</p> : null}
          </li>
        ))}
      </ul>
      <Pagination
        page={loaderData.page}
        pages={loaderData.pages}
        total={loaderData.total}
        pageSize={PROPOSALS_PAGE_SIZE}
      />
    </section>
  );
}
