// Topic checkboxes grouped under their category, for the need and offer forms. Plain checkboxes, so the
// choice works without JavaScript; a field error is announced with the group.
import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/form-fields";
import type { Taxonomy } from "./reference.server";

export function TopicFieldset({
  meta,
  legend,
  taxonomy,
}: {
  meta: FieldMetadata<string>;
  legend: string;
  taxonomy: Taxonomy;
}) {
  return (
    // the id lets the error summary link here; tabIndex lets that link move the focus to the group
    <fieldset
      id={meta.id}
      tabIndex={-1}
      className="space-y-2"
      aria-describedby={meta.errors?.length ? meta.errorId : undefined}
    >
      <legend className="font-semibold">{legend}</legend>
      {taxonomy.map((c) => (
        <fieldset key={c.id} className="ml-2">
          <legend className="text-sm font-semibold">{c.label}</legend>
          <ul className="grid gap-1 sm:grid-cols-2">
            {getCollectionProps(meta, {
              type: "checkbox",
              options: c.topics.map((tp) => tp.id),
            }).map((props) => (
              <li key={props.key}>
                <label className="font-normal">
                  <input {...props} key={props.key} /> {c.topics.find((tp) => tp.id === props.value)?.label}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ))}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
