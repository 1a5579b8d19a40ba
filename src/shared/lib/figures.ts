// Figures written for people, one rule on both sides of the contract: thousands separated by
// commas from 1,000 ("1,234", "48,000" — the renderer's lib/format rule, so an explanation the
// main side writes reads like the screen around it), and the typographic minus (U+2212).

/** U+2212, the typographic minus, for signed figures read by people. */
export const MINUS = '\u2212';

/** A leading ASCII hyphen becomes U+2212 ("−12.3 %"). */
export function signed(text: string): string {
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

/** "48000" → "48,000": a run of whole digits grouped in threes. */
function groupDigits(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A number for an explanation or a formula: integers exact, others to `significant` significant
 * digits, thousands separated from 1,000, magnitudes under 1e-6 in exponent form, ∞ and NaN
 * named: "48,000", "1,234", "0.999", "−0.5", "1.23e-7".
 */
export function formatFigure(value: number, significant = 6): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : `${MINUS}∞`;
  const rounded = Number.isInteger(value) ? value : Number(value.toPrecision(significant));
  const sign = rounded < 0 ? MINUS : '';
  const magnitude = Math.abs(rounded);
  if (magnitude !== 0 && magnitude < 1e-6) return sign + magnitude.toExponential(2);
  // Up to 1e21 toString writes every digit; past it (no count or budget gets there) the exponent form stays.
  const [whole = '0', fraction] = magnitude.toString().split('.');
  return sign + (/^\d+$/.test(whole) ? groupDigits(whole) : whole) + (fraction === undefined ? '' : `.${fraction}`);
}

/** "1,234,567": a count, rounded to a whole number (never "−0"). */
export function formatWhole(n: number): string {
  return formatFigure(Math.round(n) + 0);
}
