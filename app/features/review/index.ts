// The review feature's public surface for pages: the action notices, field errors and status badge that
// the engagement and insight pages share with review's pages.
export { ActionMessage, DoneNotice, FieldErrors, Pagination, StatusBadge, pageParam } from "./components/ui";
