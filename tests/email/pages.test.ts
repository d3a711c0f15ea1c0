// The pages of the email feature: the development mailbox (fed by the real mail catcher), the
// notification settings, and the secretariat's list of undeliverable email.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSession } from "~/features/auth/services/session.server";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { createMailer } from "~/features/email/services/mailer.server";
import { renderEmail } from "~/features/email/services/render.server";
import { db } from "~/utils/db.server";
import { createMailCatcher } from "../../scripts/mail-catcher";
import { createOrganisation, createUser } from "../support/factories";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "puente-mailbox-"));
});
afterAll(async () => {
  await closeCommitPool();
  await rm(dir, { recursive: true, force: true });
});

async function signedIn(userId: string, twoFactorVerified = false) {
  const { token } = await db().$transaction((tx) => createSession(tx, { userId, twoFactorVerified }));
  return { cookie: `__session=${token}` };
}

const routeArgs = (request: Request, params: Record<string, string> = {}) =>
  ({
    request,
    params,
    context: { get: () => undefined } as never,
    unstable_pattern: "",
    matches: [],
  }) as never;

describe("development mailbox", () => {
  it("shows what the mail catcher caught, only when DEV_MAILBOX is on and only to a signed-in user", async () => {
    const user = await createUser();
    const { cookie } = await signedIn(user.id);
    const headers = { cookie };
    const stored: string[] = [];
    const catcher = createMailCatcher({ dir, onStored: (id) => stored.push(id) });
    await new Promise<void>((resolve) => catcher.listen(0, "127.0.0.1", () => resolve()));
    const port = (catcher.server.address() as { port: number }).port;
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: "Puente <no-reply@puente.test>",
      pool: false,
    });
    const rendered = await renderEmail("proposal_reminder", "es", {
      proposalUrl: "http://localhost:3000/proposals/p1",
      respondBy: "2026-12-05T00:00:00Z",
    });
    await mailer.send({ to: "experta@example.org", ...rendered, messageId: "<dev-1@localhost>" });
    mailer.close();
    await vi.waitFor(() => expect(stored).toHaveLength(1));
    await new Promise<void>((resolve) => catcher.close(() => resolve()));

    process.env.MAIL_CATCHER_DIR = dir;
    process.env.DEV_MAILBOX = "true";
    vi.resetModules();
    const list = await import("~/features/email/routes/dev-mailbox");
    const show = await import("~/features/email/routes/dev-mailbox-message");
    const signedOut = await list
      .loader(routeArgs(new Request("http://localhost:3000/dev/mailbox")))
      .catch((e) => e);
    expect(signedOut.init?.status).toBe(404);
    const signedOutOne = await show
      .loader(routeArgs(new Request(`http://localhost:3000/dev/mailbox/${stored[0]}`), { id: stored[0] }))
      .catch((e) => e);
    expect(signedOutOne.init?.status).toBe(404);
    const data = await list.loader(routeArgs(new Request("http://localhost:3000/dev/mailbox", { headers })));
    expect(data.total).toBe(1);
    expect(data.entries[0].subject).toBe(rendered.subject);
    expect(data.entries[0].to).toEqual(["experta@example.org"]);
    const one = await show.loader(
      routeArgs(new Request(`http://localhost:3000/dev/mailbox/${stored[0]}`, { headers }), {
        id: stored[0],
      }),
    );
    expect(one.message.text).toContain("http://localhost:3000/proposals/p1");
    expect(one.message.language).toBe("es");
    expect(one.message.html).toContain("<html");
    const missing = await show
      .loader(
        routeArgs(new Request("http://localhost:3000/dev/mailbox/../../etc", { headers }), {
          id: "../../etc/passwd",
        }),
      )
      .catch((e) => e);
    expect(missing.init?.status).toBe(404);

    process.env.DEV_MAILBOX = "false";
    vi.resetModules();
    const off = await import("~/features/email/routes/dev-mailbox");
    const hidden = await off
      .loader(routeArgs(new Request("http://localhost:3000/dev/mailbox", { headers })))
      .catch((e) => e);
    expect(hidden.init?.status).toBe(404);
    delete process.env.DEV_MAILBOX;
  });
});

