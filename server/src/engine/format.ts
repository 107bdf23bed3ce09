/** Money and token counts as messages show them. */

/**
 * US dollars: whole dollars with thousands separators from $10 up (`$1,234`), cents from $1 (`$4.20`),
 * two significant digits below $1 (`$0.16`, `$0.0031`) so small per-call figures never read as `$0.00`.
 */
export function formatUsd(amount: number): string {
  if (!Number.isFinite(amount)) return '$?';
  const sign = amount < 0 ? '-' : '';
  const value = Math.abs(amount);
  if (value === 0) return '$0';
  if (value >= 10) return `${sign}$${Math.round(value).toLocaleString('en-US')}`;
  if (value >= 1) return `${sign}$${value.toFixed(2)}`;
  const decimals = Math.min(12, Math.max(2, 1 - Math.floor(Math.log10(value))));
  // toFixed after rounding to 2 significant digits; strip the float noise but keep at least 2 decimals.
  const rounded = Number(value.toPrecision(2));
  if (rounded >= 1) return `${sign}$${rounded.toFixed(2)}`;
  let text = rounded.toFixed(decimals);
  while (text.endsWith('0') && text.length - text.indexOf('.') - 1 > 2) text = text.slice(0, -1);
  return `${sign}$${text}`;
}

/** A token count with thousands separators: `16,384`. */
export function formatTokens(count: number): string {
  const whole = Math.round(count);
  // toLocaleString's first call sets up ICU number formatting (20-60 ms), and rule descriptions format token
  // counts when their modules load: whole numbers are grouped here instead, with the same result.
  if (!Number.isSafeInteger(whole) || whole < 0 || Object.is(whole, -0)) return whole.toLocaleString('en-US');
  const digits = String(whole);
  let grouped = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = grouped.length; i < digits.length; i += 3) grouped += ',' + digits.slice(i, i + 3);
  return grouped;
}
