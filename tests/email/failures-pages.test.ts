// The secretariat's list of undeliverable email pages both of its lists: emails and digests each have a
// pager of their own (a failed digest run can leave hundreds), keeping the other list's page.
import { describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { send } from "../support/app";
import { createNetwork, createUser } from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

const FAILED_DIGESTS = 130;
const FAILED_EMAILS = 60;

describe("undeliverable email, page by page", () => {
  it(`lists ${FAILED_DIGESTS} failed digests across pages, each once, and keeps the emails' page apart`, async () => {
    const n = await createNetwork();
    await enableTotpFor(n.secretariatUser.id);
    const { cookie } = await createTestSession(n.secretariatUser.id, {
      activeOrganisationId: n.secretariat.id,
      twoFactorVerified: true,
    });
    const readers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createUser({ email: `failed-reader-${i}@example.org` })),
    );
    await db().digestDelivery.createMany({
      data: Array.from({ length: FAILED_DIGESTS }, (_, i) => ({
        userId: readers[i % readers.length]!.id,
        period: `daily:2026-0${1 + Math.floor(i / 5 / 28)}-${String(1 + (Math.floor(i / 5) % 28)).padStart(2, "0")}`,
        status: "failed" as const,
        lastError: `EENVELOPE 550 RCPT TO #${i}`,
        claimedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      })),
    });
    await db().emailMessage.createMany({
      data: Array.from({ length: FAILED_EMAILS }, (_, i) => ({
        toAddress: `gone-${i}@example.org`,
        template: "email_verification",
        params: {},
        status: "failed_permanent" as const,
        lastError: `EENVELOPE 550 email #${i}`,
      })),
    });

    const seen = new Set<string>();
    const pages: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await send(`/secretariat/email-failures?page=2&digestPage=${page}`, { cookie });
      expect(res.status).toBe(200);
      const shown = [...res.body.matchAll(/<td>EENVELOPE 550 RCPT TO #(\d+)<\/td>/g)].map((m) => m[1]!);
      pages.push(shown.length);
      for (const i of shown) seen.add(i);
      // (Rows are counted in the table; the page's data for hydration repeats them.)
      // The emails' list stays on its own page 2 (the last 10 of 60).
      expect([...res.body.matchAll(/<td>EENVELOPE 550 email #\d+<\/td>/g)]).toHaveLength(FAILED_EMAILS - 50);
      expect(res.body).toContain(page < 3 ? `digestPage=${page + 1}` : `digestPage=${page - 1}`);
    }
    expect(pages).toEqual([50, 50, 30]);
    expect(seen.size).toBe(FAILED_DIGESTS);
    // Most recent first.
    const first = await send("/secretariat/email-failures?digestPage=1", { cookie });
    expect(first.body).toMatch(new RegExp(`<td>EENVELOPE 550 RCPT TO #${FAILED_DIGESTS - 1}</td>`));
  });
});
