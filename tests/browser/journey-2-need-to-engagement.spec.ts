// Journey 2 (issue 8): a Mexican coalition member drafts a need in Spanish (Spanish interface) and submits
// it; the secretariat triages it open; the worker proposes experts; the secretariat approves one; the expert
// accepts after seeing only the summary; the coalition confirms; both sides post updates; the coalition
// asks to close and the expert confirms (issue 21: closing is agreed), then both give feedback; the
// secretariat's gap map and audit log show it.
// Tagged @nojs: it also runs with JavaScript disabled (every step is a plain form). Each project posts its
// own need (the title carries the project name and a random tag), so the two runs do not meet.
import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, screenshot, test } from "./support/fixtures";
import { signedInPage, signInSecretariat } from "./support/session";
import { EXPERT_WITH_ROOM, publishLegalOffer } from "./support/steps";
import { closeE2eDb } from "./support/world";

test.afterAll(closeE2eDb);

const inWeeks = (n: number) => new Date(Date.now() + n * 7 * 86_400_000).toISOString().slice(0, 10);

/** Reloads (bounded) until the locator shows: the worker proposes experts asynchronously. */
async function reloadUntilVisible(page: Page, locator: ReturnType<Page["locator"]>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await locator.count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`nothing appeared at ${page.url()} within ${timeoutMs} ms`);
    await page.waitForTimeout(500);
    await page.reload();
  }
}

/** "Active engagements: N" in the gap map's Mexico × Legal cell. */
async function activeEngagementsMexicoLegal(sec: Page) {
  await sec.goto("/secretariat/insight");
  const gap = sec.getByRole("region", { name: "Gap map: country × category" });
  const row = gap.getByRole("row", { name: /^Mexico/ });
  const labels = await row
    .getByRole("link", { name: /^Active engagements: \d+$/ })
    .evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")!));
  const header = await gap.getByRole("columnheader").allTextContents();
  const legalColumn = header.indexOf("Legal") - 1; // first column is the country
  expect(legalColumn, "a Legal column in the gap map").toBeGreaterThanOrEqual(0);
  return Number(labels[legalColumn].match(/\d+/)![0]);
}

