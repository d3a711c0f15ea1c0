// The resources feature's public surface on the server: what need, engagement and call pages call to show
// the resources linked from them (and the link form), and what a call page shows of the resource it is an
// exchange about.
import { resourceAccess, type Viewer } from "~/features/auth/policy";
import { db } from "~/utils/db.server";
import type { ResourceLinksView } from "./components/resource-links-panel";
import {
  linkableResources,
  mayLinkResources,
  resourcesLinkedTo,
  type LinkTarget,
} from "./services/links.server";

/** The panel's data: linked resources the reader may see, and the picker when they may link. */
export async function resourceLinksView(viewer: Viewer, target: LinkTarget): Promise<ResourceLinksView> {
  const [linked, canLink] = await Promise.all([
    resourcesLinkedTo(viewer, target),
    mayLinkResources(viewer, target),
  ]);
  return {
    target: { type: target.type, id: target.id },
    linked,
    canLink,
    linkable: canLink ? await linkableResources(viewer) : [],
  };
}

/** The resource a call is an exchange about, when the reader may see it (else null). */
export async function exchangeResource(viewer: Viewer, resourceId: string | null) {
  if (!resourceId || !/^[A-Za-z0-9_-]{1,64}$/.test(resourceId)) return null;
  const resource = await db().resource.findUnique({
    where: { id: resourceId },
    select: {
      id: true,
      title: true,
      contentLanguage: true,
      countryCodes: true,
      organisationId: true,
      status: true,
      visibility: true,
      organisation: { select: { vettingLevel: true } },
    },
  });
  if (!resource) return null;
  if (resourceAccess(viewer, { ...resource, vettingLevel: resource.organisation.vettingLevel }) === "none")
    return null;
  return {
    id: resource.id,
    title: resource.title,
    contentLanguage: resource.contentLanguage,
    countryCodes: resource.countryCodes,
  };
}
