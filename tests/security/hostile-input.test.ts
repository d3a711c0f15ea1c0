// Security probe: hostile input at every form and every URL parameter of every route, through the
// production build's request handler, as several roles. The route list comes from app/routes.ts and
// each route's parameters and form fields are read from its source (and the feature modules it
// imports), so a new route or field is probed without editing this file.
// For every response: never a 5xx; no hostile HTML reflected unescaped in an HTML body; the security
// headers present whatever the kind of response (document, redirect, 404, resource route, JSON, file).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import routes from "~/routes";
import { send, type Sent } from "../support/app";
import { buildFixture, matrix, type Fixture, type Role } from "../support/route-matrix";
import { createTestSession } from "../support/sessions";

type RouteNode = { path?: string; index?: boolean; file: string; children?: RouteNode[] };
type Route = {
  pattern: string;
  file: string;
  index: boolean;
  hasLoader: boolean;
  hasAction: boolean;
  query: string[];
  fields: string[];
  intents: string[];
};

const hostile = [
  "x".repeat(10_000),
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR 1=1 --",
  '\'; DROP TABLE "Need"; --',
  "../../etc/passwd",
  "\u202Eevil\u200B\u200D\uFEFF\u2066x\u2069",
  "😀".repeat(40) + " ñ 漢字 العربية",
  "-1",
  "1e309",
  "{}",
  "a\u0000b",
];
// What must never appear verbatim in an HTML response.
const REFLECTED = [/<script>alert\(1\)/i, /<img src=x onerror=alert\(1\)>/i];
const badIds = [
  "does-not-exist",
  "' OR 1=1 --",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "x".repeat(10_000),
  "\u202E\u200B",
  "-1",
  "%00",
];
const commonQuery = ["page", "q", "redirectTo", "sort", "status"];
const probeRoles: Role[] = [
  "visitor",
  "coalitionOwner",
  "expertUnmatched",
  "secretariat",
  "unverified",
  "coalitionOther",
];

// ───────────── the routes, from app/routes.ts and their sources ─────────────

function flatten(nodes: RouteNode[], parent = ""): Array<{ pattern: string; file: string; index: boolean }> {
  const out: Array<{ pattern: string; file: string; index: boolean }> = [];
  for (const node of nodes) {
    const full = node.index
      ? parent
      : [parent, node.path ?? ""].filter(Boolean).join("/").replace(/\/+/g, "/");
    const pattern = `/${full}`.replace(/\/$/, "") || "/";
    if (node.children?.length) out.push(...flatten(node.children, full));
    else out.push({ pattern, file: node.file, index: !!node.index });
  }
  return out;
}

function resolveImport(from: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith("~/")) base = path.resolve("app", spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return undefined;
  if (!base.includes(`${path.sep}features${path.sep}`) || spec.includes("+types")) return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (existsSync(candidate) && !candidate.endsWith(path.sep) && /\.tsx?$/.test(candidate)) return candidate;
  }
  return undefined;
}

/** The route module's source and the feature modules it imports (two levels), where fields and params are named. */
function sources(file: string): string {
  const seen = new Set<string>();
  const queue: Array<[string, number]> = [[path.resolve("app", file), 0]];
  let text = "";
  while (queue.length) {
    const [f, depth] = queue.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const src = readFileSync(f, "utf8");
    text += `\n${src}`;
    if (depth >= 2) continue;
    for (const m of src.matchAll(/from\s+"([^"]+)"/g)) {
      const resolved = resolveImport(f, m[1]);
      if (resolved) queue.push([resolved, depth + 1]);
    }
  }
  return text;
}

