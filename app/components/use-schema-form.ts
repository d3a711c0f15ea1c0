// Conform set up once for every form: the Zod schema gives the browser its constraints (required, lengths,
// patterns) and checks the fields as the user goes — on blur unless a form asks otherwise — with the same
// schema the action parses, so the messages match. Without JavaScript the form posts and the action
// answers with the same field errors (lastResult).
import { useForm, type DefaultValue, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

type Timing = "onSubmit" | "onBlur" | "onInput";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's own bound for a form's shape
export function useSchemaForm<S extends z.ZodType<Record<string, any>, Record<string, any>>>(
  schema: S,
  options: {
    id?: string;
    lastResult?: SubmissionResult<string[]> | null;
    defaultValue?: DefaultValue<z.input<S>>;
    shouldValidate?: Timing;
    shouldRevalidate?: Timing;
    /** false: no browser constraints (a form whose buttons need different fields, e.g. two-factor's). */
    constraints?: boolean;
    /**
     * false: a submission always goes to the server, which answers with every problem at once (a form whose
     * server adds checks the schema cannot make in the browser, e.g. the need form's taxonomy and country
     * checks: a check in the browser would stop at the schema's problems and hide the others).
     */
    browserCheck?: boolean;
  },
) {
  const { constraints = true, browserCheck = true, ...rest } = options;
  return useForm<z.input<S>, z.output<S>>({
    ...rest,
    constraint: constraints ? getZodConstraint(schema) : undefined,
    // Without a check in the browser, Conform's blur/input validation would *submit the form* (a POST
    // with intent "validate": it has no onValidate to answer it), so every Tab out of a field went to the
    // server and its answer pulled the focus back to the error summary — the "stalled" Tab presses of the
    // need form with JavaScript (issue 21). Such a form is checked when it is submitted, and only then.
    shouldValidate: browserCheck ? (options.shouldValidate ?? "onBlur") : "onSubmit",
    shouldRevalidate: browserCheck ? options.shouldRevalidate : "onSubmit",
    onValidate: browserCheck ? ({ formData }) => parseWithZod(formData, { schema }) : undefined,
  });
}
