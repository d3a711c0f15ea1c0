// Steps shared by journeys. The demo network is saturated by design (the matcher gives every open seeded need
// its proposals, and live proposals hold offer capacity), so a journey that needs the worker to propose an
// expert first has that expert publish a fresh offer with room, through the offer form.
import { expect, type Page } from "@playwright/test";

export const EXPERT_WITH_ROOM = { name: "Centre for Enabling Law", email: "ecnl@demo.puente.local" };

/** On a page signed in as an expert admin (English interface): publishes an active legal offer, global, es/en. */
export async function publishLegalOffer(
  page: Page,
  title: string,
  topics: string[] = ["Freedom of assembly and protest", "CSO registration and legal status"],
) {
  await page.goto("/offers/new");
  await page.getByLabel("Title").fill(title);
  await page
    .getByLabel("Description")
    .fill("Rapid legal support for coalitions: defence strategies, legal opinions and litigation.");
  await page.getByLabel("Language this text is written in").selectOption("en");
  await page.getByRole("group", { name: "Categories" }).getByRole("checkbox", { name: "Legal" }).check();
  for (const topic of topics) await page.getByRole("checkbox", { name: topic }).check();
  await page.getByRole("checkbox", { name: "Global: we can help in any country" }).check();
  const languages = page.getByRole("group", { name: "Working languages" });
  await languages.getByRole("checkbox", { name: "English", exact: true }).check();
  await languages.getByRole("checkbox", { name: "Spanish", exact: true }).check();
  await page.getByLabel("Hours per month").fill("400");
  await page.getByLabel("Maximum concurrent engagements").fill("40");
  await page.getByRole("button", { name: "Save and activate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
}
