// Labelled form controls wired to Conform: errors (i18n keys) are translated and linked to their control
// with aria-invalid / aria-describedby. Used by the auth, account and organisation forms.
import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useTranslation } from "~/i18n/use-translation";

/**
 * The one list of field (or form) errors, i18n keys translated, with the id its control points at. The
 * live region wraps the list: `role="alert"` on the <ul> itself would take its list semantics away (axe).
 */
export function ErrorList({
  id,
  errors,
  className = "mt-1 text-sm text-red-800",
}: {
  id?: string;
  errors?: string[] | null;
  className?: string;
}) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert">
      <ul className={className}>
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

/** A control with its label, its hint (linked by `meta.descriptionId`) and its errors below it. */
function FieldShell({
  meta,
  label,
  hint,
  children,
}: {
  meta: { id: string; descriptionId: string; errorId: string; errors?: string[] };
  label: string;
  hint?: string;
  children: React.ReactNode;
}) {
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
      {children}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  );
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
    <FieldShell meta={meta} label={label} hint={hint}>
      <input
        {...props}
        key={props.key}
        defaultValue={scalar(props.defaultValue)}
        autoComplete={autoComplete}
        inputMode={inputMode}
      />
    </FieldShell>
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

/** The password the person has now, asked before a change that needs it. */
export function CurrentPasswordField({ meta }: { meta: FieldMetadata<string | undefined> }) {
  const { t } = useTranslation();
  return (
    <TextField
      meta={meta}
      label={t("auth:fields.currentPassword")}
      type="password"
      autoComplete="current-password"
    />
  );
}

/** A one-time code from an authenticator app (digits) or a recovery code (`inputMode="text"`). */
export function CodeField({
  meta,
  inputMode = "numeric",
}: {
  meta: FieldMetadata<string | undefined>;
  inputMode?: "numeric" | "text";
}) {
  const { t } = useTranslation();
  return (
    <TextField meta={meta} label={t("auth:fields.code")} autoComplete="one-time-code" inputMode={inputMode} />
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
    <FieldShell meta={meta} label={label} hint={hint}>
      <textarea {...props} key={props.key} defaultValue={scalar(props.defaultValue)} rows={rows} />
    </FieldShell>
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
    <FieldShell meta={meta} label={label} hint={hint}>
      <select
        {...props}
        key={props.key}
        multiple={multiple}
        size={multiple ? 6 : undefined}
        // After a submission with one value Conform hands back a string: a multiple select wants a list.
        defaultValue={multiple ? ([props.defaultValue ?? []].flat() as string[]) : scalar(props.defaultValue)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Submit buttons of a create-or-edit form: creating offers the main step and a draft, editing saves. */
export function CreateOrSaveButtons({
  mode,
  create,
  draft,
  save,
}: {
  mode: "create" | "edit";
  /** The main step when creating: its intent (e.g. "submit", "publish") and label. */
  create: { intent: string; label: string };
  draft: string;
  save: string;
}) {
  return (
    <div className="flex flex-wrap gap-3">
      {mode === "create" ? (
        <>
          <button type="submit" name="intent" value={create.intent} className="btn">
            {create.label}
          </button>
          <button type="submit" name="intent" value="draft" className="btn btn-secondary">
            {draft}
          </button>
        </>
      ) : (
        <button type="submit" name="intent" value="save" className="btn">
          {save}
        </button>
      )}
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
