// Documents and conversations for the authorisation matrix (tests/support/route-matrix.ts): a document on
// each need stage, one in the engagement, a question thread on the anonymised need's approved proposal
// (expert and secretariat only) and the engagement's thread with an attachment. Every name, content and
// message carries a marker that only its readers may ever receive.
import { putDocument } from "~/features/documents/services/store.server";
import {
  engagementThread,
  openProposalThread,
  postMessage,
} from "~/features/conversations/services/threads.server";
import { db } from "~/utils/db.server";

type Ids = {
  tag: string;
  coalitionUserId: string;
  expertUserId: string;
  expertOrganisationId: string;
  coalitionOrganisationId: string;
  needs: { network: string; secretariat: string; draft: string; staged: string };
  approvedProposalId: string;
  engagementId: string;
};

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

export async function buildConversationFixture(ids: Ids) {
  const t = ids.tag;
  const docs = {
    network: await textDocument(`need:${ids.needs.network}`, ids.coalitionUserId, `DOC-NETWORK-${t}`),
    secretariat: await textDocument(
      `need:${ids.needs.secretariat}`,
      ids.coalitionUserId,
      `DOC-SECRETARIAT-${t}`,
    ),
    draft: await textDocument(`need:${ids.needs.draft}`, ids.coalitionUserId, `DOC-DRAFT-${t}`),
    staged: await textDocument(`need:${ids.needs.staged}`, ids.coalitionUserId, `DOC-STAGED-${t}`),
    engagement: await textDocument(`engagement:${ids.engagementId}`, ids.expertUserId, `DOC-ENGAGEMENT-${t}`),
  };
  const proposalThread = await db().$transaction(async (tx) => {
    const thread = await openProposalThread(tx, ids.approvedProposalId);
    await postMessage(tx, {
      thread,
      author: { userId: ids.expertUserId, side: "expert", organisationId: ids.expertOrganisationId },
      body: `QUESTION-${t}`,
    });
    return thread;
  });
  const thread = await engagementThread(ids.engagementId);
  const attachment = await textDocument(`thread:${thread.id}`, ids.coalitionUserId, `DOC-THREAD-${t}`);
  await db().$transaction((tx) =>
    postMessage(tx, {
      thread,
      author: { userId: ids.coalitionUserId, side: "coalition", organisationId: ids.coalitionOrganisationId },
      body: `ENGAGEMENT-MESSAGE-${t}`,
      documentId: attachment.id,
    }),
  );
  const parties = ["coalitionOwner", "expertMatched", "secretariat"] as const;
  const markers = [
    { text: `DOC-NETWORK-${t}`, allowedFor: [...parties] },
    { text: `DOC-SECRETARIAT-${t}`, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: `DOC-DRAFT-${t}`, allowedFor: ["coalitionOwner"] },
    // Approved but not accepted: the expert does not see the staged need's documents.
    { text: `DOC-STAGED-${t}`, allowedFor: ["coalitionOwner", "secretariat"] },
    { text: `DOC-ENGAGEMENT-${t}`, allowedFor: [...parties] },
    { text: `DOC-THREAD-${t}`, allowedFor: [...parties] },
    // The anonymised need's question thread: the expert and the secretariat, never the coalition.
    { text: `QUESTION-${t}`, allowedFor: ["expertMatched", "secretariat"] },
    { text: `ENGAGEMENT-MESSAGE-${t}`, allowedFor: [...parties] },
  ] as const;
  return { docs, proposalThread, thread, attachment, markers };
}
