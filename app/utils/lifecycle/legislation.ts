// The stages of a tracked bill, law or decree (issue 23): proposed → in parliament → adopted → in force;
// an adopted or in-force text can be challenged in court, and a court can strike it down (or uphold it,
// which brings it back into force). A decree never goes through parliament: it may be adopted or come
// into force straight from `proposed`. A parliament may also adopt a text struck down before (a new vote).
import type { LegislationStage } from "~/generated/prisma/enums";
import type { Prisma, Tx } from "~/utils/db.server";
import { defineLifecycle, defineTable } from "./define";

const legislationStages = [
  "proposed",
  "in_parliament",
  "adopted",
  "in_force",
  "challenged",
  "struck_down",
] as const satisfies readonly LegislationStage[];

export const legislationTable = defineTable("legislation", legislationStages, {
  table_in_parliament: { from: ["proposed"], to: "in_parliament" },
  adopt: { from: ["proposed", "in_parliament", "struck_down"], to: "adopted" },
  bring_into_force: { from: ["proposed", "adopted", "challenged"], to: "in_force" },
  challenge: { from: ["adopted", "in_force"], to: "challenged" },
  strike_down: { from: ["adopted", "in_force", "challenged"], to: "struck_down" },
});

export type LegislationAction = (typeof legislationTable.actions)[number];

type LegislationRecord = { id: string; status: LegislationStage };

/** The stage column is called `stage`; the kit speaks of `status`. */
export const legislationLifecycle = defineLifecycle(legislationTable, {
  find: async (tx: Tx, id: string): Promise<LegislationRecord | null> => {
    const row = await tx.legislation.findUnique({ where: { id }, select: { id: true, stage: true } });
    return row ? { id: row.id, status: row.stage } : null;
  },
  move: async (
    tx: Tx,
    id: string,
    from: LegislationStage[],
    to: LegislationStage,
    data: Prisma.LegislationUpdateManyMutationInput,
  ) =>
    (await tx.legislation.updateMany({ where: { id, stage: { in: from } }, data: { ...data, stage: to } }))
      .count,
});
