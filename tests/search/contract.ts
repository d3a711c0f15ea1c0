// The SearchIndex contract: what any implementation must do, checked against hand-counted fixtures.
// pg.test.ts runs it on PostgreSQL; meili.test.ts runs it on Meilisearch when MEILI_URL is set.
import { beforeAll, describe, expect, it } from "vitest";
import { searchScope, type SearchScope } from "~/features/auth/policy";
import type { SearchIndex, SearchQuery, SearchResult } from "~/features/search/search-index";
import { allSearchDocs, loadSearchDoc } from "~/features/search/services/documents.server";
import { loadSearchScope } from "~/features/search/services/scope.server";
import { db } from "~/utils/db.server";
import { createSearchFixtures, type SearchFixtures } from "./fixtures";

export function searchContract(makeIndex: () => Promise<SearchIndex>) {
  let index: SearchIndex;
  let fx: SearchFixtures;
  let all: SearchScope;

  const ids = (r: SearchResult) => r.hits.map((h) => h.entityId);
  const find = (q: SearchQuery, scope: SearchScope = all) => index.query(q, scope);
  const findIds = async (q: SearchQuery, scope: SearchScope = all) =>
    ids(await find({ pageSize: 50, ...q }, scope));

  beforeAll(async () => {
    index = await makeIndex();
    fx = await createSearchFixtures();
    all = searchScope(fx.viewers.secretariat);
    const { count } = await index.reindex(allSearchDocs(db()));
    // n3 (draft), n7 (withdrawn) and o3 (draft) are not indexed: 6 needs + 3 offers.
    expect(count).toBe(9);
  });

  describe("text", () => {
    it("ignores accents both ways and case", async () => {
      const { n1, n5, u1, n3, n7 } = fx.needs;
      const { o2, o3 } = fx.offers;
      for (const text of ["organizacion", "organización", "ORGANIZACIÓN"]) {
        const found = await findIds({ text });
        expect(found, text).toEqual(expect.arrayContaining([n1.id, n5.id, u1.id, o2.id]));
        expect(found, text).not.toEqual(expect.arrayContaining([n3.id]));
        expect(found).not.toContain(n7.id);
        expect(found).not.toContain(o3.id);
      }
      // The offer is written without accents; an accented query finds it. (The lexicon also finds what is
      // written in the other languages, "capacitación", "sociedad civil": see "across languages".)
      expect(await findIds({ text: "formación" })).toContain(o2.id);
      expect(await findIds({ text: "societe civile" })).toContain(fx.needs.n6.id);
      expect(await findIds({ text: "Société Civile" })).toContain(fx.needs.n6.id);
    });

    it("finds one-typo queries", async () => {
      const { n1, n2, u1 } = fx.needs;
      const { o1, o2 } = fx.offers;
      expect(await findIds({ text: "organizasion" })).toEqual(expect.arrayContaining([n1.id, u1.id]));
      expect((await findIds({ text: "seguridad digitl" })).sort()).toEqual([n2.id, o2.id].sort());
      // n1 is on CSO registration: the topic's label says so.
      expect((await findIds({ text: "registrtion" })).sort()).toEqual([o1.id, fx.needs.n1.id].sort());
      // Two typos in a 6-letter word are too many: nothing is found rather than something unrelated.
      expect(await findIds({ text: "tallrez" })).toEqual([]);
    });

    it("matches the last word as a prefix", async () => {
      const { n2 } = fx.needs;
      const { o2 } = fx.offers;
      expect((await findIds({ text: "segur" })).sort()).toEqual([n2.id, o2.id].sort());
    });

    it("ranks title matches first", async () => {
      const found = await findIds({ text: "protección" });
      expect(found[0]).toBe(fx.needs.n4.id);
      expect(found).toEqual(expect.arrayContaining([fx.needs.n2.id, fx.offers.o2.id]));
    });

    it("highlights matches in HTML-escaped snippets and titles", async () => {
      const r = await find({ text: "mujeres" });
      expect(ids(r)).toEqual([fx.needs.u1.id]);
      expect(r.hits[0]!.snippet).toContain("<mark>Mujeres</mark> &amp; jóvenes &lt;líderes&gt;");
      expect(r.hits[0]!.titleHtml).toBe("Organización comunitaria de <mark>mujeres</mark>");
      const accent = await find({ text: "organizacion registro" });
      expect(accent.hits[0]!.titleHtml).toBe("<mark>Registro</mark> legal de la <mark>organización</mark>");
      // Without text, the snippet is the escaped start of the body.
      const plain = await find({ entityType: "need", filters: { countryCodes: ["CO"] } });
      expect(plain.hits[0]!.snippet).toContain("&amp; jóvenes &lt;líderes&gt;");
      expect(plain.hits[0]!.snippet).not.toContain("<mark>");
    });
  });

  describe("highlighting shown items", () => {
    it("marks the matched words of given items only, escaped, within the scope", async () => {
      const { u1, n1, n4 } = fx.needs;
      const marks = await index.highlight({ text: "mujeres", entityType: "need" }, [u1.id, n1.id], all);
      expect([...marks.keys()]).toEqual([u1.id]); // n1 does not match
      expect(marks.get(u1.id)!.titleHtml).toBe("Organización comunitaria de <mark>mujeres</mark>");
      expect(marks.get(u1.id)!.snippet).toContain("<mark>Mujeres</mark> &amp; jóvenes &lt;líderes&gt;");
      const accent = await index.highlight(
        { text: "organizacion registro", entityType: "need" },
        [n1.id],
        all,
      );
      expect(accent.get(n1.id)!.titleHtml).toBe(
        "<mark>Registro</mark> legal de la <mark>organización</mark>",
      );
      // The secretariat-only need n4 is outside a plain verified expert's scope: nothing comes back.
      const hidden = await index.highlight(
        { text: "protección", entityType: "need" },
        [n4.id],
        searchScope(fx.viewers.expert2),
      );
      expect(hidden.size).toBe(0);
      expect((await index.highlight({ text: "   ", entityType: "need" }, [u1.id], all)).size).toBe(0);
    });
  });

  describe("filters and facets", () => {
    it("counts facets over every visible need", async () => {
      const r = await find({ entityType: "need" });
      expect(r.total).toBe(6);
      expect(r.exhaustive).toBe(true);
      expect(r.facets.categoryIds).toEqual({ legal: 3, digital_security: 1, advocacy: 2 });
      expect(r.facets.countryCodes).toEqual({ MX: 4, SN: 1, CO: 1 });
      expect(r.facets.languages).toEqual({ es: 5, en: 1, fr: 1 });
      expect(r.facets.urgency).toEqual({ critical: 2, high: 1, normal: 2, low: 1 });
      expect(r.facets.status).toEqual({ open: 5, submitted: 1 });
      expect(r.facets.regions).toEqual({ latin_america_caribbean: 5, sub_saharan_africa: 1 });
      expect(r.facets.topicIds["legal.foreign_funding"]).toBe(2);
    });

    it("counts facets over needs and offers together", async () => {
      const r = await find({});
      expect(r.total).toBe(9);
      expect(r.facets.categoryIds).toEqual({ legal: 5, digital_security: 2, advocacy: 2 });
      expect(r.facets.countryCodes).toEqual({ MX: 5, SN: 1, CO: 2 });
      expect(r.facets.status).toEqual({ open: 5, submitted: 1, active: 1, paused: 1, retired: 1 });
      expect(r.facets.regions).toEqual({ latin_america_caribbean: 6, sub_saharan_africa: 1, global: 1 });
    });

    it("applies each filter", async () => {
      const { n1, n2, n4, n5, n6, u1 } = fx.needs;
      const need = (filters: SearchQuery["filters"]) => findIds({ entityType: "need", filters });
      expect(await need({ countryCodes: ["SN"] })).toEqual([n6.id]);
      expect((await need({ urgency: ["critical", "high"] })).sort()).toEqual([n1.id, n2.id, n4.id].sort());
      expect(await need({ languages: ["fr"] })).toEqual([n6.id]);
      expect(await need({ regions: ["sub_saharan_africa"] })).toEqual([n6.id]);
      expect(await need({ status: ["submitted"] })).toEqual([n5.id]);
      expect(await need({ categoryIds: ["advocacy"] })).toEqual([u1.id, n4.id]);
      expect((await findIds({ filters: { topicIds: ["legal.foreign_funding"] } })).sort()).toEqual(
        [n5.id, n6.id, fx.offers.o1.id].sort(),
      );
      expect(await need({ postedAfter: new Date(Date.UTC(2026, 9, 5)) })).toEqual([u1.id, n6.id]);
      expect(await need({ postedBefore: new Date(Date.UTC(2026, 9, 2)) })).toEqual([n1.id]);
      expect(await findIds({ entityType: "offer" })).toEqual([
        fx.offers.o4.id,
        fx.offers.o2.id,
        fx.offers.o1.id,
      ]);
    });

    it("finds offers by the places they cover, as the offers board does", async () => {
      const { o1, o2, o4 } = fx.offers;
      const offer = (filters: SearchQuery["filters"]) => findIds({ entityType: "offer", filters });
      // o2 lists Mexico, o1 covers its region, o4 is global.
      expect(await offer({ countryCodes: ["MX"] })).toEqual([o4.id, o2.id, o1.id]);
      expect(await offer({ countryCodes: ["SN"] })).toEqual([o4.id]);
      expect(await offer({ regions: ["latin_america_caribbean"] })).toEqual([o4.id, o1.id]);
      expect(await offer({ regions: ["sub_saharan_africa"] })).toEqual([o4.id]);
      // A need is only in its own country, not in its region's other countries.
      const { n6 } = fx.needs;
      expect(await findIds({ entityType: "need", filters: { countryCodes: ["SN"] } })).toEqual([n6.id]);
      expect(await findIds({ entityType: "need", filters: { countryCodes: ["GT"] } })).toEqual([]);
      // Facets still count what each offer lists itself.
      const r = await find({ entityType: "offer", filters: { countryCodes: ["SN"] } });
      expect(r.facets.regions).toEqual({ global: 1 });
      expect(r.facets.countryCodes).toEqual({});
      expect(
        await index.matchingIds({ entityType: "offer", filters: { countryCodes: ["SN"] } }, all),
      ).toEqual([o4.id]);
    });

    it("combines text, filters and facets", async () => {
      const r = await find({ text: "ley", filters: { countryCodes: ["MX"] } });
      expect(ids(r).sort()).toEqual([fx.needs.n1.id, fx.needs.n5.id].sort());
      expect(r.total).toBe(2);
      expect(r.facets.categoryIds).toEqual({ legal: 2 });
      expect(r.facets.urgency).toEqual({ high: 1, normal: 1 });
    });

    it("sorts and paginates", async () => {
      const { n1, n2, n4, n5, n6, u1 } = fx.needs;
      expect(await findIds({ entityType: "need", sort: "newest" })).toEqual([
        u1.id,
        n6.id,
        n5.id,
        n4.id,
        n2.id,
        n1.id,
      ]);
      expect(await findIds({ entityType: "need", sort: "urgency" })).toEqual([
        n4.id,
        n2.id,
        n1.id,
        n6.id,
        n5.id,
        u1.id,
      ]);
      const page2 = await find({ entityType: "need", sort: "newest", page: 2, pageSize: 2 });
      expect(ids(page2)).toEqual([n5.id, n4.id]);
      expect(page2.total).toBe(6);
      const huge = await find({ pageSize: 5000 });
      expect(huge.pageSize).toBe(50);
    });
  });

  describe("visibility", () => {
    it("shows each viewer exactly what the policy allows", async () => {
      const { n1, n2, n4, n5, n6, u1 } = fx.needs;
      const { o1, o2, o4 } = fx.offers;
      const visible = async (scope: SearchScope) => (await findIds({}, scope)).sort();
      const sorted = (xs: string[]) => [...xs].sort();
      expect(await visible(searchScope(fx.viewers.visitor))).toEqual([]);
      expect(await visible(searchScope(fx.viewers.unverified))).toEqual([u1.id]);
      expect(await visible(searchScope(fx.viewers.expert2))).toEqual(
        sorted([n1.id, n2.id, n6.id, u1.id, o1.id, o2.id]),
      );
      expect(await visible(searchScope(fx.viewers.coalitionA))).toEqual(
        sorted([n1.id, n2.id, n4.id, n5.id, n6.id, u1.id, o1.id, o2.id]),
      );
      expect(await visible(searchScope(fx.viewers.expert))).toEqual(
        sorted([n1.id, n2.id, n6.id, u1.id, o1.id, o2.id, o4.id]),
      );
      // Through the approved proposal, the expert also sees the secretariat-only need n4.
      expect(await visible(await loadSearchScope(fx.viewers.expert))).toEqual(
        sorted([n1.id, n2.id, n4.id, n6.id, u1.id, o1.id, o2.id, o4.id]),
      );
      expect(await visible(all)).toEqual(
        sorted([n1.id, n2.id, n4.id, n5.id, n6.id, u1.id, o1.id, o2.id, o4.id]),
      );
    });

    it("applies the scope to text queries and facets too", async () => {
      const scope = searchScope(fx.viewers.expert2);
      const r = await find({ text: "protección" }, scope);
      expect(ids(r)).not.toContain(fx.needs.n4.id);
      const facets = await find({ entityType: "need" }, scope);
      expect(facets.total).toBe(4);
      expect(facets.facets.urgency).toEqual({ critical: 1, high: 1, normal: 1, low: 1 });
      expect(facets.facets.status).toEqual({ open: 4 });
    });

    it("returns the same matches as ids alone (for the boards), newest first, within the scope", async () => {
      const viewers = [
        all,
        searchScope(fx.viewers.expert2),
        searchScope(fx.viewers.unverified),
        await loadSearchScope(fx.viewers.expert),
      ];
      const queries = [{}, { text: "organizacion" }, { text: "segur", entityType: "offer" as const }];
      for (const scope of viewers) {
        for (const q of queries) {
          const matched = await index.matchingIds(q, scope);
          const paged = await findIds({ ...q, sort: "newest" }, scope);
          expect(matched, JSON.stringify(q)).toEqual(paged);
        }
      }
      expect(await index.matchingIds({ text: "protección" }, searchScope(fx.viewers.visitor))).toEqual([]);
      expect(await index.matchingIds({ filters: { countryCodes: ["MX"] }, entityType: "need" }, all)).toEqual(
        await findIds({ filters: { countryCodes: ["MX"] }, entityType: "need", sort: "newest" }),
      );
    });

    it("never indexes confidential details, outcomes or the coalition behind a need", async () => {
      for (const text of [
        "zafiroconfidencial",
        "obsidianasecreta",
        "Quetzalfantasma",
        "Contraseña servidor",
      ]) {
        expect(await findIds({ text }), text).toEqual([]);
      }
      const r = await find({ text: "protección" });
      for (const hit of r.hits) expect(Object.keys(hit)).not.toContain("organisationId");
    });
  });

  describe("writes", () => {
    it("indexes changes, removes documents and rebuilds with reindex", async () => {
      const { n6 } = fx.needs;
      await db().need.update({
        where: { id: n6.id },
        data: { title: "Défense des libertés associatives au Sénégal" },
      });
      await index.index([(await loadSearchDoc(db(), "need", n6.id))!]);
      expect(await findIds({ text: "libertes associatives" })).toEqual([n6.id]);
      // "juridique" left the title; the need still has the legal category, whose French label it is.
      const old = await find({ text: "juridique" });
      expect(old.hits.find((h) => h.entityId === n6.id)?.titleHtml).toBe(
        "Défense des libertés associatives au Sénégal",
      );

      await index.remove([`need:${n6.id}`, "need:does-not-exist"]);
      expect(await findIds({ text: "libertes" })).toEqual([]);

      // A document the database no longer knows disappears on reindex; the removed one comes back.
      const ghost = {
        ...(await loadSearchDoc(db(), "offer", fx.offers.o1.id))!,
        id: "offer:ghost",
        entityId: "ghost",
        title: "Fantomatique",
      };
      await index.index([ghost]);
      expect(await findIds({ text: "fantomatique" })).toEqual(["ghost"]);
      const { count } = await index.reindex(allSearchDocs(db(), 2));
      expect(count).toBe(9);
      expect(await findIds({ text: "fantomatique" })).toEqual([]);
      expect(await findIds({ text: "libertes" })).toEqual([n6.id]);
    });
  });
}
