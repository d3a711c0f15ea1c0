// Test-side look-ups in the journeys' database (ids to build direct URLs, names to sign in as the right
// organisation). Reads only: every change in the journeys goes through the app's own forms.
import { createPrismaClient, type Db } from "~/utils/db.server";
import { organisations } from "../../../prisma/seed-data";

let client: Db | null = null;

export function e2eDb() {
  if (!client) {
    const url = process.env.E2E_DATABASE_URL;
    if (!url) throw new Error("E2E_DATABASE_URL is not set (the browser global setup sets it)");
    client = createPrismaClient(url, { max: 2 });
  }
  return client;
}

export async function closeE2eDb() {
  await client?.$disconnect();
  client = null;
}

/** The demo login of a seeded organisation's admin, from its name; its interface language too. */
export function demoAdminFor(orgName: string) {
  const org = organisations.find((o) => o.name === orgName);
  if (!org) return null;
  const locale = org.languages.find((l) => ["en", "es", "fr"].includes(l)) ?? "en";
  return { email: `${org.key}@demo.puente.local`, locale, key: org.key };
}