test("need in Spanish → triage → proposals → approval → acceptance → confirmation → updates → close with feedback @nojs", async ({
  browser,
  foreignRequests,
}) => {
  // The close is now two people's steps (asked, then confirmed), each checked with axe.
  test.setTimeout(420_000);
  const project = test.info().project.name;
  const tag = `${project}-${randomBytes(3).toString("hex")}`;
  const title = `Defensa jurídica de manifestantes ${tag}`;
  const summary = `Personas organizadoras de protestas pacíficas enfrentan cargos penales; buscamos estrategia de defensa (${tag}).`;
  const details = `DETALLE CONFIDENCIAL ${tag}: once personas detenidas; la lista de nombres está en nuestra carpeta segura.`;

  // 0. An expert organisation has room: it publishes a fresh offer (the demo network's capacity is all
  //    proposed already, and live proposals hold it).
  const expert = await signedInPage(browser, EXPERT_WITH_ROOM.email);
  await publishLegalOffer(expert, `Rapid legal defence for protest organisers ${tag}`);

  // 1. The coalition member (Spanish interface) drafts the need in Spanish, then submits it.
  const coalition = await signedInPage(browser, "mx.2@demo.puente.local");
  await coalition.goto("/needs/new");
  await expect(coalition.locator("html")).toHaveAttribute("lang", "es");
  await coalition.getByLabel("Título").fill(title);
  await coalition.getByLabel("Resumen").fill(summary);
  await coalition.getByLabel("Detalles").fill(details);
  await coalition
    .getByLabel("Resultado esperado")
    .fill("Defensa coordinada y un informe sombra sobre la actuación policial.");
  await coalition.getByLabel("Idioma en que está escrito este texto").selectOption("es");
  await coalition.getByLabel("Categoría").selectOption("legal");
  await coalition.getByLabel("País", { exact: true }).selectOption("MX");
  await coalition
    .getByRole("group", { name: "Idiomas de trabajo" })
    .getByRole("checkbox", { name: "español", exact: true })
    .check();
  // the optional fields wait behind a disclosure
  await coalition.getByText("Más sobre la necesidad (opcional)").click();
  await coalition.getByRole("checkbox", { name: "Libertad de reunión y protesta" }).check();
  await coalition.getByLabel("Urgencia").selectOption("high");
  await coalition.getByLabel("Fecha deseada").fill(inWeeks(8));
  await coalition.getByLabel("Esfuerzo estimado (horas)").fill("20");
  await expectAccessible(coalition, "new need (coalition, es)");
  await screenshot(coalition, `journey2-new-need-${project}`);
  await coalition.getByRole("button", { name: "Guardar como borrador" }).click();
  await expect(coalition.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(coalition.getByText("Su necesidad se guardó como borrador.")).toBeVisible();
  const needPath = new URL(coalition.url()).pathname;
  const needId = needPath.split("/").pop()!;
  await coalition.getByRole("button", { name: "Enviar a revisión" }).click();
  await expect(coalition.getByText("Su necesidad fue enviada. La secretaría la revisará.")).toBeVisible();

  // 2. The secretariat triages it open.
  const sec = await signInSecretariat(browser);
  await sec.goto("/secretariat/triage");
  await expect(sec.getByRole("link", { name: title, exact: true })).toBeVisible();
  await expectAccessible(sec, "triage queue");
  await sec.goto(needPath);
  await expect(sec.getByText(details)).toBeVisible(); // the secretariat reads the details (audited)
  await expectAccessible(sec, "need detail (secretariat, triage)");
  await sec.getByRole("button", { name: "Open the need" }).click();
  await expect(sec.getByText("The triage decision was recorded.")).toBeVisible();

  // 3. The worker proposes experts; the secretariat approves the one with room.
  await sec.goto(`/secretariat/review?need=${needId}`);
  const chosen = EXPERT_WITH_ROOM.name;
  const approve = sec.getByRole("button", { name: `Approve ${chosen}`, exact: true });
  await reloadUntilVisible(sec, approve);
  await expectAccessible(sec, "review queue");
  await screenshot(sec, `journey2-review-queue-${project}`);
  const activeBefore = await activeEngagementsMexicoLegal(sec);
  await sec.goto(`/secretariat/review?need=${needId}`);
  await approve.first().click();
  await expect(sec.getByText("Proposal approved: the expert organisation has been told.")).toBeVisible();

  // 4. The expert sees only the summary and the country, then accepts; the details open.
  await expert.goto("/proposals");
  await expectAccessible(expert, "proposals (expert)");
  await expert.getByRole("link", { name: title, exact: true }).click();
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(expert.getByText(summary)).toBeVisible();
  await expect(expert.getByText(details)).toHaveCount(0);
  await expect(expert.getByText(/are shared once you accept/)).toBeVisible();
  await expectAccessible(expert, "proposal before acceptance (expert)");
  await screenshot(expert, `journey2-proposal-summary-only-${project}`);
  await expert
    .getByRole("checkbox", { name: "We confirm that we have no conflict of interest with this need." })
    .check();
  await expert
    .getByRole("checkbox", { name: /We undertake to keep the details and contacts confidential/ })
    .check();
  await expert.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(
    expert.getByText("Thank you: you accepted. The details and contacts are now open to you."),
  ).toBeVisible();
  await expect(expert.getByText(details)).toBeVisible();

  // 5. The coalition confirms the expert; the engagement starts.
  await coalition.goto(`${needPath}/experts`);
  await expectAccessible(coalition, "experts who accepted (coalition)");
  await coalition.getByRole("button", { name: `Confirmar a ${chosen}` }).click();
  await expect(coalition.getByText("La colaboración empezó: se avisó a ambas organizaciones.")).toBeVisible();
  const engagementPath = new URL(coalition.url()).pathname;
  expect(engagementPath).toMatch(/^\/engagements\/[^/]+$/);
  expect(await activeEngagementsMexicoLegal(sec)).toBe(activeBefore + 1);

  // 6. Both sides post updates.
  await coalition.getByLabel("¿Qué pasó?").fill(`Compartimos el expediente con el equipo experto (${tag}).`);
  await coalition.getByRole("button", { name: "Añadir novedad" }).click();
  await expect(coalition.getByText("Novedad añadida.")).toBeVisible();
  await expert.goto(engagementPath);
  await expect(expert.getByText(`Compartimos el expediente con el equipo experto (${tag}).`)).toBeVisible();
  await expert.getByLabel("What happened?").fill(`First legal memo delivered to the coalition (${tag}).`);
  await expert.getByLabel("Hours spent (optional)").fill("6");
  await expert.getByRole("button", { name: "Add update" }).click();
  await expect(expert.getByText("Update added.")).toBeVisible();
  await expectAccessible(expert, "engagement workspace (expert)");
  await screenshot(expert, `journey2-workspace-${project}`);

  // 7. The coalition asks to close with its outcome; the expert confirms; both sides give feedback.
  await coalition.reload();
  await expect(coalition.getByText(`First legal memo delivered to the coalition (${tag}).`)).toBeVisible();
  await expectAccessible(coalition, "engagement workspace (coalition, es)");
  // Asking starts with a confirmation page (issue 21: no one-click loss; closing is agreed).
  await coalition.getByRole("link", { name: "Pedir el cierre…" }).click();
  await expect(
    coalition.getByRole("heading", { name: "¿Pedir el cierre de la colaboración?" }),
  ).toBeVisible();
  await coalition.getByRole("radio", { name: "Logrado", exact: true }).check();
  await coalition
    .getByLabel("Nota sobre el resultado")
    .fill("Los cargos fueron retirados para nueve de las once personas.");
  await coalition.getByRole("button", { name: "Pedir el cierre con este resultado" }).click();
  await expect(coalition.getByText("Se envió su solicitud de cierre", { exact: false })).toBeVisible();
  await expect(coalition.getByTestId("close-request")).toBeVisible();
  await expect(coalition.getByRole("button", { name: "Retirar la solicitud" })).toBeVisible();
  await expect(coalition.getByRole("radio", { name: "5 / 5" })).toHaveCount(0);
  await expectAccessible(coalition, "engagement workspace, closing requested (coalition, es)");
  await screenshot(coalition, `journey2-close-requested-${project}`);
  // The expert sees who asked, the outcome and the note; it confirms on a confirmation page.
  await expert.goto(engagementPath);
  const request = expert.getByTestId("close-request");
  await expect(request.getByRole("heading", { name: /^Closing requested by / })).toBeVisible();
  await expect(
    request.getByText("Los cargos fueron retirados para nueve de las once personas."),
  ).toBeVisible();
  await request.getByRole("link", { name: "Confirm and close…" }).click();
  await expect(expert.getByRole("heading", { name: "Confirm and close the engagement?" })).toBeVisible();
  await expectAccessible(expert, "confirming the close (expert)");
  await expert.getByRole("button", { name: "Confirm and close", exact: true }).click();
  await expect(expert.getByText("Engagement closed. Please give your feedback below.")).toBeVisible();
  await coalition.reload();
  await coalition.getByRole("radio", { name: "5 / 5" }).check();
  await coalition.getByLabel("Comentario (opcional)").fill(`Acompañamiento excelente (${tag}).`);
  await coalition.getByRole("button", { name: "Enviar opinión" }).click();
  await expect(coalition.getByText("Gracias por su opinión.")).toBeVisible();
  await expert.goto(engagementPath);
  await expert.getByRole("radio", { name: "4 / 5" }).check();
  await expert.getByLabel("Comment (optional)").fill(`Well-prepared coalition (${tag}).`);
  await expert.getByRole("button", { name: "Send feedback" }).click();
  await expect(expert.getByText("Thank you for your feedback.")).toBeVisible();
  // Feedback is for the secretariat only: the other side does not see it.
  await expect(expert.getByText(`Acompañamiento excelente (${tag}).`)).toHaveCount(0);

  // 8. The secretariat sees the feedback, the gap map and the audit log.
  await sec.goto(engagementPath);
  await expect(sec.getByText(`Acompañamiento excelente (${tag}).`)).toBeVisible();
  await expect(sec.getByText(`Well-prepared coalition (${tag}).`)).toBeVisible();
  expect(await activeEngagementsMexicoLegal(sec)).toBe(activeBefore);
  await expectAccessible(sec, "insight (secretariat)");
  await screenshot(sec, `journey2-insight-${project}`);
  const engagementId = engagementPath.split("/").pop()!;
  await sec.goto(`/secretariat/audit?entityType=engagement&entityId=${engagementId}`);
  for (const action of [
    "engagement.started",
    "engagement.close_requested",
    "engagement.close_confirmed",
    "engagement.closed",
    "engagement.feedback_given",
  ]) {
    await expect(sec.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
  }
  await sec.goto(`/secretariat/audit?entityType=need&entityId=${needId}`);
  await expect(sec.getByRole("cell", { name: "need.created", exact: true })).toBeVisible();
  await expect(sec.getByRole("cell", { name: "need.details_viewed", exact: true }).first()).toBeVisible();
  await expectAccessible(sec, "audit log");
  await screenshot(sec, `journey2-audit-${project}`);
  expect(foreignRequests).toEqual([]);
});
