// A refusal thrown by a service (httpError with an i18n key) shown next to the form that caused it,
// with the status it carries, instead of the error page.
import type { SubmissionResult } from "@conform-to/react";
import { data } from "react-router";
import { isErrorPayload } from "~/utils/http.server";

type Thrown = { data: unknown; init: { status?: number } | null };

function isDataError(e: unknown): e is Thrown {
  return (
    typeof e === "object" && e !== null && "init" in e && "data" in e && isErrorPayload((e as Thrown).data)
  );
}

function formErrorResponse(result: SubmissionResult<string[]>, status: number) {
  return data({ result }, { status });
}

export async function orFormError<T>(
  work: () => Promise<T>,
  reply: (options: { formErrors: string[] }) => SubmissionResult<string[]>,
  statuses: number[] = [400, 409],
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof formErrorResponse> }> {
  try {
    return { ok: true, value: await work() };
  } catch (e) {
    if (isDataError(e) && statuses.includes(e.init?.status ?? 0)) {
      const key = (e.data as { messageKey: string }).messageKey;
      return { ok: false, response: formErrorResponse(reply({ formErrors: [key] }), e.init?.status ?? 400) };
    }
    throw e;
  }
}
