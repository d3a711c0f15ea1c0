// /needs/:id/documents/:documentId — downloads one of the need's documents, for whoever may see the
// need's details (same stage), with an audit event (documents feature: attachment, nosniff, sandbox CSP,
// no-store).
import { needDocumentAccess } from "~/features/auth/policy";
import { clientIp } from "~/utils/request.server";
import { requireUser } from "~/features/auth/index.server";
import { idParam } from "~/utils/forms.server";
import { documentDownload, DocumentNotFoundError } from "~/features/documents/index.server";
import { KeyDestroyedError } from "~/utils/crypto/data-keys.server";
import { httpError } from "~/utils/http.server";
import { actingOrganisation, needWithAccess } from "../services/need-access.server";
import type { Route } from "./+types/document";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await requireUser(request);
  const { need, access } = await needWithAccess(ctx.viewer, params.id);
  if (!needDocumentAccess(access).read) throw httpError(403, "common:errors.forbidden");
  try {
    return await documentDownload({
      documentId: idParam(params.documentId),
      scope: `need:${need.id}`,
      viewer: {
        userId: ctx.user.id,
        organisationId: actingOrganisation(ctx.viewer, [need.organisationId]),
        ip: clientIp(context),
      },
    });
  } catch (error) {
    if (error instanceof DocumentNotFoundError || error instanceof KeyDestroyedError)
      throw httpError(404, "common:errors.notFound");
    throw error;
  }
}
