// Constants shared by the engagement services and pages (no server-only imports here).
import type { EngagementOutcome } from "~/generated/prisma/enums";

export const engagementOutcomes: EngagementOutcome[] = [
  "achieved",
  "partly_achieved",
  "not_achieved",
  "cancelled",
];
