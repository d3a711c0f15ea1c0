// The triage feature's public surface for pages.
export { TextActionForm } from "./components/text-action-form";
