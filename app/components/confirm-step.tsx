// "No one-click loss" (issue 21): an action that loses something (withdrawing a need, retiring an offer,
// declining, closing an engagement) starts with a link to `?confirm=<action>`, a confirmation page (the
// same page showing the panel instead of the link) that holds the real form and a way back. It works
// without JavaScript (a GET, then the POST); with JavaScript the panel takes focus when it appears.
import { useEffect, useRef } from "react";
import { Link, useLocation, useSearchParams } from "react-router";

export const CONFIRM_PARAM = "confirm";

/** Whether the page is asking to confirm `action`. */
export function useConfirming(action: string): boolean {
  const [search] = useSearchParams();
  return search.get(CONFIRM_PARAM) === action;
}

/** The first step: a link to the confirmation (never the action itself). */
export function ConfirmLink({
  action,
  className,
  children,
  label,
}: {
  action: string;
  className?: string;
  children: React.ReactNode;
  label?: string;
}) {
  const [search] = useSearchParams();
  const next = new URLSearchParams(search);
  next.set(CONFIRM_PARAM, action);
  next.delete("done");
  return (
    <Link
      to={`?${next}#confirm-${action}`}
      className={className ?? "btn btn-danger"}
      aria-label={label}
      data-testid={`confirm-link-${action}`}
      preventScrollReset
    >
      {children}
    </Link>
  );
}

/** The confirmation: what will happen, the form that does it, and a way back that changes nothing. */
export function ConfirmPanel({
  action,
  title,
  warning,
  cancelLabel,
  children,
}: {
  action: string;
  title: string;
  warning: string;
  cancelLabel: string;
  children: React.ReactNode;
}) {
  const location = useLocation();
  const [search] = useSearchParams();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const back = new URLSearchParams(search);
  back.delete(CONFIRM_PARAM);
  const backQuery = back.toString();
  return (
    <section
      id={`confirm-${action}`}
      aria-labelledby={`confirm-${action}-title`}
      className="card space-y-3 border-2 border-red-700"
      data-testid={`confirm-panel-${action}`}
    >
      <h2 id={`confirm-${action}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p>{warning}</p>
      {children}
      <p>
        <Link to={`${location.pathname}${backQuery ? `?${backQuery}` : ""}`} preventScrollReset>
          {cancelLabel}
        </Link>
      </p>
    </section>
  );
}
