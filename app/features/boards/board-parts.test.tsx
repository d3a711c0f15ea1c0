// The facet select writes its options as escaped HTML (issue 18): what a label holds is text, never markup,
// and the chosen option is marked as React marks `defaultValue`.
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { createI18n } from "~/i18n/i18n";
import { resourcesFor } from "~/i18n/i18n.server";
import { FacetSelect } from "./board-parts";

async function render(node: React.ReactNode) {
  const i18n = createI18n("en", await resourcesFor("en"));
  return renderToStaticMarkup(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>);
}

describe("FacetSelect", () => {
  it("escapes labels, groups and values, marks the chosen option and hides empty ones", async () => {
    const html = await render(
      <FacetSelect
        name="topic"
        label="Topic"
        value={'a"b'}
        locale="en"
        options={[
          { value: 'a"b', label: "<script>alert(1)</script> & co", count: 1200, group: "Légal <b>" },
          { value: "c", label: "Empty", count: 0, group: "Légal <b>" },
          { value: "d", label: "Other's", count: 3, group: "Digital" },
        ]}
      />,
    );
    expect(html).toContain(
      '<select id="filter-topic" name="topic" class="text-sm"><option value="">Any</option>' +
        '<optgroup label="Légal &lt;b&gt;"><option value="a&quot;b" selected="">' +
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co (1,200)</option></optgroup>" +
        '<optgroup label="Digital"><option value="d">Other&#39;s (3)</option></optgroup></select>',
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("Empty");
  });

  it("with bounded counts shows every option, its count a lower bound; without a choice, Any is chosen", async () => {
    const html = await render(
      <FacetSelect
        name="urgency"
        label="Urgency"
        value={undefined}
        locale="fr"
        bounded
        options={[
          { value: "high", label: "Haute", count: 1500 },
          { value: "low", label: "Basse", count: 0 },
        ]}
      />,
    );
    expect(html).toContain(
      '<option value="" selected="">Any</option><option value="high">Haute (1\u202f500+)</option><option value="low">Basse</option>',
    );
  });
});
