// Journey 2 by keyboard only (JavaScript project): every key step — signing in (with the 2FA code), drafting
// and submitting the need, opening it, approving a proposal, accepting it, confirming the expert, posting an
// update, closing with an outcome and giving feedback — is done with Tab / Shift+Tab to reach a control, typing
// into fields, Space for checkboxes and radios (arrow keys inside a radio group, as the platform does),
// and Enter to submit. No mouse click anywhere. Addresses are typed as URLs (page.goto), as a user would.
import { randomBytes } from "node:crypto";
import type { Browser, Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { SECRETARIAT, totpCode, DEMO_PASSWORD } from "./support/session";
import { EXPERT_WITH_ROOM, publishLegalOffer } from "./support/steps";
import { closeE2eDb } from "./support/world";

test.afterAll(closeE2eDb);

/** Presses Tab until the locator has the focus (fails if it is not reachable within `max` presses). */
async function tabTo(page: Page, target: Locator, max = 250) {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with Tab in ${max} presses`);
}

async function typeInto(page: Page, field: Locator, text: string) {
  await tabTo(page, field);
  await page.keyboard.type(text);
}

async function keyboardSignIn(page: Page, email: string) {
  await page.goto("/login");
  await typeInto(page, page.getByLabel("Email address"), email);
  await typeInto(page, page.getByLabel("Password", { exact: true }), DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(/\/login(\?|$)/);
  if (new URL(page.url()).pathname === "/login/two-factor") {
    await typeInto(page, page.getByLabel("Code from your authenticator app"), await totpCode());
    await page.keyboard.press("Enter");
    await expect(page).not.toHaveURL(/\/login\//);
  }
}

async function newPage(browser: Browser) {
  return (await browser.newContext({ locale: "en-GB" })).newPage();
}

test("journey 2's key steps by keyboard only", async ({ browser }) => {
  test.setTimeout(420_000);
  const tag = `kbd-${randomBytes(3).toString("hex")}`;
  const title = `Estrategia de defensa por teclado ${tag}`;
  const details = `DETALLE CONFIDENCIAL ${tag}: nombres de las personas detenidas.`;

  // Setup (not part of the keyboard pass): an expert organisation with room publishes a fresh offer.
  const expert = await newPage(browser);
  await keyboardSignIn(expert, EXPERT_WITH_ROOM.email);
  await publishLegalOffer(expert, `Rapid legal defence by keyboard ${tag}`);

  // Coalition member: draft, then submit.
  const coalition = await newPage(browser);
  await keyboardSignIn(coalition, "mx.2@demo.puente.local");
  await coalition.goto("/needs/new");
  await typeInto(coalition, coalition.getByLabel("Título"), title);
  await typeInto(
    coalition,
    coalition.getByLabel("Resumen"),
    `Organizadoras de protestas enfrentan cargos (${tag}).`,
  );
  await typeInto(coalition, coalition.getByLabel("Detalles"), details);
  await typeInto(
    coalition,
    coalition.getByLabel("Resultado esperado"),
    "Una estrategia de defensa coordinada.",
  );
  const category = coalition.getByLabel("Categoría");
  await tabTo(coalition, category);
  await coalition.keyboard.type("Jur");
  await expect(category).toHaveValue("legal");
  // the optional fields (topics among them) wait behind a disclosure: open it with Enter
  await tabTo(coalition, coalition.locator("summary", { hasText: "Más sobre la necesidad (opcional)" }));
  await coalition.keyboard.press("Enter");
  const topic = coalition.getByRole("checkbox", { name: "Libertad de reunión y protesta" });
  await tabTo(coalition, topic);
  await coalition.keyboard.press("Space");
  await expect(topic).toBeChecked();
  await tabTo(coalition, coalition.getByRole("button", { name: "Guardar como borrador" }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("Su necesidad se guardó como borrador.")).toBeVisible();
  const needPath = new URL(coalition.url()).pathname;
  const needId = needPath.split("/").pop()!;
  await tabTo(coalition, coalition.getByRole("button", { name: "Enviar a revisión" }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("Su necesidad fue enviada. La secretaría la revisará.")).toBeVisible();

  // Secretariat: open it, then approve a proposal once the worker has made them.
  const sec = await newPage(browser);
  await keyboardSignIn(sec, SECRETARIAT);
  await sec.goto(needPath);
  await tabTo(sec, sec.getByRole("button", { name: "Open the need" }));
  await sec.keyboard.press("Enter");
  await expect(sec.getByText("The triage decision was recorded.")).toBeVisible();
  await sec.goto(`/secretariat/review?need=${needId}`);
  const approve = sec.getByRole("button", { name: `Approve ${EXPERT_WITH_ROOM.name}`, exact: true });
  const deadline = Date.now() + 90_000;
  while ((await approve.count()) === 0) {
    expect(Date.now(), "the worker proposes experts within 90 s").toBeLessThan(deadline);
    await sec.waitForTimeout(500);
    await sec.reload();
  }
  const chosen = EXPERT_WITH_ROOM.name;
  await tabTo(sec, approve.first());
  await sec.keyboard.press("Enter");
  await expect(sec.getByText("Proposal approved: the expert organisation has been told.")).toBeVisible();

  // Expert: reach the proposal from the list, tick both undertakings, accept.
  await expert.goto("/proposals");
  await tabTo(expert, expert.getByRole("link", { name: title, exact: true }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(expert.getByText(details)).toHaveCount(0);
  for (const name of [/no conflict of interest/, /keep the details and contacts confidential/]) {
    const box = expert.getByRole("checkbox", { name });
    await tabTo(expert, box);
    await expert.keyboard.press("Space");
    await expect(box).toBeChecked();
  }
  await tabTo(expert, expert.getByRole("button", { name: "Accept", exact: true }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByText(details)).toBeVisible();

  // Coalition: confirm the expert, post an update.
  await coalition.goto(`${needPath}/experts`);
  await tabTo(coalition, coalition.getByRole("button", { name: `Confirmar a ${chosen}` }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("La colaboración empezó: se avisó a ambas organizaciones.")).toBeVisible();
  const engagementPath = new URL(coalition.url()).pathname;
  await typeInto(
    coalition,
    coalition.getByLabel("¿Qué pasó?"),
    `Primera reunión con el equipo experto (${tag}).`,
  );
  await tabTo(coalition, coalition.getByRole("button", { name: "Añadir novedad" }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("Novedad añadida.")).toBeVisible();

  // Expert: post an update.
  await expert.goto(engagementPath);
  await typeInto(expert, expert.getByLabel("What happened?"), `Memo delivered (${tag}).`);
  await tabTo(expert, expert.getByRole("button", { name: "Add update" }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByText("Update added.")).toBeVisible();

  // Coalition: ask to close with an outcome (issue 21: closing is agreed), by keyboard on the confirmation
  // page; the expert confirms on its own; then both give feedback (1 → 5 by arrows).
  await coalition.reload();
  await tabTo(coalition, coalition.getByRole("link", { name: "Pedir el cierre…" }));
  await coalition.keyboard.press("Enter");
  await expect(
    coalition.getByRole("heading", { name: "¿Pedir el cierre de la colaboración?" }),
  ).toBeVisible();
  const achieved = coalition.getByRole("radio", { name: "Logrado", exact: true });
  await tabTo(coalition, achieved);
  await coalition.keyboard.press("Space");
  await expect(achieved).toBeChecked();
  await tabTo(coalition, coalition.getByRole("button", { name: "Pedir el cierre con este resultado" }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("Se envió su solicitud de cierre", { exact: false })).toBeVisible();
  // Expert: confirm the close by keyboard, on its confirmation page.
  await expert.goto(engagementPath);
  await tabTo(expert, expert.getByTestId("close-request").getByRole("link", { name: "Confirm and close…" }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByRole("heading", { name: "Confirm and close the engagement?" })).toBeVisible();
  await tabTo(expert, expert.getByRole("button", { name: "Confirm and close", exact: true }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByText("Engagement closed. Please give your feedback below.")).toBeVisible();
  await coalition.reload();
  await tabTo(coalition, coalition.getByRole("radio", { name: "1 / 5" }));
  await coalition.keyboard.press("Space");
  for (let i = 0; i < 4; i++) await coalition.keyboard.press("ArrowRight");
  await expect(coalition.getByRole("radio", { name: "5 / 5" })).toBeChecked();
  await tabTo(coalition, coalition.getByRole("button", { name: "Enviar opinión" }));
  await coalition.keyboard.press("Enter");
  await expect(coalition.getByText("Gracias por su opinión.")).toBeVisible();

  // Expert: feedback too.
  await expert.goto(engagementPath);
  await tabTo(expert, expert.getByRole("radio", { name: "1 / 5" }));
  await expert.keyboard.press("Space");
  for (let i = 0; i < 3; i++) await expert.keyboard.press("ArrowRight");
  await expect(expert.getByRole("radio", { name: "4 / 5" })).toBeChecked();
  await tabTo(expert, expert.getByRole("button", { name: "Send feedback" }));
  await expert.keyboard.press("Enter");
  await expect(expert.getByText("Thank you for your feedback.")).toBeVisible();
});
