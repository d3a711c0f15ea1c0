import { useEffect } from "react";
import { useTranslation } from "~/i18n/use-translation";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import stylesheet from "./app.css?url";
import { GeneralErrorBoundary } from "./components/general-error-boundary";
import { SiteHeader, type NavReader } from "./components/site-nav";
import { isSecretariat } from "./features/auth/policy";
import { TimeZoneOffer } from "./features/account/components/time-zone-offer";
import { useNonce } from "./components/nonce-provider";
import { getLocale } from "./i18n/i18n.server";
import { getViewer, viewerScopeMiddleware } from "./features/auth/services/session.server";
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
  viewerScopeMiddleware,
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
  // The secretariat's tools in the menu only for a session the policy calls secretariat (two-factor passed).
  const secretariat = !!signedIn && isSecretariat(signedIn.viewer);
  return { locale, devMailbox, user, memberships, activeOrganisationId, unreadMessages, secretariat };
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

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <PageFrame data={data}>
      {data.user && !data.user.timeZoneConfirmed ? <TimeZoneOffer current={data.user.timeZone} /> : null}
      <Outlet />
    </PageFrame>
  );
}

/** The site header, the main landmark and the footer around a page (or an error page). */
function PageFrame({ data, children }: { data: RootLoaderData; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <SiteHeader reader={navReader(data)} appName={t("common:appName")} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
      <footer className="mx-auto max-w-6xl px-4 py-6 text-sm text-[var(--color-muted)]">
        {t("common:footer.privacy")}
      </footer>
    </>
  );
}

/** What the navigation needs to know of the reader (roles from the session; pages still authorise). */
function navReader(data: RootLoaderData): NavReader {
  const kinds = [...new Set(data.memberships.map((m) => m.kind))];
  return {
    signedIn: !!data.user,
    userName: data.user?.name ?? null,
    kinds,
    secretariat: data.secretariat,
    hasOrganisation: data.memberships.length > 0,
    unreadMessages: data.unreadMessages,
    devMailbox: data.devMailbox,
    locale: data.locale,
  };
}

/**
 * A page that fails (not found, forbidden, an unknown address) keeps the site's header and footer whenever
 * the root loader answered, so the reader can still navigate, change language or sign out from it.
 */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  if (!data) return <GeneralErrorBoundary />;
  return (
    <PageFrame data={data}>
      <GeneralErrorBoundary />
    </PageFrame>
  );
}
