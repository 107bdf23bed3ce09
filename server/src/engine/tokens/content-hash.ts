/** SHA-1 of a text's UTF-8 bytes, in hex: the token-count cache's key for long texts. */

let createHash: typeof import('node:crypto').createHash | undefined;

export function contentHash(text: string): string {
  // node:crypto is required on the first long text, not when the module loads (20 ms at every CLI start).
  createHash ??= (require('node:crypto') as typeof import('node:crypto')).createHash;
  return createHash('sha1').update(text).digest('hex');
}
