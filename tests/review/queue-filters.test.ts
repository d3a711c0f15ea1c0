// The review queue's search and filters (issue 21) against the real database: each filter narrows the
// needs waiting for review to those it describes, and search text is data, never SQL.
import { beforeAll, describe, expect, it } from "vitest";
import {
  loadReviewQueue,
  parseQueueFilters,
  queuedCountries,
} from "~/features/review/services/queries.server";
import { db } from "~/utils/db.server";
import {
  createNeed,
  createNetwork,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";

let ids: Record<string, string> = {};

beforeAll(async () => {
  const n = await createNetwork();
  const kenya = await createOrganisation({
    kind: "COALITION",
    countryCode: "KE",
    name: "Kenya Civic Coalition",
  });
  const kenyaUser = await createUser({}, { organisationId: kenya.id });
  const offer = await createOffer({
    organisationId: n.expert.id,
    createdById: n.expertUser.id,
    coverageGlobal: true,
  });
  const mx = await createNeed({
    organisationId: n.coalition.id,
    createdById: n.coalitionUser.id,
    title: "Registration law review",
    urgency: "critical",
    categoryId: "legal",
  });
  const ke = await createNeed({
    organisationId: kenya.id,
    createdById: kenyaUser.id,
    countryCode: "KE",
    title: "Phone security training",
    summary: "Devices of field monitors",
    urgency: "normal",
    categoryId: "digital_security",
    topicIds: [],
    wantedBy: new Date(Date.now() - 5 * 86_400_000),
  });
  await createProposal({
    needId: mx.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    source: "worker",
  });
  await createProposal({
    needId: ke.id,
    offerId: offer.id,
    expertOrganisationId: n.expert.id,
    source: "volunteered",
  });
  ids = { mx: mx.id, ke: ke.id };
});

async function needIds(query: string) {
  const filters = parseQueueFilters(new URL(`http://x/secretariat/review?${query}`));
  const queue = await loadReviewQueue(db(), { page: 1, ...filters });
  return queue.groups.map((g) => g.need.id).sort();
}

describe("the review queue's filters", () => {
  it("lists everything without filters", async () => {
    expect(await needIds("")).toEqual([ids.mx, ids.ke].sort());
  });

  it("narrows by each filter", async () => {
    expect(await needIds("urgency=critical")).toEqual([ids.mx]);
    expect(await needIds("category=digital_security")).toEqual([ids.ke]);
    expect(await needIds("country=ke")).toEqual([ids.ke]);
    expect(await needIds("source=volunteered")).toEqual([ids.ke]);
    expect(await needIds("overdue=1")).toEqual([ids.ke]);
    expect(await needIds("urgency=critical&country=KE")).toEqual([]);
  });

  it("searches titles, summaries and coalition names, treating the text as data", async () => {
    expect(await needIds("search=registration")).toEqual([ids.mx]);
    expect(await needIds("search=field%20monitors")).toEqual([ids.ke]);
    expect(await needIds("search=Kenya%20Civic")).toEqual([ids.ke]);
    expect(await needIds("search=%25")).toEqual([]);
    expect(await needIds("search=%27%3B%20DROP%20TABLE%20%22Need%22%3B--")).toEqual([]);
    expect(await db().need.count()).toBeGreaterThan(0);
  });

  it("ignores malformed values instead of failing", async () => {
    expect(await needIds("urgency=urgentest&category=%3Cx%3E&country=MEX&source=x")).toEqual(
      [ids.mx, ids.ke].sort(),
    );
  });

  it("offers the countries waiting in the queue", async () => {
    expect(await queuedCountries(db())).toEqual(["KE", "MX"]);
  });
});
