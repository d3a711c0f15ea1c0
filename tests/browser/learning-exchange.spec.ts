// The learning exchange (issue 23), with and without JavaScript (@nojs: every step is a plain form): an
// expert organisation's member (Spanish interface) publishes a guide written in Spanish for the network;
// a member of the Senegalese coalition (French interface) searches the library in French and finds it;
// a visitor does not. Real forms, the real worker indexing the guide, the real search.
import { randomBytes } from "node:crypto";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { signedInPage } from "./support/session";

test.describe("learning exchange @nojs", () => {
  test("an expert publishes a guide in Spanish, a French-speaking coalition finds it searching in French", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const project = test.info().project.name;
    const tag = randomBytes(3).toString("hex");
    const title = `Guía ${tag}: cómo responder a una ley sobre financiamiento extranjero`;

    // 1. The expert (Abogados por la Sociedad Civil; their account reads Spanish) shares a guide with the network.
    const expert = await signedInPage(browser, "lexam@demo.puente.local");
    await expert.goto("/resources");
    await expect(expert.getByRole("heading", { level: 1 })).toHaveText("Intercambio de aprendizajes");
    await expert.getByRole("link", { name: "Compartir un recurso" }).click();
    await expect(expert.getByRole("heading", { level: 1 })).toHaveText("Compartir un recurso");
    await expert.getByLabel("Tipo de recurso").selectOption("guide");
    await expert.getByLabel("Título").fill(title);
    await expert
      .getByLabel("Resumen")
      .fill(
        "Pasos para analizar un proyecto de ley que restringe el financiamiento extranjero de las organizaciones y preparar la incidencia.",
      );
    await expert
      .getByLabel("Texto")
      .fill(
        "1. Leer el proyecto.\n2. Compararlo con los estándares internacionales.\n3. Coordinar con la coalición.",
      );
    await expert.getByLabel("Escrito en").selectOption("es");
    await expert.getByLabel("Disponible en").selectOption(["es", "fr"]);
    await expert.getByRole("checkbox", { name: "Restricciones al financiamiento extranjero" }).check();
    await expert.getByLabel("Países").selectOption(["MX", "SN"]);
    await expert.getByRole("radio", { name: /^Red/ }).check();
    await expectAccessible(expert, "resource form");
    await expert.getByRole("button", { name: "Publicar" }).click();
    await expect(expert.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(expert.getByRole("status")).toContainText("El recurso está publicado.");
    const resourcePath = new URL(expert.url()).pathname;
    expect(resourcePath).toMatch(/^\/resources\/[^/]+$/);
    await expectAccessible(expert, "resource page (publisher)");
    await screenshot(expert, `learning-exchange-published-${project}`);

    // 2. A member of the Senegalese coalition (French interface) searches the library in French. The worker
    // indexes the guide after it is published: the search is repeated until it appears.
    const coalition = await signedInPage(browser, "sn@demo.puente.local");
    await expect(async () => {
      await coalition.goto("/resources");
      await expect(coalition.getByRole("heading", { level: 1 })).toHaveText("Échange d'apprentissages");
      await coalition.getByLabel("Mots du titre ou du résumé").fill("financement étranger");
      await coalition.getByRole("button", { name: "Appliquer les filtres" }).click();
      await expect(coalition).toHaveURL(/[?&]q=financement/);
      const results = coalition.getByRole("list", { name: "Ressources trouvées" });
      await expect(results.getByRole("link", { name: title })).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 45_000 });
    // Only what matches: the demo's digital-security template (visible to this coalition) is not listed.
    await expect(coalition.getByRole("link", { name: /Incident response plan template/ })).toHaveCount(0);
    await expectAccessible(coalition, "library search (French)");
    await screenshot(coalition, `learning-exchange-search-fr-${project}`);
    await coalition.getByRole("link", { name: title }).click();
    await expect(coalition.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(coalition.getByText("Guide · Abogados por la Sociedad Civil")).toBeVisible();
    await expect(coalition.getByText("Restrictions au financement étranger")).toBeVisible();
    await expectAccessible(coalition, "resource page (reader)");

    // 3. The guide is for the network: a visitor neither finds it nor opens it.
    const visitorContext = await browser.newContext({ locale: "fr-FR" });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`/resources?q=${encodeURIComponent("financement étranger")}`);
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("Échange d'apprentissages");
    await expect(visitor.getByRole("link", { name: title })).toHaveCount(0);
    const direct = await visitor.goto(resourcePath);
    expect(direct?.status()).toBe(404);
    await visitorContext.close();
  });
});
