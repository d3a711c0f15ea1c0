// The email feature's public surface: queue a transactional email (sent by the worker through the
// outbox), and the mailer and renderer the digest feature sends its own messages with.
export { queueEmail } from "./services/queue-email.server";
export { MailSendError, mailer, newMessageId, type Mailer } from "./services/mailer.server";
export { renderEmail, type RenderedEmail } from "./services/render.server";
