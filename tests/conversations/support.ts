// Shared set-up for the documents and conversations route tests: a coalition, an expert organisation and
// the secretariat, each with a signed-in member; a need, an approved and an accepted proposal, an active
// engagement. And multipart bodies as a browser sends them from a plain form.
import {
  createEngagement,
  createNeed,
  createOffer,
  createOrganisation,
  createProposal,
  createUser,
} from "../support/factories";
import { createTestSession, enableTotpFor } from "../support/sessions";

export async function buildScene(options: { anonymised?: boolean; coalitionLocale?: string } = {}) {
  const secretariatOrg = await createOrganisation({
    kind: "SECRETARIAT",
    name: "Secretariat",
    countryCode: null,
  });
  const coalition = await createOrganisation({
    kind: "COALITION",
    countryCode: "MX",
    name: "Coalición Secreta",
  });
  const expertOrg = await createOrganisation({
    kind: "EXPERT",
    vettingLevel: "trusted",
    coverageRegions: ["latin_america_caribbean"],
    name: "Legal Centre",
  });
  const otherExpertOrg = await createOrganisation({ kind: "EXPERT", coverageGlobal: true });
  const coalitionUser = await createUser(
    { locale: options.coalitionLocale ?? "en", name: "Ana Coalition" },
    { organisationId: coalition.id, role: "admin" },
  );
  const expertUser = await createUser(
    { name: "Luis Expert" },
    { organisationId: expertOrg.id, role: "admin" },
  );
  const otherExpert = await createUser({}, { organisationId: otherExpertOrg.id, role: "admin" });
  const secretariatUser = await createUser(
    { name: "Sara Secretariat" },
    { organisationId: secretariatOrg.id },
  );
  await enableTotpFor(secretariatUser.id);
  const need = await createNeed({
    organisationId: coalition.id,
    createdById: coalitionUser.id,
    status: "matching",
    anonymised: options.anonymised ?? false,
  });
  const offer = await createOffer({ organisationId: expertOrg.id, createdById: expertUser.id });
  const approved = await createProposal({
    needId: need.id,
    offerId: offer.id,
    expertOrganisationId: expertOrg.id,
    status: "approved",
    reviewedAt: new Date(),
  });
  const engagedNeed = await createNeed({
    organisationId: coalition.id,
    createdById: coalitionUser.id,
    status: "engaged",
  });
  const engagedOffer = await createOffer({ organisationId: expertOrg.id, createdById: expertUser.id });
  const confirmed = await createProposal({
    needId: engagedNeed.id,
    offerId: engagedOffer.id,
    expertOrganisationId: expertOrg.id,
    status: "confirmed",
    reviewedAt: new Date(),
  });
  const engagement = await createEngagement({
    needId: engagedNeed.id,
    offerId: engagedOffer.id,
    proposalId: confirmed.id,
    expertOrganisationId: expertOrg.id,
    coalitionOrganisationId: coalition.id,
  });
  const cookie = async (userId: string, twoFactorVerified = false) =>
    (await createTestSession(userId, { twoFactorVerified })).cookie;
  return {
    orgs: { secretariatOrg, coalition, expertOrg, otherExpertOrg },
    users: { coalitionUser, expertUser, otherExpert, secretariatUser },
    cookies: {
      coalition: await cookie(coalitionUser.id),
      expert: await cookie(expertUser.id),
      otherExpert: await cookie(otherExpert.id),
      secretariat: await cookie(secretariatUser.id, true),
    },
    need,
    approved,
    engagedNeed,
    engagement,
  };
}

/** A multipart/form-data body as a plain form sends it (one file field, text fields). */
export function multipart(
  file: { name: string; bytes: Buffer; type?: string } | null,
  fields: Record<string, string> = {},
): { body: Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  const boundary = `----PuenteRoute${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file?.name ?? ""}"\r\n` +
        `Content-Type: ${file?.type ?? "application/octet-stream"}\r\n\r\n`,
    ),
    file?.bytes ?? Buffer.alloc(0),
    Buffer.from("\r\n"),
  );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(parts),
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
  };
}