describe("notification settings", () => {
  it("needs a signed-in user, shows the defaults and saves frequency, filters and urgent alerts", async () => {
    const { loader, action } = await import("~/features/digest/routes/notifications");
    const anonymous = await loader(
      routeArgs(new Request("http://localhost:3000/settings/notifications")),
    ).catch((e) => e);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);

    const org = await createOrganisation({ kind: "EXPERT" });
    const user = await createUser({ locale: "fr" }, { organisationId: org.id });
    const headers = await signedIn(user.id);
    const page = await loader(
      routeArgs(new Request("http://localhost:3000/settings/notifications", { headers })),
    );
    expect(page.preferences).toEqual({
      frequency: "weekly",
      categoryIds: [],
      countryCodes: [],
      topicIds: [],
      urgentAlerts: true,
      messageEmails: true,
    });

    const form = new URLSearchParams([
      ["frequency", "daily"],
      ["categoryIds", "legal"],
      ["categoryIds", "advocacy"],
      ["topicIds", "legal.registration"],
      ["countries", "mx, gt,"],
    ]);
    const saved = await action(
      routeArgs(
        new Request("http://localhost:3000/settings/notifications", {
          method: "POST",
          body: form,
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    );
    expect((saved as Response).status).toBe(302);
    const row = await db().digestSubscription.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row).toMatchObject({
      frequency: "daily",
      categoryIds: ["legal", "advocacy"],
      topicIds: ["legal.registration"],
      countryCodes: ["MX", "GT"],
      urgentAlerts: false,
      // An unticked box in a plain form: message emails off too.
      messageEmails: false,
    });
    expect(
      await db().auditEvent.count({ where: { action: "notifications.updated", entityId: user.id } }),
    ).toBe(1);

    const bad = new URLSearchParams([
      ["frequency", "hourly"],
      ["countries", "Mexico"],
    ]);
    const refused = await action(
      routeArgs(
        new Request("http://localhost:3000/settings/notifications", {
          method: "POST",
          body: bad,
          headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
        }),
      ),
    );
    const body = refused as {
      init: { status: number };
      data: { result: { error: Record<string, string[]> } };
    };
    expect(body.init.status).toBe(400);
    expect(body.data.result.error.countries).toEqual(["digest:preferences.invalidCountries"]);
    expect((await db().digestSubscription.findUniqueOrThrow({ where: { userId: user.id } })).frequency).toBe(
      "daily",
    );
  });
});

describe("undeliverable email page", () => {
  it("lists permanent failures for the secretariat only", async () => {
    const { loader } = await import("~/features/operations/routes/email-failures");
    const secretariat = await createOrganisation({ kind: "SECRETARIAT", countryCode: null });
    const staff = await createUser({ totpEnabledAt: new Date() }, { organisationId: secretariat.id });
    const expertOrg = await createOrganisation({ kind: "EXPERT" });
    const expert = await createUser({}, { organisationId: expertOrg.id });
    await db().emailMessage.create({
      data: {
        toAddress: "gone@example.org",
        template: "email_verification",
        params: {},
        status: "failed_permanent",
        lastError: "EENVELOPE 550 RCPT TO",
      },
    });
    await db().digestDelivery.create({
      data: {
        userId: expert.id,
        period: "weekly:2026-W44",
        status: "failed",
        lastError: "EENVELOPE 550 RCPT TO",
      },
    });

    const forbidden = await loader(
      routeArgs(
        new Request("http://localhost:3000/secretariat/email-failures", {
          headers: await signedIn(expert.id),
        }),
      ),
    ).catch((e) => e);
    expect(forbidden.init?.status).toBe(403);
    const data = await loader(
      routeArgs(
        new Request("http://localhost:3000/secretariat/email-failures", {
          headers: await signedIn(staff.id, true),
        }),
      ),
    );
    expect(data.total).toBe(1);
    expect(data.emails[0]).toMatchObject({
      toAddress: "gone@example.org",
      lastError: "EENVELOPE 550 RCPT TO",
    });
    expect(data.digestTotal).toBe(1);
    expect(data.digests[0].user.email).toBe(expert.email);
  });
});
