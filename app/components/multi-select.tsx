// A labelled multiple select wired to Conform. After a submission with one value, Conform hands back a
// string; a multiple select needs an array, so the value is normalised here.
import { getSelectProps, type FieldMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/form-fields";

export function MultiSelectField({
  meta,
  label,
  hint,
  options,
}: {
  meta: FieldMetadata<string>;
  label: string;
  hint?: string;
  options: Array<{ value: string; label: string }>;
}) {
  const { defaultValue, ...props } = getSelectProps(meta, {
    ariaDescribedBy: hint ? meta.descriptionId : undefined,
  });
  const initial = meta.initialValue as unknown;
  const values = Array.isArray(initial)
    ? (initial as string[])
    : typeof initial === "string" && initial
      ? [initial]
      : Array.isArray(defaultValue)
        ? defaultValue
        : [];
  return (
    <div className="space-y-1">
      <label htmlFor={meta.id} className="block">
        {label}
      </label>
      {hint ? (
        <p id={meta.descriptionId} className="text-sm text-[var(--color-muted)]">
          {hint}
        </p>
      ) : null}
      <select {...props} key={props.key} multiple size={6} defaultValue={values}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}
