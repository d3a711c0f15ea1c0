// Reading a form body safely: a body that is not a form (wrong content type, malformed multipart)
// is a 400, never a 500.
import { badRequest, notFound } from "~/utils/http.server";

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw badRequest();
  }
}

/** Record ids (cuid) from forms and URLs: anything else is not an id (and must not reach a query). */
export function isId(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}

/** A route param that must be an id: 404 otherwise. */
export function idParam(value: string | undefined): string {
  if (!isId(value)) throw notFound();
  return value;
}
