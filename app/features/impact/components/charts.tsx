// Charts drawn as inline SVG on the server: no script, no request elsewhere, readable without JavaScript.
// Each is a <figure> whose SVG has a title and a description (role="img"), and whose caption points to
// the table that carries the same figures as text. Sized by classes (the content security policy allows no
// inline style): full width on a phone, at most 640 px on a desktop.
import { useId } from "react";

export type Bar = {
  label: string;
  /** The length of the bar; null draws none (a withheld or small figure: its `display` says which). */
  value: number | null;
  display: string;
};

const WIDTH = 640;
const LABEL = 220;
const ROW = 26;

export function BarChart({
  title,
  description,
  caption,
  bars,
}: {
  title: string;
  description: string;
  caption: string;
  bars: Bar[];
}) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const plot = WIDTH - LABEL - 70;
  const height = Math.max(ROW, bars.length * ROW) + 8;
  return (
    <figure className="space-y-1">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="block h-auto w-full max-w-[640px]"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {bars.map((b, i) => {
          const y = 4 + i * ROW;
          const w = b.value ? Math.max(2, Math.round((b.value / max) * plot)) : 0;
          return (
            <g key={`${b.label}-${i}`}>
              <text x={LABEL - 8} y={y + 17} textAnchor="end" fontSize="13" fill="currentColor">
                {b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label}
              </text>
              {w ? <rect x={LABEL} y={y + 4} width={w} height={ROW - 8} fill="#1d4ed8" /> : null}
              <text x={LABEL + w + 6} y={y + 17} fontSize="13" fill="currentColor">
                {b.display}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="text-sm text-[var(--color-muted)]">{caption}</figcaption>
    </figure>
  );
}

export type Segment = { label: string; value: number; display: string; color: string };

/** One stacked bar (parts of a whole, e.g. outcomes) with a legend that repeats every figure as text. */
export function StackedBar({
  title,
  description,
  caption,
  segments,
}: {
  title: string;
  description: string;
  caption: string;
  segments: Segment[];
}) {
  const id = useId();
  const total = segments.reduce((s, x) => s + x.value, 0);
  let x = 0;
  const legendTop = 48;
  return (
    <figure className="space-y-1">
      <svg
        role="img"
        aria-labelledby={`${id}-t ${id}-d`}
        viewBox={`0 0 ${WIDTH} ${legendTop + segments.length * 22}`}
        className="block h-auto w-full max-w-[640px]"
      >
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        <rect x={0} y={8} width={WIDTH} height={28} fill="#e7e5e4" />
        {total > 0
          ? segments.map((s) => {
              const w = (s.value / total) * WIDTH;
              const rect = <rect key={s.label} x={x} y={8} width={w} height={28} fill={s.color} />;
              x += w;
              return rect;
            })
          : null}
        {segments.map((s, i) => (
          <g key={`legend-${s.label}`}>
            <rect x={0} y={legendTop + i * 22} width={14} height={14} fill={s.color} />
            <text x={22} y={legendTop + i * 22 + 12} fontSize="13" fill="currentColor">
              {`${s.label}: ${s.display}`}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="text-sm text-[var(--color-muted)]">{caption}</figcaption>
    </figure>
  );
}
