// Reading ICU MessageFormat messages (ADR 0021): the arguments a message takes and the plural and select
// cases it lists. Used by the catalogue checks, the conversion script and the missing-value fallback.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

/** How the app parses messages: tags such as <0> stay text, and every plural or select needs `other`. */
export function parseMessage(message: string): MessageFormatElement[] {
  return parse(message, { ignoreTag: true, requiresOtherClause: true });
}

export type Argument = { name: string; kind: "text" | "number" | "date" | "plural" | "select" };

/** Every argument of a message, once each (its kind as first used), in order of appearance. */
export function messageArguments(elements: MessageFormatElement[]): Argument[] {
  const found = new Map<string, Argument["kind"]>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      const add = (kind: Argument["kind"]) => {
        if (!found.has((el as { value: string }).value)) found.set((el as { value: string }).value, kind);
      };
      switch (el.type) {
        case TYPE.argument:
          add("text");
          break;
        case TYPE.number:
          add("number");
          break;
        case TYPE.date:
        case TYPE.time:
          add("date");
          break;
        case TYPE.plural:
          add("plural");
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.select:
          add("select");
          for (const option of Object.values(el.options)) walk(option.value);
          break;
        case TYPE.tag:
          walk(el.children);
          break;
      }
    }
  };
  walk(elements);
  return [...found].map(([name, kind]) => ({ name, kind }));
}

export type Choice = { argument: string; kind: "plural" | "selectordinal" | "select"; cases: string[] };

/** Every plural, selectordinal and select of a message with the cases it lists (`one`, `=0`, `other`…). */
export function messageChoices(elements: MessageFormatElement[]): Choice[] {
  const out: Choice[] = [];
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        const kind =
          el.type === TYPE.select ? "select" : el.pluralType === "ordinal" ? "selectordinal" : "plural";
        out.push({ argument: el.value, kind, cases: Object.keys(el.options) });
        for (const option of Object.values(el.options)) walk(option.value);
      } else if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(elements);
  return out;
}
