// Property-based tests: random and hostile input (very long strings, Unicode, HTML/script, SQL-looking
// text, NUL bytes, arrays where strings are expected, missing and unknown fields, non-form bodies) at
// every form of the trust layer. Never a 500; HTML typed into a form is never rendered as HTML.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

const PROBE = "<x-probe onmouseover=alert(1)>";
const hostileStrings = [
  PROBE,
  `<script>alert("x")</script>${PROBE}`,
  `"><img src=x onerror=alert(1)>${PROBE}`,
  "' OR '1'='1' --",
  '"; DROP TABLE "User"; --',
  'Robert\'); DELETE FROM "Session";--',
  "\u0000",
  "a\u0000b",
  "\u202Egnp.exe",
  "${7*7}{{7*7}}",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "null",
  "[]",
  "{}",
  "   ",
  "",
  "😀".repeat(400),
  "ñáéíóú çà ü ß 漢字 العربية",
  "x".repeat(70_000),
  "admin",
  "COALITION",
  "SECRETARIAT",
  "trusted",
  "on",
  "1",
  "-1",
  "1e309",
];

const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...hostileStrings) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 300, maxLength: 3000 }) },
);

/**
 * A form body: known fields (sometimes missing, sometimes repeated) and the odd unknown field; or, half
 * the time when a valid `base` is given, that valid form with one or two fields made hostile, so that
 * hostile values also reach the code behind validation (the database, the pages that render them).
 */
function formOf(fields: string[], base?: Record<string, string | string[]>) {
  const random = fc
    .tuple(
      fc.dictionary(
        fc.constantFrom(...fields),
        fc.oneof(
          { weight: 4, arbitrary: value },
          { weight: 1, arbitrary: fc.array(value, { maxLength: 4 }) },
        ),
        {
          maxKeys: fields.length,
        },
      ),
      fc.option(fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 2 }), { nil: undefined }),
    )
    .map(([known, extra]) => ({ ...(extra ?? {}), ...known }) as Record<string, string | string[]>);
  if (!base) return random;
  const mutated = fc
    .array(fc.tuple(fc.constantFrom(...Object.keys(base)), value), { minLength: 1, maxLength: 2 })
    .map((overrides) => ({ ...base, ...Object.fromEntries(overrides) }) as Record<string, string | string[]>);
  return fc.oneof(random, mutated);
}

type FormSpec = {
  name: string;
  path: () => string;
  fields: string[];
  base?: Record<string, string | string[]>;
  session?: () => Promise<string | undefined>;
  runs?: number;
};

let n: Awaited<ReturnType<typeof createNetwork>>;
let ipCounter = 0;
const ip = () => `198.51.${(++ipCounter >> 8) & 255}.${ipCounter & 255}`;

beforeAll(async () => {
  n = await createNetwork();
  await enableTotpFor(n.secretariatUser.id);
});

const as =
  (who: () => string, twoFactor = false) =>
  async () =>
    (await createTestSession(who(), { twoFactorVerified: twoFactor })).cookie;

