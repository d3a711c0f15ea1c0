// Labelled form controls wired to Conform: errors (i18n keys) are translated and linked to their control
// with aria-invalid / aria-describedby. Used by the auth, account and organisation forms.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/i18n/use-translation";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    // The live region wraps the list: `role="alert"` on the <ul> itself would take its list semantics away.
    <div id={id} role="alert">
      <ul className="mt-1 text-sm text-red-800">
        {errors.map((e) => (
          <li key={e}>{t(e)}</li>
        ))}
      </ul>
    </div>
  );
}

/** A submitted form may repeat a field: echo only its first value into a single-value control. */
function scalar(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first == null ? undefined : String(first);
}

type InputType = "text" | "email" | "password" | "url" | "number" | "date" | "search" | "tel";

export function TextField({
  meta,
  label,
  type = "text",
  autoComplete,
  hint,
  inputMode,
}: {
  meta: FieldMetadata<string | number | undefined | null>;
  label: string;
  type?: InputType;
  autoComplete?: string;
  hint?: string;
  inputMode?: "numeric" | "text" | "email";
}) {
  const props = getInputProps(meta, { type, ariaDescribedBy: hint ? meta.descriptionId : undefined });
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
      <input
        {...props}
        key={props.key}
        defaultValue={scalar(props.defaultValue)}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** A new password and its confirmation, as every form that sets a password asks for them. */
export function NewPasswordFields({
  password,
  confirmPassword,
}: {
  password: FieldMetadata<string | undefined>;
  confirmPassword: FieldMetadata<string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        meta={password}
        label={t("auth:fields.newPassword")}
        type="password"
        autoComplete="new-password"
        hint={t("auth:fields.passwordHint")}
      />
      <TextField
        meta={confirmPassword}
        label={t("auth:fields.confirmPassword")}
        type="password"
        autoComplete="new-password"
      />
    </>
  );
}

export function TextAreaField({
  meta,
  label,
  hint,
  rows = 5,
}: {
  meta: FieldMetadata<string | undefined | null>;
  label: string;
  hint?: string;
  rows?: number;
}) {
  const props = getTextareaProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
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
      <textarea {...props} key={props.key} defaultValue={scalar(props.defaultValue)} rows={rows} />
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function SelectField({
  meta,
  label,
  options,
  multiple,
  hint,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- list fields have loosely typed inputs
  meta: FieldMetadata<any, any, string[]>;
  label: string;
  options: Array<{ value: string; label: string }>;
  multiple?: boolean;
  hint?: string;
}) {
  const props = getSelectProps(meta, { ariaDescribedBy: hint ? meta.descriptionId : undefined });
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
      <select
        {...props}
        key={props.key}
        multiple={multiple}
        size={multiple ? 6 : undefined}
        defaultValue={multiple ? ([props.defaultValue ?? []].flat() as string[]) : scalar(props.defaultValue)}
      >
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

/** A notice after a redirect (e.g. ?done=saved), announced politely. */
export function Notice({ children }: { children: React.ReactNode }) {
  return (
    <p
      role="status"
      className="rounded border border-[var(--color-brand-600)] bg-[var(--color-brand-50)] p-3"
    >
      {children}
    </p>
  );
}
