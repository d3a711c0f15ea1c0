// /offers (the board) and /offers/mine (the organisation's own offers). Filters, sorting and the page live
// in the query string; each offer shows its remaining capacity from live engagements.
import { VettingBadge } from "~/components/vetting-badge";
import { useTranslation } from "~/i18n/use-translation";
import { Link } from "react-router";
import { offerPublisherKinds } from "~/features/auth/policy";
import { loadBoardPage } from "~/features/boards/board-loader.server";
import { BoardPage } from "~/features/boards/board-page";
import { Marked } from "~/features/boards/board-parts";
import { PeerOfferNote } from "~/features/outreach";
import { offerSorts, offerStatuses, parseOfferBoardParams } from "../board-params";
import { loadOffersBoard } from "../services/offers-board.server";
import type { Route } from "./+types/board";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  return loadBoardPage(request, {
    parse: parseOfferBoardParams,
    load: loadOffersBoard,
    postedBy: offerPublisherKinds,
    shown: (board, params) => ({
      countries: [...board.items.flatMap((i) => i.coverageCountries), params.country],
      languages: board.items.flatMap((i) => i.languages),
    }),
  });
}

export default function OffersBoard({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { params, board, taxonomy, countryNames, languageNames } = loaderData;
  const categoryLabel = Object.fromEntries(taxonomy.map((c) => [c.id, c.label]));
  return (
    <BoardPage
      ns="offers"
      {...loaderData}
      facets={[
        {
          name: "status",
          label: t("offers:fields.status"),
          value: params.status,
          options: offerStatuses.map((s) => ({
            value: s,
            label: t(`offers:status.${s}`),
            count: board.facets.status[s] ?? 0,
          })),
        },
      ]}
      sorts={offerSorts.map((s) => ({ value: s, label: t(`offers:board.sorts.${s}`) }))}
    >
      {board.items.map((offer) => (
        <li key={offer.id} className="card space-y-1">
          <h3 className="text-lg font-semibold">
            <Link to={`/offers/${offer.id}`} lang={offer.contentLanguage}>
              {offer.highlight ? <Marked html={offer.highlight.titleHtml} /> : offer.title}
            </Link>
          </h3>
          <p className="text-sm text-[var(--color-muted)]">
            {offer.organisationName}
            <PeerOfferNote peer={offer.peer} kinds={offer.peerKinds} />
            {" ·"} {offer.categoryIds.map((c) => categoryLabel[c] ?? c).join(", ")}
          </p>
          <p lang={offer.contentLanguage}>
            {offer.highlight ? <Marked html={offer.highlight.snippet} /> : offer.description}
          </p>
          <p className="text-sm">
            {offer.coverageGlobal
              ? t("offers:board.coverageGlobal")
              : [
                  ...offer.coverageRegions.map((r) => t(`taxonomy:region.${r}`)),
                  ...offer.coverageCountries.map((c) => countryNames[c] ?? c),
                ].join(", ")}
            {" · "}
            {offer.languages.map((l) => languageNames[l] ?? l).join(", ")}
          </p>
          <p className="flex flex-wrap gap-2 text-sm">
            <span className="badge">{t(`offers:status.${offer.status}`)}</span>
            <VettingBadge level={offer.vettingLevel} />
            <span>
              {offer.capacity.full
                ? t("offers:board.full")
                : t("offers:board.capacity", {
                    slots: offer.capacity.slotsLeft,
                    total: offer.capacity.slotsTotal,
                    hours: offer.capacity.hoursLeft,
                    totalHours: offer.capacity.hoursTotal,
                  })}
            </span>
          </p>
        </li>
      ))}
    </BoardPage>
  );
}