const forms: FormSpec[] = [
  { name: "sign in", path: () => "/login", fields: ["email", "password", "redirectTo"] },
  {
    name: "second factor",
    path: () => "/login/two-factor",
    fields: ["code", "redirectTo"],
    session: as(() => n.secretariatUser.id),
  },
  { name: "forgot password", path: () => "/forgot-password", fields: ["email"] },
  {
    name: "reset password",
    path: () => `/reset-password/${"B".repeat(43)}`,
    fields: ["password", "confirmPassword"],
  },
  { name: "verify email", path: () => `/verify-email/${"C".repeat(43)}`, fields: ["intent"] },
  {
    name: "accept invitation",
    path: () => `/invitations/${"D".repeat(43)}`,
    fields: ["name", "password", "confirmPassword", "intent"],
  },
  {
    name: "account",
    path: () => "/settings?index",
    fields: ["intent", "name", "locale", "newEmail", "currentPassword"],
    base: { intent: "profile", name: "Ana", locale: "es" },
    session: as(() => n.coalitionUser.id),
  },
  {
    name: "change password",
    path: () => "/settings/password",
    fields: ["currentPassword", "password", "confirmPassword"],
    session: as(() => n.coalitionUser.id),
  },
  {
    name: "sessions",
    path: () => "/settings/sessions",
    fields: ["intent", "sessionId"],
    session: as(() => n.expertUser.id),
  },
  {
    name: "two-factor settings",
    path: () => "/settings/two-factor",
    fields: ["intent", "code", "currentPassword"],
    session: as(() => n.expertUser.id),
  },
  {
    name: "delete account",
    path: () => "/settings/data",
    fields: ["currentPassword", "confirm"],
    session: as(() => n.expertUser.id),
  },
  {
    name: "switch organisation",
    path: () => "/organisation",
    fields: ["organisationId", "redirectTo"],
    session: as(() => n.coalitionUser.id),
  },
  {
    name: "organisation profile",
    path: () => `/organisations/${n.expert.id}`,
    fields: [
      "name",
      "countryCode",
      "coverageGlobal",
      "coverageCountries",
      "coverageRegions",
      "languages",
      "description",
      "website",
    ],
    base: {
      name: "Expert org",
      coverageGlobal: "on",
      coverageCountries: ["MX", "GT"],
      coverageRegions: ["asia_pacific"],
      languages: ["es"],
      description: "We help.",
      website: "https://example.org",
    },
    session: as(() => n.expertUser.id),
    runs: 24,
  },
  {
    name: "coalition profile",
    path: () => `/organisations/${n.coalition.id}`,
    fields: ["name", "countryCode", "languages", "description", "website"],
    base: {
      name: "Coalition org",
      countryCode: "MX",
      languages: ["es", "en"],
      description: "A coalition.",
      website: "https://example.org",
    },
    session: as(() => n.coalitionUser.id),
  },
  {
    name: "members",
    path: () => `/organisations/${n.coalition.id}/members`,
    fields: ["intent", "email", "role", "userId", "invitationId"],
    base: { intent: "invite", email: "colleague@example.org", role: "member" },
    session: as(() => n.coalitionUser.id),
  },
  {
    name: "invite organisation",
    path: () => "/secretariat/organisations/new",
    fields: ["kind", "name", "countryCode", "email"],
    base: { kind: "COALITION", name: "New coalition", countryCode: "PE", email: "founder@example.org" },
    session: as(() => n.secretariatUser.id, true),
  },
  {
    name: "vetting",
    path: () => `/secretariat/organisations/${n.coalition.id}`,
    fields: ["vettingLevel", "note"],
    base: { vettingLevel: "verified", note: "Checked references." },
    session: as(() => n.secretariatUser.id, true),
  },
  { name: "sign out", path: () => "/logout", fields: ["intent"], session: as(() => n.secretariatUser.id) },
];

