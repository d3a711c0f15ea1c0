// Learning-exchange rows for the authorisation matrix (tests/support/route-matrix.ts): one resource at each
// visibility level published by the verified expert organisation (expertY), a draft of it, a resource of the
// unverified organisation (kept to itself and the secretariat until vetted), a document on the network and
// the trusted resources, and a link from the network need to the public resource. Every title and document
// name is a marker: it must never reach a role the policy does not allow.
import { putDocument } from "~/features/documents/services/store.server";
import { db } from "~/utils/db.server";

type Ids = {
  tag: string;
  publisherOrgId: string;
  publisherUserId: string;
  unverifiedOrgId: string;
  unverifiedUserId: string;
  networkNeedId: string;
  coalitionUserId: string;
};

async function resource(
  ids: Ids,
  key: string,
  data: { visibility: "public" | "network" | "trusted" | "secretariat"; status?: "draft" | "published" },
  publisher: { organisationId: string; userId: string },
) {
  const status = data.status ?? "published";
  return db().resource.create({
    data: {
      organisationId: publisher.organisationId,
      createdById: publisher.userId,
      kind: "guide",
      title: `RESOURCE-${key}-${ids.tag}`,
      summary: `Summary of the ${key} resource`,
      body: `RESOURCE-BODY-${key}-${ids.tag}`,
      contentLanguage: "en",
      languages: ["en"],
      categoryIds: ["legal"],
      topicIds: ["legal.registration"],
      countryCodes: ["MX"],
      visibility: data.visibility,
      status,
      publishedAt: status === "published" ? new Date() : null,
    },
  });
}

async function textDocument(scope: string, createdById: string, marker: string) {
  return putDocument({
    scope,
    createdById,
    filename: `${marker}-name.txt`,
    mediaType: "text/plain",
    content: Buffer.from(`${marker}-content\n`),
    metadataKept: false,
    report: { found: [], removed: [], remaining: [], notes: ["text-has-no-metadata"] },
  });
}

export async function buildResourcesFixture(ids: Ids) {
  const publisher = { organisationId: ids.publisherOrgId, userId: ids.publisherUserId };
  const resources = {
    public: await resource(ids, "PUBLIC", { visibility: "public" }, publisher),
    network: await resource(ids, "NETWORK", { visibility: "network" }, publisher),
    trusted: await resource(ids, "TRUSTED", { visibility: "trusted" }, publisher),
    secretariat: await resource(ids, "SECRETARIAT", { visibility: "secretariat" }, publisher),
    draft: await resource(ids, "DRAFT", { visibility: "public", status: "draft" }, publisher),
    unvetted: await resource(
      ids,
      "UNVETTED",
      { visibility: "public" },
      { organisationId: ids.unverifiedOrgId, userId: ids.unverifiedUserId },
    ),
  };
  const documents = {
    public: await textDocument(
      `resource:${resources.public.id}`,
      ids.publisherUserId,
      `RDOC-PUBLIC-${ids.tag}`,
    ),
    trusted: await textDocument(
      `resource:${resources.trusted.id}`,
      ids.publisherUserId,
      `RDOC-TRUSTED-${ids.tag}`,
    ),
  };
  await db().resourceLink.create({
    data: {
      resourceId: resources.public.id,
      targetType: "need",
      targetId: ids.networkNeedId,
      note: `LINK-NOTE-${ids.tag}`,
      createdById: ids.coalitionUserId,
    },
  });
  const everyoneSignedIn = [
    "coalitionOwner",
    "coalitionOther",
    "expertMatched",
    "expertUnmatched",
    "secretariat",
    "secretariatNo2fa",
  ] as const;
  const markers = [
    { text: resources.network.title, allowedFor: [...everyoneSignedIn] },
    { text: resources.network.body, allowedFor: [...everyoneSignedIn] },
    { text: resources.trusted.title, allowedFor: ["expertMatched", "expertUnmatched", "secretariat"] },
    { text: resources.trusted.body, allowedFor: ["expertMatched", "expertUnmatched", "secretariat"] },
    { text: `RDOC-TRUSTED-${ids.tag}`, allowedFor: ["expertMatched", "expertUnmatched", "secretariat"] },
    { text: resources.secretariat.title, allowedFor: ["expertUnmatched", "secretariat"] },
    { text: resources.draft.title, allowedFor: ["expertUnmatched"] },
    { text: resources.unvetted.title, allowedFor: ["unverified", "secretariat"] },
    // The link's note is seen with the need: by those who may see both the need and the resource.
    { text: `LINK-NOTE-${ids.tag}`, allowedFor: [...everyoneSignedIn] },
  ] as const;
  return { resources, documents, markers };
}
