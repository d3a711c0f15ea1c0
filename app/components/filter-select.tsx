// A labelled select in a GET filter form (boards, lists, reports): the chosen value comes back in the URL.
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  any,
  options,
}: {
  id: string;
  name: string;
  label: string;
  defaultValue: string | null | undefined;
  /** The label of the empty choice ("all regions", "any"), when there is one. */
  any?: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <div>
      <label htmlFor={id} className="block">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue ?? ""}>
        {any !== undefined ? <option value="">{any}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
