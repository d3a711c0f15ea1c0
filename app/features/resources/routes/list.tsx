// /resources (the learning exchange's library) and /resources/mine (the organisation's own, drafts
// included). Filters, search text, sort and page live in the query string: a plain GET form and links, so
// everything works without JavaScript. Visitors see public resources; members what the policy lets them.
import { Link } from "react-router";
import { getViewer, requireUser } from "~/features/auth/index.server";
import { BoardPage } from "~/features/boards/board-page";
import { Marked, SLOT, template } from "~/features/boards/board-parts";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import { countryName, formatDate, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";
import { useTranslation } from "~/i18n/use-translation";
import { useReaderZone } from "~/root";
import { parseResourceBoardParams, resourceSorts } from "../board-params";
import { resourceKinds } from "../constants";
import { loadResourcesBoard } from "../services/board.server";
import type { Route } from "./+types/list";

export const meta: Route.MetaFunction = () => [{ title: "Puente" }];

export async function loader({ request }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const mine = /\/mine\/?$/.test(url.pathname);
  const ctx = mine ? await requireUser(request) : await getViewer(request);
  const viewer = ctx?.viewer ?? null;
  const locale = getLocale(request, ctx?.user.locale);
  const params = parseResourceBoardParams(url);
  const [board, taxonomy] = await Promise.all([
    loadResourcesBoard(viewer, params, { mine }),
    loadTaxonomy(locale),
  ]);
  const codes = (facet: Record<string, number>, more: (string | undefined)[]) => [
    ...new Set([...Object.keys(facet), ...more.filter((c): c is string => !!c)]),
  ];
  return {
    locale,
    mine,
    signedIn: !!ctx,
    params,
    board,
    taxonomy,
    countryNames: Object.fromEntries(
      codes(board.facets.country, [...board.items.flatMap((i) => i.countryCodes), params.country]).map(
        (c) => [c, countryName(c, locale)],
      ),
    ),
    languageNames: Object.fromEntries(
      codes(board.facets.language, [params.language]).map((c) => [c, languageName(c, locale)]),
    ),
    // Every member may publish for their organisation (policy.ts mayPublishResourceFor).
    canPost: !!ctx && ctx.memberships.length > 0,
  };
}

export default function ResourcesLibrary({ loaderData }: Route.ComponentProps) {
  const zone = useReaderZone();
  const { t } = useTranslation();
  const { locale, params, board, countryNames, signedIn } = loaderData;
  const kindLabel = Object.fromEntries(resourceKinds.map((k) => [k, t(`resources:kind.${k}`)]));
  const postedOn = template(t("resources:board.postedOn", { date: SLOT }));
  return (
    <BoardPage
      ns="resources"
      {...loaderData}
      showMine={signedIn}
      facets={[
        {
          name: "kind",
          label: t("resources:fields.kind"),
          value: params.kind,
          options: resourceKinds.map((k) => ({
            value: k,
            label: kindLabel[k],
            count: board.facets.kind[k] ?? 0,
          })),
        },
      ]}
      sorts={resourceSorts.map((s) => ({ value: s, label: t(`resources:board.sorts.${s}`) }))}
    >
      {board.items.map((r) => (
        <li key={r.id} className="card space-y-1">
          <h3 className="text-lg font-semibold">
            <Link to={`/resources/${r.id}`} lang={r.contentLanguage}>
              {r.highlight ? <Marked html={r.highlight.titleHtml} /> : r.title}
            </Link>
          </h3>
          <p className="text-sm text-[var(--color-muted)]">
            {kindLabel[r.kind]} · {r.publisher}
            {r.countryCodes.length ? ` · ${r.countryCodes.map((c) => countryNames[c] ?? c).join(", ")}` : ""}
          </p>
          <p lang={r.contentLanguage} className="line-clamp-3">
            {r.highlight ? <Marked html={r.highlight.snippet} /> : r.summary}
          </p>
          <p className="flex flex-wrap gap-2 text-sm">
            <span className="badge">{t(`resources:visibility.${r.visibility}`)}</span>
            {r.status !== "published" ? (
              <span className="badge">{t(`resources:status.${r.status}`)}</span>
            ) : null}
            <span>{postedOn(formatDate(r.postedAt, locale, "medium", zone))}</span>
          </p>
        </li>
      ))}
    </BoardPage>
  );
}
