// /engagements/:id/documents/:documentId — downloads a document of the engagement (both sides and the
// secretariat), audited, served as an attachment (documents feature).
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { idParam } from "~/utils/forms.server";
import { documentDownload, DocumentNotFoundError } from "~/features/documents/index.server";
import { KeyDestroyedError } from "~/utils/crypto/data-keys.server";
import { httpError } from "~/utils/http.server";
import { engagementWithAccess } from "../services/engagement-access.server";
import type { Route } from "./+types/document";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { engagement, organisationId } = await engagementWithAccess(ctx.viewer, params.id);
  try {
    return await documentDownload({
      documentId: idParam(params.documentId),
      scope: `engagement:${engagement.id}`,
      viewer: { userId: ctx.user.id, organisationId, ip: clientIp(context) },
    });
  } catch (error) {
    if (error instanceof DocumentNotFoundError || error instanceof KeyDestroyedError)
      throw httpError(404, "common:errors.notFound");
    throw error;
  }
}
