import { describe, it } from "vitest";
import { engagementTable } from "./engagement";
import { expectTable } from "./table-check";

describe("engagement lifecycle table", () => {
  it("allows exactly these moves and refuses every other (status, action) pair", () => {
    expectTable(engagementTable, ["active --close--> closed"]);
  });
});
