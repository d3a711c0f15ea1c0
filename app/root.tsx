import { useEffect } from "react";
import { useTranslation } from "~/i18n/use-translation";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?url";
import { GeneralErrorBoundary } from "./components/general-error-boundary";
import { TimeZoneOffer } from "./features/account/components/time-zone-offer";
import { useNonce } from "./components/nonce-provider";
import { supportedLocales, type Locale } from "./i18n/config";
import { getLocale } from "./i18n/i18n.server";
import { getViewer } from "./features/auth/services/session.server";
import { devMailboxEnabled } from "./features/email/services/dev-mailbox-access.server";
import { unreadTotal } from "~/features/conversations/index.server";
import { env } from "./utils/env.server";
import { routePatternMiddleware } from "./utils/metrics.server";
import { applyNoStore, applySecurityHeaders, csrfMiddleware } from "./utils/security.server";
import { databaseUnavailableMiddleware } from "./utils/unavailable.server";
import { setting } from "~/utils/env-schema";

/** The same security headers on every response from the app, whatever HTTP layer serves it. */
const securityHeaders: Route.MiddlewareFunction = async (_args, next) => {
  const response = (await next()) as Response;
  try {
    applySecurityHeaders(response.headers, setting("NODE_ENV") === "production");
    // Documents, `.data` responses and resource routes alike (issue 15).
    applyNoStore(response.headers);
  } catch {
    // Immutable headers (a fetched Response): the HTTP layer (server.ts) sets them as well.
  }
  return response;
};

