// Reading a form body safely: a body that is not a form (wrong content type, malformed multipart)
// is a 400, never a 500.
import { badRequest } from "~/utils/http.server";

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw badRequest();
  }
}
