// /threads/:id/documents/:documentId — an attachment of a conversation, for the thread's readers only,
// audited and served as an attachment (documents feature).
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { idParam } from "~/utils/forms.server";
import { documentDownload, DocumentNotFoundError } from "~/features/documents/index.server";
import { KeyDestroyedError } from "~/utils/crypto/data-keys.server";
import { httpError } from "~/utils/http.server";
import { threadWithAccess } from "../services/threads.server";
import type { Route } from "./+types/thread-document";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { thread, access } = await threadWithAccess(ctx.viewer, params.id);
  const organisationId =
    access.side === "expert"
      ? thread.expertOrganisationId
      : access.side === "coalition"
        ? thread.coalitionOrganisationId
        : (ctx.viewer.memberships.find((m) => m.kind === "SECRETARIAT")?.organisationId ?? null);
  try {
    return await documentDownload({
      documentId: idParam(params.documentId),
      scope: `thread:${thread.id}`,
      viewer: { userId: ctx.user.id, organisationId, ip: clientIp(context) },
    });
  } catch (error) {
    if (error instanceof DocumentNotFoundError || error instanceof KeyDestroyedError)
      throw httpError(404, "common:errors.notFound");
    throw error;
  }
}
