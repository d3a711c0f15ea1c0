// Sessions and guards. The cookie `__session` holds a random 32-byte token; the database stores only its
// SHA-256 (Session.id), so a database leak does not leak live sessions. Sessions end after IDLE_MS without
// activity or ABSOLUTE_MS after sign-in, whichever comes first. Every loader and action authorises through
// the guards below (deny by default).
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { redirect, type MiddlewareFunction } from "react-router";
import { Prisma } from "~/generated/prisma/client";
import type { OrganisationKind, VettingLevel } from "~/generated/prisma/enums";
import { db, type Tx } from "~/utils/db.server";
import { httpError } from "~/utils/http.server";
import { sqlRows } from "~/utils/sql.server";
import { isSecretariat, type Viewer, type ViewerMembership } from "../policy";
import { setting } from "~/utils/env-schema";

const sql = Prisma.sql;

const SESSION_COOKIE = "__session";
/** A session ends after this long without a request. */
export const IDLE_MS = 12 * 60 * 60 * 1000;
/** …and in any case this long after sign-in. */
export const ABSOLUTE_MS = 14 * 24 * 60 * 60 * 1000;
/** lastSeenAt is written at most this often, so that a page view is not a database write. */
export const TOUCH_MS = 5 * 60 * 1000;

type SessionUser = {
  id: string;
  email: string;
  name: string;
  locale: string;
  timeZone: string;
  /** Null while the zone is the default from the organisation's country (the browser's is offered). */
  timeZoneConfirmedAt: Date | null;
  emailVerifiedAt: Date | null;
  totpEnabledAt: Date | null;
  createdAt: Date;
};

type SessionMembership = ViewerMembership & { organisationName: string; createdAt: Date };

export type SessionRow = {
  id: string;
  userId: string;
  activeOrganisationId: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  twoFactorVerifiedAt: Date | null;
};

export type ViewerContext = {
  user: SessionUser;
  session: SessionRow;
  viewer: NonNullable<Viewer>;
  memberships: SessionMembership[];
};

type SessionLookupRow = SessionRow &
  Omit<SessionUser, "id" | "createdAt"> & {
    userCreatedAt: Date;
    deletedAt: Date | null;
    memberships: Array<Omit<SessionMembership, "createdAt"> & { createdAt: string }>;
  };

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken() {
  return randomBytes(32).toString("base64url");
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const match = header.match(/(?:^|;\s*)__session=([A-Za-z0-9_-]{20,100})(?:;|$)/);
  return match ? match[1] : null;
}

function cookieAttributes() {
  return `Path=/; HttpOnly; SameSite=Lax${setting("NODE_ENV") === "production" ? "; Secure" : ""}`;
}

export function sessionCookie(token: string, expiresAt: Date) {
  return `${SESSION_COOKIE}=${token}; ${cookieAttributes()}; Expires=${expiresAt.toUTCString()}`;
}

export function clearSessionCookie() {
  return `${SESSION_COOKIE}=; ${cookieAttributes()}; Max-Age=0`;
}

/**
 * Creates a new session (a new id every time: rotation on sign-in) and returns the cookie token.
 * Call inside the sign-in transaction so that the session and its audit event are written together.
 */