describe("hostile input at every form", () => {
  for (const spec of forms) {
    it(`${spec.name}: never a 500`, async () => {
      await fc.assert(
        fc.asyncProperty(formOf(spec.fields, spec.base), async (form) => {
          const cookie = spec.session ? await spec.session() : undefined;
          const res = await send(spec.path(), { cookie, form, ip: ip() });
          expect(res.status, JSON.stringify(form).slice(0, 300)).toBeLessThan(500);
          expect(res.body).not.toContain(PROBE);
        }),
        { numRuns: spec.runs ?? 12 },
      );
    });
  }

  it("non-form bodies (JSON, broken multipart, empty) are 4xx, never 500", async () => {
    const cookie = await as(() => n.coalitionUser.id)();
    for (const spec of forms) {
      for (const [contentType, body] of [
        ["application/json", JSON.stringify({ email: ["x"], password: { $ne: null } })],
        ["multipart/form-data; boundary=zzz", '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
        ["text/plain", "\u0000\u0001garbage"],
        ["application/x-www-form-urlencoded", "%E0%A4%A=&&==&email=%ZZ"],
      ] as const) {
        const res = await send(spec.path(), {
          cookie: spec.session ? cookie : undefined,
          body,
          headers: { "Content-Type": contentType },
          ip: ip(),
        });
        expect(res.status, `${spec.name} ${contentType}`).toBeLessThan(500);
      }
    }
  });

  it("hostile path parameters are 404/410, never 500", async () => {
    const cookie = await as(() => n.secretariatUser.id, true)();
    await fc.assert(
      fc.asyncProperty(value, async (raw) => {
        const seg = encodeURIComponent(raw.slice(0, 500));
        for (const path of [
          `/organisations/${seg}`,
          `/organisations/${seg}/members`,
          `/secretariat/organisations/${seg}`,
          `/invitations/${seg}`,
          `/reset-password/${seg}`,
          `/verify-email/${seg}`,
        ]) {
          const res = await send(path, { cookie });
          expect(res.status, path.slice(0, 200)).toBeLessThan(500);
        }
      }),
      { numRuns: 8 },
    );
  });

  it("GET filters take hostile query strings", async () => {
    const cookie = await as(() => n.secretariatUser.id, true)();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            "actor",
            "action",
            "entityType",
            "entityId",
            "from",
            "to",
            "page",
            "kind",
            "vetting",
            "q",
            "redirectTo",
          ),
          value,
          { maxKeys: 6 },
        ),
        async (query) => {
          const qs = new URLSearchParams(query).toString();
          for (const path of [
            "/secretariat/audit",
            "/secretariat/organisations",
            "/login",
            "/settings/two-factor",
          ]) {
            const res = await send(`${path}?${qs}`, { cookie });
            expect(res.status, `${path}?${qs.slice(0, 200)}`).toBeLessThan(500);
            expect(res.body).not.toContain(PROBE);
          }
        },
      ),
      { numRuns: 8 },
    );
  });

  it("refuses NUL bytes (which Postgres cannot store) with 400s, in forms, filters and ids", async () => {
    const s = await as(() => n.expertUser.id)();
    const sec = await as(() => n.secretariatUser.id, true)();
    const statuses = [
      (
        await send(`/organisations/${n.expert.id}`, {
          cookie: s,
          form: { name: "Valid name", description: "a\u0000b" },
        })
      ).status,
      (
        await send(`/organisations/${n.expert.id}`, {
          cookie: s,
          form: { name: "Valid name", website: "https://x.org/\u0000" },
        })
      ).status,
      (
        await send("/settings?index", {
          cookie: s,
          form: { intent: "profile", name: "Valid\u0000", locale: "en" },
        })
      ).status,
      (
        await send(`/secretariat/organisations/${n.expert.id}`, {
          cookie: sec,
          form: { vettingLevel: "verified", note: "x\u0000" },
        })
      ).status,
      (
        await send("/secretariat/organisations/new", {
          cookie: sec,
          form: { kind: "EXPERT", name: "Org\u0000x", email: "a@b.org" },
        })
      ).status,
      (
        await send(`/organisations/${n.expert.id}/members`, {
          cookie: s,
          form: { intent: "remove", userId: "a\u0000" },
        })
      ).status,
    ];
    expect(statuses).toEqual([400, 400, 400, 400, 400, 400]);
    expect((await send("/secretariat/audit?actor=a%00b&entityId=%00", { cookie: sec })).status).toBe(200);
    expect((await send("/secretariat/organisations?q=%00", { cookie: sec })).status).toBe(200);
    expect((await send("/organisations/%00", { cookie: sec })).status).toBe(404);
    expect((await send("/login?redirectTo=%2F%00", {})).status).toBe(200);
  });

  it("stores hostile text as text: pages render it escaped", async () => {
    const admin = await createUser({}, { organisationId: n.expert.id, role: "admin" });
    const cookie = (await createTestSession(admin.id)).cookie;
    const secretariat = await as(() => n.secretariatUser.id, true)();
    const html = `<b onclick="x()">Bold</b>${PROBE}<script>alert(1)</script>`;
    expect(
      (
        await send("/settings?index", {
          cookie,
          form: { intent: "profile", name: html.slice(0, 100), locale: "en" },
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await send(`/organisations/${n.expert.id}`, {
          cookie,
          form: { name: html.slice(0, 150), description: html, website: "https://example.org/?q=<x-probe>" },
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await send(`/secretariat/organisations/${n.expert.id}`, {
          cookie: secretariat,
          form: { vettingLevel: "trusted", note: html },
        })
      ).status,
    ).toBe(302);
    const stored = await db().organisation.findUniqueOrThrow({ where: { id: n.expert.id } });
    expect(stored.description).toBe(html); // stored as written
    for (const [path, c] of [
      ["/settings", cookie],
      [`/organisations/${n.expert.id}`, cookie],
      [`/organisations/${n.expert.id}/members`, cookie],
      [`/secretariat/organisations/${n.expert.id}`, secretariat],
      ["/secretariat/organisations", secretariat],
      ["/secretariat/audit", secretariat],
    ] as const) {
      const res = await send(path, { cookie: c });
      expect(res.status, path).toBe(200);
      expect(res.body, path).not.toContain(PROBE);
      expect(res.body, path).not.toContain('<b onclick="x()">');
      expect(res.body, path).not.toContain("<script>alert(1)</script>");
    }
    const page = await send(`/organisations/${n.expert.id}`, { cookie });
    expect(page.body).toContain("&lt;b onclick=");
  });
});
