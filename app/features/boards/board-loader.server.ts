// The loader of the needs and offers boards: the same steps, with each board's own parameters, query,
// posting organisations and places shown on its cards.
import type { Viewer } from "~/features/auth/policy";
import { requireUser } from "~/features/auth/index.server";
import { loadTaxonomy } from "~/features/taxonomy/reference.server";
import type { OrganisationKind } from "~/generated/prisma/enums";
import type { Locale } from "~/i18n/config";
import { countryName, languageName } from "~/i18n/format";
import { getLocale } from "~/i18n/i18n.server";

type PlaceFacets = { facets: { country: Record<string, number>; language: Record<string, number> } };

/** Country and language codes to name besides the facets' (a chosen filter's keeps its option with no results). */
type Shown = { countries: (string | undefined)[]; languages: (string | undefined)[] };

export async function loadBoardPage<P, B extends PlaceFacets>(
  request: Request,
  board: {
    parse: (url: URL) => P;
    load: (viewer: Viewer, params: P, options: { mine: boolean }) => Promise<B>;
    /** Members of organisations of this kind may post to the board. */
    postedBy: OrganisationKind;
    shown: (board: B, params: P) => Shown;
  },
) {
  const ctx = await requireUser(request);
  const url = new URL(request.url);
  // /needs/mine and /offers/mine: the organisation's own items, drafts included.
  const mine = /\/mine\/?$/.test(url.pathname);
  const locale = getLocale(request, ctx.user.locale);
  const params = board.parse(url);
  const [loaded, taxonomy] = await Promise.all([
    board.load(ctx.viewer, params, { mine }),
    loadTaxonomy(locale),
  ]);
  return {
    locale,
    mine,
    params,
    board: loaded,
    taxonomy,
    ...placeNames(locale, loaded, board.shown(loaded, params)),
    canPost: ctx.memberships.some((m) => m.kind === board.postedBy),
  };
}

/** Names computed on the server, so the page and its hydration agree. */
function placeNames(locale: Locale, { facets }: PlaceFacets, shown: Shown) {
  const codes = (facet: Record<string, number>, more: (string | undefined)[]) =>
    new Set([...Object.keys(facet), ...more.filter((c): c is string => Boolean(c))]);
  return {
    countryNames: Object.fromEntries(
      [...codes(facets.country, shown.countries)].map((c) => [c, countryName(c, locale)]),
    ),
    languageNames: Object.fromEntries(
      [...codes(facets.language, shown.languages)].map((c) => [c, languageName(c, locale)]),
    ),
  };
}