export async function createSession(
  tx: Tx,
  input: {
    userId: string;
    ip?: string | null;
    userAgent?: string | null;
    twoFactorVerified?: boolean;
    activeOrganisationId?: string | null;
    now?: Date;
  },
) {
  const now = input.now ?? new Date();
  const token = newToken();
  const session = await tx.session.create({
    data: {
      id: hashToken(token),
      userId: input.userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ABSOLUTE_MS),
      twoFactorVerifiedAt: input.twoFactorVerified ? now : null,
      activeOrganisationId: input.activeOrganisationId ?? null,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token, session, cookie: sessionCookie(token, session.expiresAt) };
}

export function isSessionLive(session: Pick<SessionRow, "lastSeenAt" | "expiresAt">, now = new Date()) {
  return (
    session.expiresAt.getTime() > now.getTime() && now.getTime() - session.lastSeenAt.getTime() < IDLE_MS
  );
}

const cache = new WeakMap<Request, Promise<ViewerContext | null>>();

/**
 * One session lookup per page read. React Router hands each loader its own copy of the Request, so the
 * per-Request cache alone looked the session up once for the root loader and again for the page's (two
 * statements per page, the duplicate paid by every page but the shell). A GET or HEAD runs its loaders
 * inside this scope, which holds the lookup for the request's session token. Requests that may change the
 * session (an action signing in, verifying a second factor, switching organisation) never use it.
 */
type ViewerScope = { token: string | null; viewer?: Promise<ViewerContext | null> };
const viewerScope = new AsyncLocalStorage<ViewerScope>();

const isRead = (request: Request) => request.method === "GET" || request.method === "HEAD";

export const viewerScopeMiddleware: MiddlewareFunction<Response> = ({ request }, next) =>
  isRead(request) ? viewerScope.run({ token: readSessionToken(request) }, next) : next();

/** The signed-in user, their session and their Viewer (for policy.ts), or null. Cached per request. */
export function getViewer(request: Request): Promise<ViewerContext | null> {
  const scope = viewerScope.getStore();
  if (scope && isRead(request) && readSessionToken(request) === scope.token) {
    scope.viewer ??= loadViewer(request);
    return scope.viewer;
  }
  let pending = cache.get(request);
  if (!pending) {
    pending = loadViewer(request);
    cache.set(request, pending);
  }
  return pending;
}

async function loadViewer(request: Request): Promise<ViewerContext | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const id = hashToken(token);
  // Every page runs this, so it is one SQL statement on the fast pool rather than a Prisma query.
  const [row] = await sqlRows<SessionLookupRow>(sql`
    SELECT s.id, s."userId", s."activeOrganisationId", s."createdAt", s."lastSeenAt", s."expiresAt",
           s."twoFactorVerifiedAt",
           u.email, u.name, u.locale, u."timeZone", u."timeZoneConfirmedAt", u."emailVerifiedAt", u."totpEnabledAt",
           u."createdAt" AS "userCreatedAt", u."deletedAt",
           COALESCE((
             SELECT json_agg(json_build_object('organisationId', o.id, 'organisationName', o.name, 'kind', o.kind,
                      'vettingLevel', o."vettingLevel", 'role', m.role, 'createdAt', m."createdAt")
                    ORDER BY m."createdAt", o.id)
             FROM "Membership" m JOIN "Organisation" o ON o.id = m."organisationId"
             WHERE m."userId" = u.id), '[]') AS memberships
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${id}`);
  if (!row) return null;
  const now = new Date();
  if (!isSessionLive(row, now) || row.deletedAt) {
    await db().session.deleteMany({ where: { id } });
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_MS) {
    await db().session.updateMany({ where: { id }, data: { lastSeenAt: now } });
    row.lastSeenAt = now;
  }
  const sessionFields: SessionRow = {
    id: row.id,
    userId: row.userId,
    activeOrganisationId: row.activeOrganisationId,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    twoFactorVerifiedAt: row.twoFactorVerifiedAt,
  };
  const userFields: SessionUser = {
    id: row.userId,
    email: row.email,
    name: row.name,
    locale: row.locale,
    timeZone: row.timeZone,
    timeZoneConfirmedAt: row.timeZoneConfirmedAt,
    emailVerifiedAt: row.emailVerifiedAt,
    totpEnabledAt: row.totpEnabledAt,
    createdAt: row.userCreatedAt,
  };
  // json_build_object gives timestamps as ISO strings without a zone: UTC, like every stored DateTime.
  const memberships: SessionMembership[] = row.memberships.map((m) => ({
    ...m,
    createdAt: new Date(`${m.createdAt}Z`),
  }));
  const viewer: NonNullable<Viewer> = {
    userId: row.userId,
    memberships: memberships.map(({ organisationId, kind, vettingLevel, role }) => ({
      organisationId,
      kind,
      vettingLevel,
      role,
    })),
    twoFactorVerified: sessionFields.twoFactorVerifiedAt != null,
  };
  return { user: userFields, session: sessionFields, viewer, memberships };
}

/** Only same-site paths: never an open redirect. */
export function safeRedirect(value: unknown, fallback = "/") {
  if (
    typeof value !== "string" ||
    value.length > 2000 ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.includes("\\")
  )
    return fallback;
  // No control characters or spaces (a Location header must not carry them).
  if ([...value].some((c) => c.charCodeAt(0) <= 32 || c.charCodeAt(0) === 127)) return fallback;
  // A Location header carries bytes, not text: anything beyond ASCII (`/日`) is percent-encoded, as the
  // browser would have sent it (issue 15: it used to throw, a 500). A lone surrogate cannot be encoded.
  try {
    return value.replace(/[^\x20-\x7e]+/gu, (run) => encodeURIComponent(run));
  } catch {
    return fallback;
  }
}

