// The learning exchange's fixed lists: what a resource can be, who it is for, what it can be linked from.
import type { ResourceKind, ResourceLinkTarget, ResourceVisibility } from "~/generated/prisma/enums";

/** A resource's category: guides, good practice, model laws and analyses, templates, statements to amplify. */
export const resourceKinds = [
  "guide",
  "good_practice",
  "model_law",
  "analysis",
  "template",
  "statement",
] as const satisfies readonly ResourceKind[];

/** From the widest audience to the narrowest (policy.ts resourceAccess). */
export const resourceVisibilityLevels = [
  "public",
  "network",
  "trusted",
  "secretariat",
] as const satisfies readonly ResourceVisibility[];

export const resourceLinkTargets = [
  "need",
  "engagement",
  "call",
] as const satisfies readonly ResourceLinkTarget[];

export const RESOURCES_PAGE_SIZE = 20;
/** Resources offered in the "link a resource" picker of a need, engagement or call page. */
export const LINKABLE_RESOURCES = 100;
