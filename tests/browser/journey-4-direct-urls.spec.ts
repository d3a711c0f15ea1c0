// Journey 4 (issue 8): a member of another coalition (Guatemala, verified) tries direct URLs to Mexico's
// confidential need — its page, edit form, experts, engagement, proposal, the secretariat's pages — and gets
// 404/403 every time, never the details (nor, for a secretariat-only need, even its title). Tagged @nojs.
import { expect, screenshot, test } from "./support/fixtures";
import { signedInPage } from "./support/session";
import { closeE2eDb, e2eDb } from "./support/world";

test.afterAll(closeE2eDb);

test("another coalition's member gets nothing from direct URLs to a confidential need @nojs", async ({
  browser,
  foreignRequests,
}) => {
  test.setTimeout(120_000);
  // The demo seed's confidential need: Mexico (repressed → secretariat-only, anonymised), with an engagement.
  const need = await e2eDb().need.findFirstOrThrow({
    where: {
      organisationId: "seed-org-mx",
      visibility: "secretariat",
      details: { not: "" },
      engagements: { some: {} },
    },
    select: {
      id: true,
      title: true,
      details: true,
      outcomeWanted: true,
      engagements: { select: { id: true, proposalId: true }, take: 1 },
    },
  });
  const engagement = need.engagements[0];
  const secrets = [need.details, need.outcomeWanted].filter(Boolean);

  const outsider = await signedInPage(browser, "gt@demo.puente.local");
  const urls = [
    `/needs/${need.id}`,
    `/needs/${need.id}/edit`,
    `/needs/${need.id}/experts`,
    `/engagements/${engagement.id}`,
    `/proposals/${engagement.proposalId}`,
  ];
  for (const url of urls) {
    const response = await outsider.goto(url);
    expect([403, 404], `${url} answers ${response?.status()}`).toContain(response?.status());
    const html = await outsider.content();
    for (const secret of secrets) expect(html, `${url} leaks the details`).not.toContain(secret);
    expect(html, `${url} leaks the title`).not.toContain(need.title);
    if (url === urls[0]) await screenshot(outsider, `journey4-need-refused-${test.info().project.name}`);
  }
  // Secretariat pages refuse a coalition member outright.
  for (const url of [
    `/secretariat/review?need=${need.id}`,
    `/secretariat/audit?entityType=need&entityId=${need.id}`,
    `/secretariat/triage`,
    "/secretariat/insight",
  ]) {
    const response = await outsider.goto(url);
    expect([403, 404], `${url} answers ${response?.status()}`).toContain(response?.status());
    const html = await outsider.content();
    for (const secret of secrets) expect(html, `${url} leaks the details`).not.toContain(secret);
  }
  // Neither the board nor its search lists it.
  // (the search box echoes the query, and seed titles repeat across countries: look for links to it instead)
  await outsider.goto(`/needs?q=${encodeURIComponent(need.title)}`);
  await expect(outsider.locator(`a[href^="/needs/${need.id}"]`)).toHaveCount(0);
  for (const secret of secrets) expect(await outsider.content()).not.toContain(secret);
  await outsider.goto(`/engagements`);
  await expect(outsider.locator(`a[href="/engagements/${engagement.id}"]`)).toHaveCount(0);
  // A form post to the need (withdraw) is refused and changes nothing.
  const response = await outsider.request.post(`/needs/${need.id}`, {
    form: { intent: "withdraw" },
    headers: { Origin: new URL(outsider.url()).origin },
    maxRedirects: 0,
  });
  expect([403, 404]).toContain(response.status());
  expect(
    (await e2eDb().need.findUniqueOrThrow({ where: { id: need.id }, select: { status: true } })).status,
  ).not.toBe("withdrawn");
  expect(foreignRequests).toEqual([]);
});
