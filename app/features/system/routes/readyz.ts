import { checkReadiness } from "../services/readiness.server";

export async function loader() {
  const result = await checkReadiness();
  return Response.json(result, {
    status: result.status === "ready" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
