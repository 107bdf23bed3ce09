/** Money as people read it in reports. No imports, so the editor's report view can use it without the analyser. */

export function formatPerCall(value: number): string {
  if (value === 0) return '$0';
  if (value >= 1) return '$' + value.toFixed(2);
  // Three significant digits without exponent notation, however small the price.
  const digits = Math.max(2, 2 - Math.floor(Math.log10(value)));
  // Trailing zeros go, but cents stay: $0.50, $0.0031.
  return '$' + value.toFixed(Math.min(digits, 12)).replace(/(\.\d\d\d*?)0+$/, '$1');
}

export function formatPerMonth(value: number): string {
  return '$' + value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
