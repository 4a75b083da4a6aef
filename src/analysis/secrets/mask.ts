// Display forms of secrets. A masked form keeps only what is not secret (a provider's fixed prefix,
// or a few leading characters of a long value) and the length, so a reviewer can find the value
// without the comment, log line or model prompt repeating it.

/** At most half the value is ever shown, whatever prefix the caller asks for. */
export function maskSecret(secret: string, visiblePrefixLength = 0): string {
  const visible = Math.max(0, Math.min(visiblePrefixLength, Math.floor(secret.length / 2)));
  return `${secret.slice(0, visible)}\u2026(${secret.length} chars)`;
}

/** How many leading characters of a value without a known prefix may be shown: 0 to 4, by length. */
export function genericVisibleLength(length: number): number {
  return Math.min(4, Math.floor(length / 8));
}
