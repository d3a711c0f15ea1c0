// /needs (the board) and /needs/mine (the organisation's own needs, drafts included). Filters, sorting and
// the page live in the query string, so a filtered view can be bookmarked and shared.
import { useReaderZone } from "~/root";
import { useTranslation } from "~/i18n/use-translation";
import { plainLinkProps, usePlainLinkClick } from "~/components/plain-links";
import { loadBoardPage } from "~/features/boards/board-loader.server";
import { BoardPage } from "~/features/boards/board-page";
import { countryArgs } from "~/i18n/countries";
import { formatDate } from "~/i18n/format";
import { Marked, SLOT, template } from "~/features/boards/board-parts";
import { needSorts, needStatuses, parseNeedBoardParams, urgencies } from "../board-params";
import { loadNeedsBoard } from "../services/needs-board.server";
import type { Route } from "./+types/board";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  return loadBoardPage(request, {
    parse: parseNeedBoardParams,
    load: loadNeedsBoard,
    postedBy: "COALITION",
    shown: (board, params) => ({
      countries: [...board.items.map((i) => i.countryCode), params.country],
      languages: [...board.items.map((i) => i.contentLanguage), params.language],
    }),
  });
}

export default function NeedsBoard({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const openNeed = usePlainLinkClick();
  const { locale, params, board, taxonomy, countryNames } = loaderData;
  const categoryLabel = Object.fromEntries(taxonomy.map((c) => [c.id, c.label]));
  // Labels translated once per page, not once per card.
  const urgencyLabel = Object.fromEntries(urgencies.map((u) => [u, t(`needs:urgency.${u}`)]));
  const statusLabel = Object.fromEntries(needStatuses.map((s) => [s, t(`needs:status.${s}`)]));
  const postedOn = template(t("needs:board.postedOn", { date: SLOT }));
  const wantedBy = template(t("needs:board.wantedBy", { date: SLOT }));
  // one phrase per country (its article changes with the country: « au Sénégal », « aux Philippines »)
  const anonymousIn = new Map<string, string>();
  const anonymous = (code: string) => {
    let text = anonymousIn.get(code);
    if (text === undefined)
      anonymousIn.set(code, (text = t("needs:board.anonymous", countryArgs(code, locale))));
    return text;
  };
  return (
    <BoardPage
      ns="needs"
      {...loaderData}
      facets={[
        {
          name: "urgency",
          label: t("needs:fields.urgency"),
          value: params.urgency,
          options: urgencies.map((u) => ({
            value: u,
            label: urgencyLabel[u],
            count: board.facets.urgency[u] ?? 0,
          })),
        },
        {
          name: "status",
          label: t("needs:fields.status"),
          value: params.status,
          options: needStatuses.map((s) => ({
            value: s,
            label: statusLabel[s],
            count: board.facets.status[s] ?? 0,
          })),
        },
      ]}
      sorts={needSorts.map((s) => ({ value: s, label: t(`needs:board.sorts.${s}`) }))}
    >
      {board.items.map((need) => (
        <li key={need.id} className="card space-y-1">
          <h3 className="text-lg font-semibold">
            <a lang={need.contentLanguage} {...plainLinkProps(`/needs/${need.id}`, openNeed)}>
              {need.highlight ? <Marked html={need.highlight.titleHtml} /> : need.title}
            </a>
          </h3>
          <p className="text-sm text-[var(--color-muted)]">
            {/* one text, not five (each a node of React's render and a comment in the HTML) */}
            {`${need.coalitionName ?? anonymous(need.countryCode)} · ${countryNames[need.countryCode]} · ${categoryLabel[need.categoryId] ?? need.categoryId}`}
          </p>
          <p lang={need.contentLanguage} className="line-clamp-3">
            {need.highlight ? <Marked html={need.highlight.snippet} /> : need.summary}
          </p>
          <p className="flex flex-wrap gap-2 text-sm">
            <span className="badge">{urgencyLabel[need.urgency]}</span>
            <span className="badge">{statusLabel[need.status]}</span>
            <span>{postedOn(formatDate(need.postedAt, locale, "medium", zone))}</span>
            {need.wantedBy ? <span>{wantedBy(formatDate(need.wantedBy, locale))}</span> : null}
          </p>
        </li>
      ))}
    </BoardPage>
  );
}
