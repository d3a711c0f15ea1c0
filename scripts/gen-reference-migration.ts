// Writes the SQL of the reference-data migration from app/features/taxonomy/reference-data.ts.
// Run once when that data changes, into a NEW migration folder (applied migrations are never edited).
import { categories, countries } from "~/features/taxonomy/reference-data";

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const lines: string[] = ["-- Reference data: countries with regions, and the starting taxonomy.", ""];
lines.push(`INSERT INTO "Country" (code, region) VALUES`);
lines.push(
  countries.map((c) => `  (${q(c.code)}, ${q(c.region)})`).join(",\n") + "\nON CONFLICT (code) DO NOTHING;",
  "",
);
categories.forEach((cat, i) => {
  lines.push(
    `INSERT INTO "Category" (id, labels, position) VALUES (${q(cat.id)}, ${q(JSON.stringify(cat.labels))}::jsonb, ${i}) ON CONFLICT (id) DO NOTHING;`,
  );
  lines.push(`INSERT INTO "Topic" (id, "categoryId", labels, position) VALUES`);
  lines.push(
    cat.topics
      .map((t, j) => `  (${q(t.id)}, ${q(cat.id)}, ${q(JSON.stringify(t.labels))}::jsonb, ${j})`)
      .join(",\n") + "\nON CONFLICT (id) DO NOTHING;",
    "",
  );
});
process.stdout.write(lines.join("\n") + "\n");