function describeRoute(r: { pattern: string; file: string; index: boolean }): Route {
  const own = readFileSync(path.resolve("app", r.file), "utf8");
  const all = sources(r.file);
  const uniq = (xs: Iterable<string>) => [...new Set(xs)].sort();
  const query = uniq([...all.matchAll(/searchParams\.(?:get|getAll|has)\(\s*"([^"]+)"/g)].map((m) => m[1]));
  const fields = uniq([
    ...[...all.matchAll(/\bname="([A-Za-z_][\w.[\]-]*)"/g)].map((m) => m[1]),
    ...[...all.matchAll(/\bfields\.(\w+)\.name\b/g)].map((m) => m[1]),
    ...[...all.matchAll(/\bform\.get(?:All)?\(\s*"([^"]+)"/g)].map((m) => m[1]),
    // Zod schema keys (Conform forms name their fields after them)
    ...[...all.matchAll(/^\s*(\w+):\s*z\./gm)].map((m) => m[1]),
  ]);
  const intents = uniq([
    ...[...all.matchAll(/name="intent"\s+value="([\w-]+)"/g)].map((m) => m[1]),
    ...[...all.matchAll(/intent:\s*z\.literal\("([\w-]+)"\)/g)].map((m) => m[1]),
  ]);
  return {
    ...r,
    hasLoader: /export\s+(async\s+)?function\s+loader\b|export\s+const\s+loader\b/.test(own),
    hasAction: /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b/.test(own),
    query,
    fields,
    intents,
  };
}

const probed = flatten(routes as unknown as RouteNode[]).map(describeRoute);

// ───────────── probing ─────────────

let f: Fixture;
let ipN = 0;
const nextIp = () => `203.0.${(++ipN >> 8) & 255}.${ipN & 255}`;

beforeAll(async () => {
  f = await buildFixture();
}, 120_000);

/** A fresh session per request: a hostile "sign out everywhere" or "revoke" must not end the probe's other sessions. */
async function cookieFor(role: Role) {
  // Guests (people outside the network) have no session: like visitors, they send no cookie.
  if (role === "visitor" || role === "guest") return undefined;
  return (await createTestSession(f.users[role].id, { twoFactorVerified: role === "secretariat" })).cookie;
}

function validPath(pattern: string): string {
  const entry = matrix.find((e) => e.pattern === pattern);
  if (entry?.cases.length) return entry.cases[0].path(f);
  return pattern.replace(/:(\w+)/g, "x");
}

type Problem = string;

function check(label: string, res: Sent, problems: Problem[]) {
  if (res.status >= 500) problems.push(`${label}: ${res.status}`);
  const type = res.headers.get("content-type") ?? "";
  if (!type || type.includes("html")) {
    for (const re of REFLECTED)
      if (re.test(res.body)) problems.push(`${label}: reflects ${re.source} unescaped`);
  }
  if (res.headers.get("x-content-type-options") !== "nosniff")
    problems.push(`${label}: no X-Content-Type-Options`);
  if (res.headers.get("x-frame-options") !== "DENY") problems.push(`${label}: no X-Frame-Options`);
  if (res.headers.get("referrer-policy") !== "same-origin") problems.push(`${label}: no Referrer-Policy`);
  if (
    type.includes("html") &&
    !(res.headers.get("content-security-policy") ?? "").includes("default-src 'self'")
  )
    problems.push(`${label}: HTML without CSP`);
}

/** A label for a hostile value: shortened, invisible and control characters shown as "?". */
const short = (s: string) =>
  [...(s.length > 60 ? `${s.slice(0, 40)}…(${s.length})` : s)]
    .map((c) => (c.charCodeAt(0) < 32 || /[\u202e\u200b-\u200f\u2066-\u2069\ufeff]/.test(c) ? "?" : c))
    .join("");

/** Runs requests a few at a time (bounded), collecting problems. */
async function probe(
  jobs: Array<{ label: string; role: Role; run: (cookie: string | undefined) => Promise<Sent> }>,
  problems: Problem[],
  kinds: Map<string, number>,
) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const res = await job.run(await cookieFor(job.role));
      const type = (res.headers.get("content-type") ?? "none").split(";")[0];
      const kind = res.status >= 300 && res.status < 400 ? "redirect" : `${res.status} ${type}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      check(`${job.label} as ${job.role}`, res, problems);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

function withQuery(p: string, params: Array<[string, string]>) {
  const url = new URL(p, "http://x");
  for (const [k, v] of params) url.searchParams.append(k, v);
  return url.pathname + url.search;
}

const totals = new Map<string, number>();

describe("hostile input on every route", () => {
  it("finds the routes, their parameters and their forms in the sources", () => {
    expect(probed.length).toBeGreaterThan(40);
    expect(probed.filter((r) => r.hasAction).length).toBeGreaterThan(20);
    const needs = probed.find((r) => r.pattern === "/needs/:id")!;
    expect(needs.hasAction && needs.hasLoader).toBe(true);
  });

  for (const route of probed) {
    it(`${route.pattern}${route.hasAction ? " (form)" : ""}`, { timeout: 240_000 }, async () => {
      const problems: Problem[] = [];
      const kinds = new Map<string, number>();
      const base = validPath(route.pattern);
      const role = (i: number) => probeRoles[i % probeRoles.length];
      const jobs: Parameters<typeof probe>[0] = [];

      // URL parameters: each known one with a hostile value; all at once with each hostile value; repeated.
      const query = [...new Set([...route.query, ...commonQuery])];
      query.forEach((name, i) => {
        const v = hostile[i % hostile.length];
        jobs.push({
          label: `GET ${name}=${short(v)}`,
          role: role(i),
          run: (cookie) => send(withQuery(base, [[name, v]]), { cookie, ip: nextIp() }),
        });
      });
      hostile.forEach((v, i) => {
        jobs.push({
          label: `GET all params=${short(v)}`,
          role: role(i + 1),
          run: (cookie) =>
            send(
              withQuery(
                base,
                query.map((q) => [q, v]),
              ),
              { cookie, ip: nextIp() },
            ),
        });
      });
      jobs.push({
        label: "GET every param repeated",
        role: "coalitionOwner",
        run: (cookie) =>
          send(
            withQuery(
              base,
              query.flatMap((q) => hostile.slice(1, 4).map((v) => [q, v] as [string, string])),
            ),
            { cookie, ip: nextIp() },
          ),
      });
      // Path parameters: invalid ids and hostile strings.
      if (route.pattern.includes(":")) {
        badIds.forEach((v, i) => {
          const p = route.pattern.replace(/:(\w+)/g, () => encodeURIComponent(v));
          jobs.push({
            label: `GET ${route.pattern} with ${short(v)}`,
            role: role(i),
            run: (cookie) => send(p, { cookie, ip: nextIp() }),
          });
        });
      }

      // Forms: every field hostile at once (per hostile value, per intent), each field alone, arrays, nothing.
      if (route.hasAction) {
        const target = route.index ? `${base}${base.includes("?") ? "&" : "?"}index` : base;
        const fields = [...new Set([...route.fields, "intent"])];
        const intents = route.intents.length ? route.intents : [undefined];
        const post = (label: string, r: Role, form: Record<string, string | string[]>) =>
          jobs.push({
            label: `POST ${label}`,
            role: r,
            run: (cookie) => send(target, { cookie, form, ip: nextIp() }),
          });
        hostile.forEach((v, i) => {
          const intent = intents[i % intents.length];
          post(`all fields=${short(v)}${intent ? ` intent=${intent}` : ""}`, role(i), {
            ...Object.fromEntries(fields.map((k) => [k, v])),
            ...(intent ? { intent } : {}),
          });
        });
        intents.forEach((intent, i) => {
          if (!intent) return;
          for (const r of ["coalitionOwner", "expertMatched", "secretariat"] as Role[])
            post(`intent=${intent}, fields hostile`, r, {
              ...Object.fromEntries(fields.map((k) => [k, hostile[(i + 1) % hostile.length]])),
              intent,
            });
        });
        fields.forEach((k, i) =>
          post(`${k}=${short(hostile[i % hostile.length])}`, role(i + 2), {
            ...(intents[0] ? { intent: intents[0] } : {}),
            [k]: hostile[i % hostile.length],
          }),
        );
        post(
          "every field an array",
          "coalitionOwner",
          Object.fromEntries(fields.map((k) => [k, hostile.slice(1, 4)])),
        );
        post("no fields", "secretariat", {});
        post("no fields", "visitor", {});
        jobs.push({
          label: "POST JSON body",
          role: "expertMatched",
          run: (cookie) =>
            send(target, {
              cookie,
              ip: nextIp(),
              body: JSON.stringify({ intent: "<script>alert(1)</script>" }),
              headers: { "Content-Type": "application/json" },
            }),
        });
      }

      await probe(jobs, problems, kinds);
      for (const [k, v] of kinds) totals.set(k, (totals.get(k) ?? 0) + v);
      expect(problems, `${route.pattern}: ${jobs.length} requests`).toEqual([]);
    });
  }

  it("covered every kind of response (document, redirect, 404, resource/JSON)", () => {
    const summary = [...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k}×${v}`)
      .join(", ");
    console.info(
      `[hostile input probe] ${probed.length} routes (${probed.filter((r) => r.hasAction).length} with forms): ${summary}`,
    );
    const kinds = [...totals.keys()];
    expect(kinds.some((k) => k.startsWith("200 text/html"))).toBe(true);
    expect(kinds).toContain("redirect");
    expect(kinds.some((k) => k.startsWith("404 text/html"))).toBe(true);
    expect(
      kinds.some(
        (k) =>
          k.includes("application/json") ||
          k.includes("text/plain") ||
          k.includes("text/calendar") ||
          k.includes("text/csv"),
      ),
    ).toBe(true);
  });
});
