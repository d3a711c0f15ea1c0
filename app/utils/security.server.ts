// HTTP protections applied to every request in one place: CSRF (origin check on every mutation) and
// security headers (strict CSP with a per-request nonce; nothing may load from another host).
import { randomBytes } from "node:crypto";
import type { MiddlewareFunction } from "react-router";
import { getFixedT, getLocale } from "~/i18n/i18n.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function createNonce() {
  return randomBytes(16).toString("base64");
}

export function contentSecurityPolicy(nonce: string, dev: boolean) {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    // Vite injects styles from JS in development only.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ""}`,
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws://localhost:* ws://127.0.0.1:*" : ""}`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    "manifest-src 'self'",
    "worker-src 'self'",
  ];
  return directives.join("; ");
}

/** Headers for every response (documents, data requests, resource routes). */
export function applySecurityHeaders(headers: Headers, production: boolean) {
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("X-Frame-Options", "DENY");
  // same-origin: nothing leaks to other sites, while our own form posts keep a real Origin header
  // (under no-referrer, browsers send "Origin: null" even to the same site).
  headers.set("Referrer-Policy", "same-origin");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  headers.set(
    "Permissions-Policy",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()",
  );
  if (production) headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}

/**
 * Every answer of the app depends on the session (the root loader reads it, and pages, `.data` responses
 * and resource routes show what this member may see): no cache may keep it, not even the browser's disk
 * cache after sign-out (a seized laptop: issue 15). A route's own `no-store` value is kept; anything else
 * is replaced.
 */
export function applyNoStore(headers: Headers) {
  const current = headers.get("Cache-Control") ?? "";
  if (!/\bno-store\b/.test(current) || !/\bprivate\b/.test(current))
    headers.set("Cache-Control", "private, no-store");
}

function sameOrigin(request: Request, appUrl: string): boolean {
  const expected = new Set([new URL(request.url).origin, new URL(appUrl).origin]);
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") return expected.has(origin);
  // Fetch metadata cannot be set by page scripts: a browser saying "same-origin" is telling the truth.
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      return expected.has(new URL(referer).origin);
    } catch {
      return false;
    }
  }
  // Browsers send Origin with every POST; a request with neither header is not from our forms.
  return false;
}

export function csrfMiddleware(appUrl: () => string): MiddlewareFunction<Response> {
  return async ({ request }, next) => {
    if (
      !SAFE_METHODS.has(request.method.toUpperCase()) &&
      !isExemptFromCsrf(request) &&
      !sameOrigin(request, appUrl())
    ) {
      const t = await getFixedT(getLocale(request));
      return new Response(t("common:errors.csrf"), {
        status: 403,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    return next();
  };
}

/** RFC 8058 one-click unsubscribe is POSTed by mail providers, without Origin; its signed token is the protection. */
function isExemptFromCsrf(request: Request) {
  return new URL(request.url).pathname.startsWith("/unsubscribe/");
}