export const middleware: Route.MiddlewareFunction[] = [
  routePatternMiddleware,
  securityHeaders,
  databaseUnavailableMiddleware,
  csrfMiddleware(() => env().APP_URL),
];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: Route.LoaderArgs) {
  const signedIn = await getViewer(request);
  const locale = getLocale(request, signedIn?.user.locale);
  const user = signedIn
    ? {
        id: signedIn.user.id,
        name: signedIn.user.name,
        locale: signedIn.user.locale,
        timeZone: signedIn.user.timeZone,
        timeZoneConfirmed: !!signedIn.user.timeZoneConfirmedAt,
      }
    : null;
  const memberships = (signedIn?.memberships ?? []).map((m) => ({
    id: m.organisationId,
    name: m.organisationName,
    kind: m.kind,
    role: m.role,
  }));
  const activeOrganisationId = signedIn?.session.activeOrganisationId ?? memberships[0]?.id ?? null;
  // The mailbox link only for a signed-in user (the page answers 404 to anyone else: issue 15).
  const devMailbox = !!signedIn && devMailboxEnabled();
  // The header's count of unread messages (conversations feature; policy-filtered there).
  const unreadMessages = signedIn && memberships.length ? await unreadTotal(signedIn.viewer) : 0;
  return { locale, devMailbox, user, memberships, activeOrganisationId, unreadMessages };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

/** The reader's IANA time zone (UTC for visitors): pass it to ~/i18n/format for every moment shown. */
export function useReaderZone() {
  return useRouteLoaderData<typeof loader>("root")?.user?.timeZone ?? "UTC";
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  const { t, i18n } = useTranslation();
  // Marks the end of hydration (browser tests wait for it before touching forms: React resets a
  // <select> to its defaultValue when it hydrates). In Layout, so error pages set it too.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={data?.locale ?? i18n.language ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{t("common:appName")}</title>
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
        >
          {t("common:skipToContent")}
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function LanguageSwitcher({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className="flex items-end gap-2" reloadDocument>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <div>
        <label htmlFor="language-select" className="block text-xs">
          {t("common:language.label")}
        </label>
        <select id="language-select" name="lng" defaultValue={locale} className="text-sm">
          {supportedLocales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`common:language.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-secondary text-sm">
        {t("common:language.change")}
      </button>
    </Form>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <header className="border-b border-stone-300 bg-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <Link to="/" className="text-xl font-bold no-underline text-[var(--color-brand-800)]">
            {t("common:appName")}
          </Link>
          <nav aria-label={t("common:nav.main")}>
            <ul className="flex flex-wrap gap-4">
              <li>
                <NavLink to="/">{t("common:nav.home")}</NavLink>
              </li>
              <RoleNav data={data} />
              {data.devMailbox ? (
                <li>
                  <NavLink to="/dev/mailbox">{t("common:nav.mailbox")}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <LanguageSwitcher locale={data.locale} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {data.user && !data.user.timeZoneConfirmed ? <TimeZoneOffer current={data.user.timeZone} /> : null}
        <Outlet />
      </main>
      <footer className="mx-auto max-w-6xl px-4 py-6 text-sm text-[var(--color-muted)]">
        {t("common:footer.privacy")}
      </footer>
    </>
  );
}

/** Links for the signed-in user's roles. Other features add theirs here (one <li> each). */
function RoleNav({ data }: { data: RootLoaderData }) {
  const { t } = useTranslation();
  if (!data.user) {
    return (
      <>
        <li>
          <NavLink to="/login">{t("common:nav.signIn")}</NavLink>
        </li>
        <li>
          <NavLink to="/apply">{t("outreach:nav.apply")}</NavLink>
        </li>
        <li>
          <NavLink to="/resources" end>
            {t("resources:nav.library")}
          </NavLink>
        </li>
      </>
    );
  }
  const kinds = new Set(data.memberships.map((m) => m.kind));
  const secretariat = kinds.has("SECRETARIAT");
  return (
    <>
      {data.memberships.length ? (
        <>
          <li>
            <NavLink to="/needs" end>
              {t("common:nav.needs")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/offers" end>
              {t("common:nav.offers")}
            </NavLink>
          </li>
          {kinds.has("COALITION") ? (
            <li>
              <NavLink to="/needs/mine">{t("common:nav.myNeeds")}</NavLink>
            </li>
          ) : null}
          {kinds.has("EXPERT") || kinds.has("COALITION") ? (
            <li>
              <NavLink to="/offers/mine">{t("common:nav.myOffers")}</NavLink>
            </li>
          ) : null}
          {kinds.has("EXPERT") || kinds.has("COALITION") ? (
            <li>
              <NavLink to="/proposals">{t("review:nav.proposals")}</NavLink>
            </li>
          ) : null}
          <li>
            <NavLink to="/engagements">{t("common:nav.engagements")}</NavLink>
          </li>
          <li>
            <NavLink to="/inbox" data-testid="inbox-link">
              {data.unreadMessages
                ? t("conversations:nav.inboxUnread", { count: data.unreadMessages })
                : t("conversations:nav.inbox")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/countries">{t("countries:nav.countries")}</NavLink>
          </li>
          <li>
            <NavLink to="/resources" end>
              {t("resources:nav.library")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/actions">{t("coordination:nav.actions")}</NavLink>
          </li>
        </>
      ) : null}
      {secretariat ? (
        <>
          <li>
            <NavLink to="/secretariat/triage">{t("common:nav.triage")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/review">{t("common:nav.review")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/insight">{t("common:nav.insight")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/impact">{t("impact:nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/calls">{t("coordination:nav.calls")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/organisations">{t("common:nav.organisations")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/applications">{t("outreach:nav.applications")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/audit">{t("common:nav.audit")}</NavLink>
          </li>
          <li>
            <NavLink to="/secretariat/operations">{t("operations:title")}</NavLink>
          </li>
        </>
      ) : null}
      {data.memberships.length ? (
        <li>
          <NavLink to="/organisation">{t("org:nav.myOrganisation")}</NavLink>
        </li>
      ) : null}
      <li>
        <NavLink to="/settings">{t("common:nav.settings")}</NavLink>
      </li>
      <li>
        <Form method="post" action="/logout" reloadDocument>
          <button type="submit" className="link-button">
            {t("common:nav.signOut")}
          </button>
        </Form>
      </li>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
