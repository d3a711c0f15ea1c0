import { RouterContextProvider, UNSAFE_ErrorResponseImpl } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "./entry.server";
import { logger } from "./utils/logger.server";

afterEach(() => vi.restoreAllMocks());

function args() {
  return {
    request: new Request("http://localhost/some/path"),
    params: {},
    context: new RouterContextProvider(),
  };
}

describe("handleError", () => {
  it("logs what went wrong on the server, not the client's 4xx mistakes", () => {
    const log = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    handleError(
      new UNSAFE_ErrorResponseImpl(404, "Not Found", new Error("No route matches URL"), true),
      args(),
    );
    handleError(new UNSAFE_ErrorResponseImpl(405, "Method Not Allowed", null, true), args());
    expect(log).not.toHaveBeenCalled();
    handleError(new Error("boom"), args());
    handleError(new UNSAFE_ErrorResponseImpl(500, "Internal Server Error", null, true), args());
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0][0]).toMatchObject({ err: "boom", path: "/some/path" });
  });
});
