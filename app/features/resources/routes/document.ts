// /resources/:id/documents/:documentId — downloads one of a resource's documents for whoever may see the
// resource; audited unless the resource is public (policy.ts resourceDocumentAccess). Served as an
// attachment by the documents feature (nosniff, sandbox CSP, no-store).
import { getViewer } from "~/features/auth/index.server";
import { resourceDocumentAccess } from "~/features/auth/policy";
import { documentDownload, DocumentNotFoundError } from "~/features/documents/index.server";
import { KeyDestroyedError } from "~/utils/crypto/data-keys.server";
import { idParam } from "~/utils/forms.server";
import { httpError } from "~/utils/http.server";
import { clientIp } from "~/utils/request.server";
import { resourceFor } from "../services/resources.server";
import type { Route } from "./+types/document";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const ctx = await getViewer(request);
  const viewer = ctx?.viewer ?? null;
  const { resource } = await resourceFor(viewer, params.id);
  const rights = resourceDocumentAccess(viewer, {
    ...resource,
    vettingLevel: resource.organisation.vettingLevel,
  });
  if (!rights.read) throw httpError(404, "common:errors.notFound");
  try {
    return await documentDownload({
      documentId: idParam(params.documentId),
      scope: `resource:${resource.id}`,
      viewer: {
        userId: ctx?.user.id ?? null,
        organisationId: ctx?.memberships[0]?.organisationId ?? null,
        ip: clientIp(context),
      },
      audited: rights.auditDownloads,
    });
  } catch (error) {
    if (error instanceof DocumentNotFoundError || error instanceof KeyDestroyedError)
      throw httpError(404, "common:errors.notFound");
    throw error;
  }
}
