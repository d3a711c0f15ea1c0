// A choice of several values as checkboxes (instead of a multiple select, whose Ctrl-click few people
// know). Long lists keep the usual choices and the chosen ones in view and the rest behind a <details>
// disclosure, which works without JavaScript and keeps the closed part out of the Tab order.
import { getCollectionProps, type FieldMetadata } from "@conform-to/react";
import { ErrorList } from "~/components/form-fields";

type Option = { value: string; label: string };

export function CheckboxGroupField({
  meta,
  legend,
  hint,
  options,
  common,
  moreLabel,
  listClassName = "grid gap-1 sm:grid-cols-3",
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- list fields have loosely typed inputs
  meta: FieldMetadata<any, any, string[]>;
  legend: string;
  hint?: string;
  options: Option[];
  /** Values shown before the disclosure (all options when omitted). */
  common?: string[];
  /** The disclosure's label, when `common` leaves options behind it. */
  moreLabel?: string;
  /** How the boxes are laid out (a grid of three columns unless said). */
  listClassName?: string;
}) {
  const initial = meta.initialValue as unknown;
  const chosen = new Set(
    Array.isArray(initial) ? (initial as string[]) : typeof initial === "string" ? [initial] : [],
  );
  const inView = common ? options.filter((o) => common.includes(o.value) || chosen.has(o.value)) : options;
  const rest = common ? options.filter((o) => !common.includes(o.value) && !chosen.has(o.value)) : [];
  const props = new Map(
    getCollectionProps(meta, { type: "checkbox", options: options.map((o) => o.value) }).map((p) => [
      p.value,
      p,
    ]),
  );
  const describedBy = [hint ? meta.descriptionId : null, meta.errors?.length ? meta.errorId : null]
    .filter(Boolean)
    .join(" ");
  const box = (o: Option) => {
    const p = props.get(o.value)!;
    return (
      <li key={p.key}>
        <label className="font-normal">
          <input {...p} key={p.key} /> {o.label}
        </label>
      </li>
    );
  };
  return (
    // the id lets the error summary link here; tabIndex lets that link move the focus to the group
    <fieldset id={meta.id} tabIndex={-1} className="space-y-2" aria-describedby={describedBy || undefined}>
      <legend className="font-semibold">{legend}</legend>
      {hint ? (
        <p id={meta.descriptionId} className="text-sm text-[var(--color-muted)]">
          {hint}
        </p>
      ) : null}
      <ul className={listClassName}>{inView.map(box)}</ul>
      {rest.length ? (
        <details>
          <summary className="cursor-pointer">
            {moreLabel} ({rest.length})
          </summary>
          <ul className={`mt-2 ${listClassName}`}>{rest.map(box)}</ul>
        </details>
      ) : null}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  );
}
