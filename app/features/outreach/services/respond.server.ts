// A refused reach-out as an HTTP answer: the status of the refusal and its message key, which the page
// shows in the reader's language above the form (no JavaScript needed).
import { data } from "react-router";
import { Prisma } from "~/generated/prisma/client";
import type { ErrorPayload } from "~/utils/http.server";
import { ReachOutRefusedError } from "./reach-out.server";

export function reachRefusalResponse(error: unknown) {
  if (error instanceof ReachOutRefusedError)
    return data<ErrorPayload>({ messageKey: `outreach:refusals.${error.code}` }, { status: error.status });
  // Two submissions racing for the same pair: the unique (need, offer) pair stops the second one.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    return data<ErrorPayload>({ messageKey: "outreach:refusals.liveProposal" }, { status: 409 });
  throw error;
}
