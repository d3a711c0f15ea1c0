import { describe, it } from "vitest";
import { needTable } from "./need";
import { expectTable } from "./table-check";

describe("need lifecycle table", () => {
  it("allows exactly these moves and refuses every other (status, action) pair", () => {
    expectTable(needTable, [
      "draft --submit--> submitted",
      "submitted --open--> open",
      "submitted --ask_info--> needs_info",
      "submitted --decline--> declined",
      "needs_info --resubmit--> submitted",
      "open --mark_matching--> matching",
      "matching --reopen--> open",
      "matching --mark_engaged--> engaged",
      "engaged --complete--> completed",
      "open --close_unmet--> closed_unmet",
      "matching --close_unmet--> closed_unmet",
      "engaged --close_unmet--> closed_unmet",
      "draft --withdraw--> withdrawn",
      "submitted --withdraw--> withdrawn",
      "needs_info --withdraw--> withdrawn",
      "open --withdraw--> withdrawn",
      "matching --withdraw--> withdrawn",
    ]);
  });
});
