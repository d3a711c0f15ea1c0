import { describe, it } from "vitest";
import { offerTable } from "./offer";
import { expectTable } from "./table-check";

describe("offer lifecycle table", () => {
  it("allows exactly these moves and refuses every other (status, action) pair", () => {
    expectTable(offerTable, [
      "draft --activate--> active",
      "active --pause--> paused",
      "paused --resume--> active",
      "draft --retire--> retired",
      "active --retire--> retired",
      "paused --retire--> retired",
    ]);
  });
});
