// The one layout of every email: a single column, no tables, inline styles only (mail clients drop
// <style> and external CSS), no images, no scripts, nothing loaded from anywhere. The plain-text part
// is written from the same content by `toText`, so both parts say the same thing.

type EmailItem = { title: string; url: string; meta: string };
export type EmailSection = { title: string; items: EmailItem[]; more?: string };

export type EmailContent = {
  lang: string;
  subject: string;
  greeting?: string;
  heading: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  linkFallback?: string;
  sections?: EmailSection[];
  notes?: string[];
  signature: string;
  footer: string[];
  footerLinks?: Array<{ label: string; url: string }>;
};

const font = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;";
const styleText = {
  body: `margin: 0; padding: 0; background: #f5f5f4; color: #1c1917; ${font}`,
  column: "max-width: 600px; margin: 0 auto; padding: 24px 20px; background: #ffffff;",
  brand: "margin: 0 0 16px; font-size: 14px; font-weight: bold; color: #1e3a8a; letter-spacing: 0.05em;",
  heading: "margin: 0 0 16px; font-size: 22px; line-height: 1.3; color: #1c1917;",
  p: "margin: 0 0 16px; font-size: 16px; line-height: 1.5;",
  button:
    "display: inline-block; padding: 12px 20px; background: #1e40af; color: #ffffff; font-size: 16px; font-weight: bold; text-decoration: none; border-radius: 6px;",
  small: "margin: 0 0 12px; font-size: 13px; line-height: 1.5; color: #57534e;",
  link: "color: #1e40af; word-break: break-all;",
  sectionTitle: "margin: 24px 0 8px; font-size: 18px; color: #1c1917;",
  list: "margin: 0 0 16px; padding: 0 0 0 20px;",
  item: "margin: 0 0 10px; font-size: 16px; line-height: 1.4;",
  meta: "display: block; font-size: 13px; color: #57534e;",
  rule: "border: 0; border-top: 1px solid #e7e5e4; margin: 24px 0 16px;",
};

/** Parsed once: renders are hot in digest runs. */
const styles = Object.fromEntries(Object.entries(styleText).map(([k, v]) => [k, css(v)])) as Record<
  keyof typeof styleText,
  React.CSSProperties
>;

export function EmailDocument({ content }: { content: EmailContent }) {
  return (
    <html lang={content.lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <title>{content.subject}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.column}>
          <p style={styles.brand}>PUENTE</p>
          <h1 style={styles.heading}>{content.heading}</h1>
          {content.greeting ? <p style={styles.p}>{content.greeting}</p> : null}
          {content.paragraphs.map((text, i) => (
            <p key={i} style={styles.p}>
              {text}
            </p>
          ))}
          {content.action ? (
            <>
              <p style={styles.p}>
                <a href={content.action.url} style={styles.button}>
                  {content.action.label}
                </a>
              </p>
              {content.linkFallback ? (
                <p style={styles.small}>
                  {content.linkFallback}
                  <br />
                  <a href={content.action.url} style={styles.link}>
                    {content.action.url}
                  </a>
                </p>
              ) : null}
            </>
          ) : null}
          {(content.sections ?? []).map((section, i) => (
            <div key={i}>
              <h2 style={styles.sectionTitle}>{section.title}</h2>
              <ul style={styles.list}>
                {section.items.map((item, j) => (
                  <li key={j} style={styles.item}>
                    <a href={item.url} style={styles.link}>
                      {item.title}
                    </a>
                    <span style={styles.meta}>{item.meta}</span>
                  </li>
                ))}
              </ul>
              {section.more ? <p style={styles.small}>{section.more}</p> : null}
            </div>
          ))}
          {(content.notes ?? []).map((note, i) => (
            <p key={i} style={styles.small}>
              {note}
            </p>
          ))}
          <p style={styles.p}>{content.signature}</p>
          <hr style={styles.rule} />
          {content.footer.map((line, i) => (
            <p key={i} style={styles.small}>
              {line}
            </p>
          ))}
          {content.footerLinks?.length ? (
            <p style={styles.small}>
              {content.footerLinks.map((link, i) => (
                <span key={i}>
                  {i > 0 ? " · " : null}
                  <a href={link.url} style={styles.link}>
                    {link.label}
                  </a>
                </span>
              ))}
            </p>
          ) : null}
        </div>
      </body>
    </html>
  );
}

/** Inline style strings → React style objects (kept as strings above so they read like mail CSS). */
function css(style: string): React.CSSProperties {
  const out: Record<string, string> = {};
  for (const declaration of style.split(";")) {
    const index = declaration.indexOf(":");
    if (index < 0) continue;
    const property = declaration.slice(0, index).trim();
    const value = declaration.slice(index + 1).trim();
    if (!property) continue;
    out[property.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out as React.CSSProperties;
}

/** The plain-text part: the same content, laid out to read well in a text-only client. */
export function toText(content: EmailContent): string {
  const lines: string[] = [];
  lines.push(content.heading, "=".repeat(Math.min(content.heading.length, 60)), "");
  if (content.greeting) lines.push(content.greeting, "");
  for (const p of content.paragraphs) lines.push(wrap(p), "");
  if (content.action) lines.push(content.action.label, content.action.url, "");
  for (const section of content.sections ?? []) {
    lines.push(section.title, "-".repeat(Math.min(section.title.length, 60)), "");
    for (const item of section.items) {
      lines.push(wrap(`* ${item.title}`, "  "), `  ${item.meta}`, `  ${item.url}`, "");
    }
    if (section.more) lines.push(section.more, "");
  }
  for (const note of content.notes ?? []) lines.push(wrap(note), "");
  lines.push(content.signature, "", "-- ");
  for (const line of content.footer) lines.push(wrap(line));
  for (const link of content.footerLinks ?? []) lines.push(`${link.label}: ${link.url}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

function wrap(text: string, indent = "", width = 72): string {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = "";
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = indent + word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) out.push(line);
  return out.join("\n");
}
