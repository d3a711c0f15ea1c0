import { describe, expect, it } from "vitest";
import { selectDigestItems, type DigestNeed, type DigestOffer, type DigestRecipient } from "./select";

const need = (over: Partial<DigestNeed> = {}): DigestNeed => ({
  id: "n1",
  title: "Need",
  organisationId: "coalition-mx",
  status: "open",
  visibility: "network",
  anonymised: false,
  categoryId: "legal",
  topicIds: ["legal.registration"],
  countryCode: "MX",
  region: "latin_america_caribbean",
  languages: ["es"],
  urgency: "normal",
  openedAt: new Date("2026-11-17T00:00:00Z"),
  ...over,
});
const offer = (over: Partial<DigestOffer> = {}): DigestOffer => ({
  id: "o1",
  title: "Offer",
  organisationId: "expert",
  status: "active",
  categoryIds: ["legal"],
  topicIds: ["legal.registration"],
  coverageGlobal: false,
  coverageCountries: [],
  coverageRegions: ["latin_america_caribbean"],
  languages: ["es", "en"],
  publishedAt: new Date("2026-11-17T00:00:00Z"),
  vettingLevel: "verified",
  ...over,
});
const expert = (over: Partial<DigestRecipient> = {}): DigestRecipient => ({
  userId: "u1",
  email: "u1@example.org",
  locale: "en",
  urgentAlerts: true,
  filters: { categoryIds: [], countryCodes: [], topicIds: [] },
  memberships: [
    {
      organisationId: "expert",
      kind: "EXPERT",
      vettingLevel: "verified",
      role: "member",
      countryCode: null,
      countryRegion: null,
    },
  ],
  ...over,
});
const region = (code: string) => (code === "FR" ? "europe_central_asia" : "latin_america_caribbean") as never;
const select = (r: DigestRecipient, needs: DigestNeed[], offers: DigestOffer[] = [], mine = [offer()]) =>
  selectDigestItems(r, { needs, offers }, new Map([["expert", mine]]), region);

describe("digest selection", () => {
  it("gives experts the visible needs that fit an active offer", () => {
    const got = select(expert(), [
      need({ id: "fits" }),
      need({ id: "secretariat-only", visibility: "secretariat" }),
      need({ id: "other-category", categoryId: "advocacy" }),
      need({ id: "no-shared-language", languages: ["fr"] }),
      need({ id: "not-covered", countryCode: "FR", region: "europe_central_asia" }),
      need({ id: "anonymised", anonymised: true }),
    ]);
    expect(got.needs.map((n) => n.id).sort()).toEqual(["anonymised", "fits"]);
  });

  it("gives nothing to an unverified organisation, or through a paused offer", () => {
    const unverified = expert({
      memberships: [
        {
          organisationId: "expert",
          kind: "EXPERT",
          vettingLevel: "unverified",
          role: "member",
          countryCode: null,
          countryRegion: null,
        },
      ],
    });
    expect(select(unverified, [need()]).needs).toEqual([]);
    expect(select(expert(), [need()], [], [offer({ status: "paused" })]).needs).toEqual([]);
  });

  it("applies the recipient's filters and puts critical needs first", () => {
    const filtered = expert({ filters: { categoryIds: [], countryCodes: ["GT"], topicIds: [] } });
    expect(
      select(filtered, [need({ id: "mx" }), need({ id: "gt", countryCode: "GT" })]).needs.map((n) => n.id),
    ).toEqual(["gt"]);
    const topics = expert({
      filters: { categoryIds: ["legal"], countryCodes: [], topicIds: ["legal.assembly"] },
    });
    expect(
      select(topics, [
        need({ id: "registration" }),
        need({ id: "assembly", topicIds: ["legal.assembly"] }),
      ]).needs.map((n) => n.id),
    ).toEqual(["assembly"]);
    const order = select(expert(), [
      need({ id: "low", urgency: "low" }),
      need({ id: "critical", urgency: "critical" }),
    ]).needs.map((n) => n.id);
    expect(order).toEqual(["critical", "low"]);
  });

  it("gives coalitions the new active offers covering their country, not their own", () => {
    const coalition: DigestRecipient = {
      ...expert(),
      memberships: [
        {
          organisationId: "coalition-mx",
          kind: "COALITION",
          vettingLevel: "verified",
          role: "admin",
          countryCode: "MX",
          countryRegion: "latin_america_caribbean",
        },
      ],
    };
    const got = select(
      coalition,
      [need()],
      [
        offer({ id: "regional" }),
        offer({ id: "country", coverageRegions: [], coverageCountries: ["MX"] }),
        offer({ id: "global", coverageRegions: [], coverageGlobal: true }),
        offer({ id: "europe", coverageRegions: ["europe_central_asia"] }),
        offer({ id: "draft", status: "draft" }),
        offer({ id: "own", organisationId: "coalition-mx" }),
        // An unvetted organisation's offer is never announced (issue 15), whatever its coverage.
        offer({ id: "unvetted", organisationId: "new-expert", vettingLevel: "unverified" }),
      ],
    );
    expect(got.offers.map((o) => o.id).sort()).toEqual(["country", "global", "regional"]);
    expect(got.needs).toEqual([]);
  });
});