function currentPath(request: Request) {
  const url = new URL(request.url);
  // Data requests (.data suffix) must come back to the page, not to the data URL.
  const pathname = url.pathname.endsWith(".data") ? url.pathname.slice(0, -5) || "/" : url.pathname;
  url.searchParams.delete("_routes");
  const search = url.searchParams.toString();
  return pathname + (search ? `?${search}` : "");
}

function loginRedirect(request: Request) {
  return redirect(`/login?redirectTo=${encodeURIComponent(currentPath(request))}`);
}

/** The signed-in user, or a redirect to /login?redirectTo=<this page>. */
export async function requireUser(request: Request): Promise<ViewerContext> {
  const ctx = await getViewer(request);
  if (!ctx) throw loginRedirect(request);
  return ctx;
}

/** Redirects a signed-in user away from pages meant for visitors (sign-in, invitations). */
export async function requireAnonymous(request: Request, to = "/") {
  if (await getViewer(request)) throw redirect(to);
}

export type MemberRequirement = {
  /** One kind, or any of several (a coalition publishes peer offers like an expert organisation). */
  kind?: OrganisationKind | readonly OrganisationKind[];
  /** Require the admin role in the chosen organisation. */
  admin?: boolean;
  /** A specific organisation (e.g. from the URL); the user must be a member of it. */
  organisationId?: string;
  /** Require the organisation to be verified or trusted. */
  vetted?: boolean;
};

export type MemberContext = ViewerContext & {
  membership: SessionMembership;
  organisation: { id: string; name: string; kind: OrganisationKind; vettingLevel: VettingLevel };
};

/**
 * A member of an organisation matching the requirement. The organisation chosen is the one named, else
 * the session's active organisation if it matches, else the user's first matching membership.
 * Signed out → login redirect; no matching membership → 403.
 */
export async function requireMember(
  request: Request,
  requirement: MemberRequirement = {},
): Promise<MemberContext> {
  const ctx = await requireUser(request);
  const matches = ctx.memberships.filter(
    (m) =>
      (!requirement.kind ||
        (typeof requirement.kind === "string"
          ? m.kind === requirement.kind
          : requirement.kind.includes(m.kind))) &&
      (!requirement.admin || m.role === "admin") &&
      (!requirement.organisationId || m.organisationId === requirement.organisationId) &&
      (!requirement.vetted || m.vettingLevel !== "unverified"),
  );
  const membership = matches.find((m) => m.organisationId === ctx.session.activeOrganisationId) ?? matches[0];
  if (!membership) throw httpError(403, "common:errors.forbidden");
  return {
    ...ctx,
    membership,
    organisation: {
      id: membership.organisationId,
      name: membership.organisationName,
      kind: membership.kind,
      vettingLevel: membership.vettingLevel,
    },
  };
}

/**
 * A secretariat member whose account has two-factor authentication set up and whose session passed it.
 * Not set up → /settings/two-factor; set up but not verified in this session → /login/two-factor.
 */
export async function requireSecretariat(request: Request): Promise<MemberContext> {
  const ctx = await requireMember(request, { kind: "SECRETARIAT" });
  const back = encodeURIComponent(currentPath(request));
  if (!ctx.user.totpEnabledAt) throw redirect(`/settings/two-factor?redirectTo=${back}`);
  if (!ctx.session.twoFactorVerifiedAt) throw redirect(`/login/two-factor?redirectTo=${back}`);
  return ctx;
}

/** An admin of this organisation (403 otherwise). */
export async function requireOrganisationAdmin(
  request: Request,
  organisationId: string,
): Promise<MemberContext> {
  return requireMember(request, { organisationId, admin: true });
}

/** Whether the signed-in viewer is a secretariat member with a 2FA-verified session (no redirect). */
export function isVerifiedSecretariat(ctx: ViewerContext | null) {
  return !!ctx && isSecretariat(ctx.viewer);
}

// ───────────── ending sessions ─────────────

/** Ends every session of a user, except (optionally) one. Returns how many ended. */
export async function endUserSessions(tx: Tx, userId: string, exceptSessionId?: string) {
  const result = await tx.session.deleteMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
  });
  return result.count;
}
