import { describe, expect, it } from "vitest";
import { linkSchema, stageSchema } from "./schemas";

describe("legislation forms", () => {
  it("takes only days that exist and have happened", () => {
    const stage = (occurredOn: string) =>
      stageSchema.safeParse({ intent: "stage", action: "adopt", occurredOn }).success;
    expect(stage("2026-03-01")).toBe(true);
    expect(stage("2026-02-31")).toBe(false);
    expect(stage("2026-3-1")).toBe(false);
    expect(stage("2999-01-01")).toBe(false);
    expect(
      stageSchema.safeParse({ intent: "stage", action: "repeal", occurredOn: "2026-03-01" }).success,
    ).toBe(false);
  });

  it("reads a pasted address as the id it ends with", () => {
    const parsed = linkSchema.parse({
      intent: "link",
      kind: "need",
      targetId: "http://localhost/needs/abc123/",
    });
    expect(parsed.targetId).toBe("abc123");
  });
});
