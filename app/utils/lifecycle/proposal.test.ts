import { describe, it } from "vitest";
import { proposalTable } from "./proposal";
import { expectTable } from "./table-check";

describe("proposal lifecycle table", () => {
  it("allows exactly these moves and refuses every other (status, action) pair", () => {
    expectTable(proposalTable, [
      "proposed --approve--> approved",
      "proposed --reject--> rejected",
      "approved --accept--> accepted",
      "approved --decline_expert--> declined_by_expert",
      "accepted --confirm--> confirmed",
      "accepted --decline_coalition--> declined_by_coalition",
      "approved --expire--> expired",
      "proposed --withdraw--> withdrawn",
      "proposed --close--> closed",
      "approved --close--> closed",
      "accepted --close--> closed",
    ]);
  });
});
