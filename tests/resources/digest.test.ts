// Resources in the email digests (issue 23), through a real SMTP server: a subscriber gets the resources
// published in the period whose topics and countries match theirs and that the policy lets them see —
// never a trusted resource to a merely verified member, never a secretariat-only one (a digest carries no
// second factor), never an unvetted organisation's, a draft or their own organisation's.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliverDigestChunk } from "~/features/digest/services/deliver.server";
import { parsePeriod } from "~/features/digest/services/period";
import { closeCommitPool } from "~/features/email/services/commit-marker.server";
import { closeMailer, createMailer, type Mailer } from "~/features/email/services/mailer.server";
import { db } from "~/utils/db.server";
import { createOrganisation, createUser } from "../support/factories";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

const PERIOD = "weekly:2026-W47";
const window = parsePeriod(PERIOD)!;
const inWindow = new Date(window.start.getTime() + 86_400_000);
const beforeWindow = new Date(window.start.getTime() - 86_400_000);

let smtp: TestSmtpServer;
let mailer: Mailer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  mailer = createMailer({ smtpUrl: smtp.url, from: "Puente <no-reply@puente.test>" });
});
afterAll(async () => {
  mailer.close();
  closeMailer();
  await closeCommitPool();
  await smtp.close();
});

describe("resources in digests", () => {
  it("announces matching resources the subscriber may see, and nothing else", async () => {
    const publisher = await createOrganisation({ kind: "EXPERT", vettingLevel: "verified" });
    const unvetted = await createOrganisation({ kind: "EXPERT", vettingLevel: "unverified", vettedAt: null });
    const coalitionMX = await createOrganisation({ kind: "COALITION", countryCode: "MX" });
    const coalitionSN = await createOrganisation({ kind: "COALITION", countryCode: "SN" });
    const trustedExpert = await createOrganisation({ kind: "EXPERT", vettingLevel: "trusted" });
    const author = await createUser({}, { organisationId: publisher.id });
    const unvettedAuthor = await createUser({}, { organisationId: unvetted.id });
    // A Mexican coalition member (Spanish), following foreign-funding topics.
    const mx = await createUser({ locale: "es" }, { organisationId: coalitionMX.id });
    await db().digestSubscription.create({ data: { userId: mx.id, topicIds: ["legal.foreign_funding"] } });
    // A Senegalese coalition member (French), no filters: their coalition's country counts.
    const sn = await createUser({ locale: "fr" }, { organisationId: coalitionSN.id });
    // A trusted expert following Mexico.
    const tr = await createUser({ locale: "en" }, { organisationId: trustedExpert.id });
    await db().digestSubscription.create({ data: { userId: tr.id, countryCodes: ["MX"] } });
    // The publisher's own member: never told about their own resources.
    const own = await createUser({}, { organisationId: publisher.id });

    const resource = (
      title: string,
      data: Record<string, unknown> = {},
      by = author.id,
      org = publisher.id,
    ) =>
      db().resource.create({
        data: {
          organisationId: org,
          createdById: by,
          kind: "guide",
          title,
          summary: `${title} — summary`,
          body: "BODY-NEVER-IN-EMAIL",
          contentLanguage: "es",
          languages: ["es"],
          categoryIds: ["legal"],
          topicIds: ["legal.foreign_funding"],
          countryCodes: ["MX"],
          visibility: "network",
          status: "published",
          publishedAt: inWindow,
          ...data,
        },
      });
    await resource("R-FUNDING-MX network guide on foreign funding in Mexico");
    await resource("R-ANYWHERE model law for every country", { countryCodes: [], kind: "model_law" });
    await resource("R-TRUSTED strategy for trusted members", { visibility: "trusted" });
    await resource("R-SECRET secretariat-only briefing", { visibility: "secretariat" });
    await resource("R-DRAFT not published", { status: "draft", publishedAt: null });
    await resource("R-OLD published before the period", { publishedAt: beforeWindow });
    await resource("R-SENEGAL analysis for Senegal", {
      countryCodes: ["SN"],
      topicIds: ["legal.registration"],
      contentLanguage: "fr",
    });
    await resource("R-DIGITAL template on incident response", {
      categoryIds: ["digital_security"],
      topicIds: ["digital_security.incident_forensics"],
    });
    await resource(
      "R-UNVETTED from an unvetted organisation",
      { visibility: "public" },
      unvettedAuthor.id,
      unvetted.id,
    );

    smtp.clear();
    const result = await deliverDigestChunk(
      { db: db(), mailer },
      { userIds: [mx.id, sn.id, tr.id, own.id], period: PERIOD },
    );
    expect(result.sent).toBe(3);
    const messages = await smtp.waitFor(3);
    const mail = (email: string) => {
      const found = messages.filter((m) => m.envelope.to.includes(email));
      expect(found, email).toHaveLength(1);
      return found[0]!.parsed.text ?? "";
    };

    // Mexico, foreign funding: the Mexican guide and the model law for every country; nothing else.
    const mxText = mail(mx.email);
    expect(mxText).toContain("R-FUNDING-MX");
    expect(mxText).toContain("R-ANYWHERE");
    expect(mxText).toContain("Nuevos recursos en el intercambio de aprendizajes");
    expect(mxText).toContain("/resources/");
    for (const absent of [
      "R-TRUSTED",
      "R-SECRET",
      "R-DRAFT",
      "R-OLD",
      "R-SENEGAL",
      "R-DIGITAL",
      "R-UNVETTED",
    ])
      expect(mxText, absent).not.toContain(absent);

    // Senegal, no filter: resources tied to Senegal or to no country, in French.
    const snText = mail(sn.email);
    expect(snText).toContain("R-SENEGAL");
    expect(snText).toContain("R-ANYWHERE");
    expect(snText).toContain("Nouvelles ressources");
    for (const absent of ["R-FUNDING-MX", "R-TRUSTED", "R-DIGITAL", "R-UNVETTED"])
      expect(snText).not.toContain(absent);

    // The trusted expert following Mexico also gets the trusted strategy; never the secretariat's briefing.
    const trText = mail(tr.email);
    for (const present of ["R-FUNDING-MX", "R-ANYWHERE", "R-TRUSTED", "R-DIGITAL"])
      expect(trText).toContain(present);
    for (const absent of ["R-SECRET", "R-SENEGAL", "R-UNVETTED", "R-DRAFT"])
      expect(trText).not.toContain(absent);

    // Nobody is told about their own organisation's resources; no body text ever reaches an email.
    expect(messages.filter((m) => m.envelope.to.includes(own.email))).toHaveLength(0);
    for (const m of messages) expect(m.parsed.text).not.toContain("BODY-NEVER-IN-EMAIL");
    expect(
      await db().digestDelivery.findFirst({
        where: { userId: own.id, period: PERIOD },
        select: { status: true },
      }),
    ).toEqual({ status: "empty" });
  });
});
