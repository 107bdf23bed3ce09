/**
 * Where the embedded price table comes from. Hand-kept: test/pricing/data-source.test.ts fails when the installed
 * @pydantic/genai-prices version differs, so a dependency bump forces this date to be revisited.
 */
export const PRICE_TABLE_PACKAGE = '@pydantic/genai-prices';
export const PRICE_TABLE_VERSION = '0.1.8';

/** `asOf` is the publication date of that package version; prices are read as in effect on that date. */
export const PRICE_DATA_SOURCE = { source: `${PRICE_TABLE_PACKAGE} ${PRICE_TABLE_VERSION}`, asOf: '2026-09-23' } as const;
