import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import {
  isRouteErrorResponse,
  ServerRouter,
  type EntryContext,
  type RouterContextProvider,
  type HandleErrorFunction,
} from "react-router";
import { NonceProvider } from "./components/nonce-provider";
import { isLocale } from "./i18n/config";
import { createI18n } from "./i18n/i18n";
import { getLocale, resourcesFor } from "./i18n/i18n.server";
import { logger } from "./utils/logger.server";
import { requestInfoContext } from "./utils/request-context.server";
import {
  applyNoStore,
  applySecurityHeaders,
  contentSecurityPolicy,
  createNonce,
} from "./utils/security.server";
import { Prisma } from "./generated/prisma/client";
import { dependencyDown } from "./utils/outages.server";
import { sqlRows } from "./utils/sql.server";
import { isDatabaseUnavailable, noteIfDatabaseUnavailable } from "./utils/unavailable.server";
import { setting } from "~/utils/env-schema";

export const streamTimeout = 5_000;

// One i18next instance per locale for rendering: its language never changes on the server, and building
// one per request (all namespaces) costs more than the rest of a small page.
const i18nByLocale = new Map<string, ReturnType<typeof createI18n>>();
async function serverI18n(locale: Parameters<typeof createI18n>[0]) {
  let instance = i18nByLocale.get(locale);
  if (!instance) {
    instance = createI18n(locale, await resourcesFor(locale));
    i18nByLocale.set(locale, instance);
  }
  return instance;
}
const production = setting("NODE_ENV") === "production";

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const nonce = loadContext.get(requestInfoContext).nonce || createNonce();
  responseHeaders.set("Content-Security-Policy", contentSecurityPolicy(nonce, !production));
  // Also here (not only in the root middleware): a URL that matches no route renders without middleware.
  applySecurityHeaders(responseHeaders, production);
  // Pages may show member data: never let any cache keep them.
  applyNoStore(responseHeaders);

  if (request.method.toUpperCase() === "HEAD") {
    return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  }

  const rootData = routerContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  // Without root data (the root loader failed, e.g. a 503 while the database is away) the error page
  // still speaks the visitor's language: cookie or Accept-Language.
  const locale = isLocale(rootData?.locale) ? rootData.locale : getLocale(request);
  const i18n = await serverI18n(locale);

  // The whole page is rendered before the response starts, and handed on as one buffer (server.ts then
  // gzips it in one call: utils/compress-whole.server.ts). No route streams deferred data, and a page
  // arrives in one piece anyway on a slow link; sending React's ~2 kB chunks one by one through web
  // streams and a gzip stream cost more CPU than rendering the page (docs/decisions/0006).
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const timeoutId = setTimeout(() => abort(), streamTimeout + 1000);
    const chunks: Buffer[] = [];
    const body = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        clearTimeout(timeoutId);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        const html = Buffer.concat(chunks);
        resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
        callback();
      },
    });

    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          shellRendered = true;
        },
        onAllReady() {
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(timeoutId);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: (error as Error)?.message }, "render error");
        },
      },
    );
  });
}

/**
 * Every `.data` response, including those for URLs no route matches (which run no middleware): the same
 * hardening headers and no-store as pages (issue 15).
 */
export function handleDataRequest(response: Response) {
  try {
    applySecurityHeaders(response.headers, production);
    applyNoStore(response.headers);
  } catch {
    // Immutable headers: server.ts sets nosniff and no-store on the way out as well.
  }
  return response;
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  noteIfDatabaseUnavailable(error, context); // the root middleware then answers 503, not 500
  if (isDatabaseUnavailable(error)) {
    // One line when the outage starts and one when a probe finds the database back, not one per request.
    dependencyDown("database", error, { probe: () => sqlRows(Prisma.sql`SELECT 1`) });
    return;
  }
  if (request.signal.aborted) return;
  // A URL no route matches, or a method a route does not take: the client's mistake, answered with
  // its 4xx page. Logged as errors, every scanner's probe would bury the real ones.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const err = error as Error;
  logger.error(
    { err: err?.message, stack: err?.stack, path: new URL(request.url).pathname },
    "unhandled error",
  );
};
