import { describe, expect, it } from "vitest";
import { AppError, appErrorStatus } from "./app-error";
import { appErrorResponse, orRefusal, refusalResponse } from "./respond.server";

describe("AppError and its one HTTP mapping", () => {
  it("answers every code with a 4xx and a message key in a translated namespace", () => {
    for (const code of Object.keys(appErrorStatus) as Array<keyof typeof appErrorStatus>) {
      for (const entity of ["need", "offer", "proposal", "engagement"] as const) {
        const error = new AppError(code, entity, "x", { currentStatus: "open", action: "go" });
        const answer = appErrorResponse(error);
        expect(answer.init?.status).toBeGreaterThanOrEqual(400);
        expect(answer.init?.status).toBeLessThan(500);
        expect(answer.data).toEqual({ messageKey: error.messageKey, values: { status: "open" } });
        expect(error.messageKey).toMatch(/^(common|needs|offers|review):errors\.\w+$/);
      }
    }
  });

  it("keeps the needs' and offers' own wording for a refused transition", () => {
    expect(new AppError("wrongState", "need", "n").messageKey).toBe("needs:errors.transitionRefused");
    expect(new AppError("wrongState", "offer", "o").messageKey).toBe("offers:errors.transitionRefused");
    expect(new AppError("notFound", "need", "n").messageKey).toBe("common:errors.notFound");
    expect(new AppError("wrongState", "proposal", "p").messageKey).toBe("review:errors.wrongState");
    expect(new AppError("forbidden", "engagement", "e").status).toBe(403);
  });

  it("rethrows anything that is not an AppError", async () => {
    const boom = new Error("boom");
    expect(() => refusalResponse(boom)).toThrow(boom);
    await expect(orRefusal(() => Promise.reject(boom))).rejects.toBe(boom);
    const thrown = await orRefusal(() => Promise.reject(new AppError("wrongState", "need", "n"))).catch(
      (e: unknown) => e,
    );
    expect(thrown).toMatchObject({
      init: { status: 409 },
      data: { messageKey: "needs:errors.transitionRefused" },
    });
  });
});
