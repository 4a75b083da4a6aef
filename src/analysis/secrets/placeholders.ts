// Values that look like secrets but are not: documentation placeholders, masked values, keyboard
// walks, and references to where the real secret lives. These rules out most false positives, so
// they are deliberately broad; a real token almost never contains these words or patterns.

const PLACEHOLDER_WORDS = [
  "example",
  "sample",
  "dummy",
  "fake",
  "placeholder",
  "changeme",
  "change_me",
  "change-me",
  "replace",
  "your",
  "redacted",
  "xxxx",
  "****",
  "...",
  "\u2026",
  "todo",
  "fixme",
  "insert",
  "mock",
  "lorem",
  "foobar",
  "notreal",
  "not_real",
  "not-real",
  "not real",
  "not a real",
  "not my real",
  "test",
  "demo",
  "qwerty",
  "<",
  ">",
];

/** Markers of a value that points at a secret instead of containing one. */
const REFERENCE_MARKERS = [
  "${",
  "{{",
  "}}",
  "$(",
  "%(",
  "%s",
  "#{",
  "<%",
  "process.env",
  "import.meta.env",
  "os.environ",
  "getenv",
  "env(",
  "env[",
  "secrets.",
  "vault:",
  "arn:aws:",
  "enc[",
  "$ansible_vault",
  "op://",
  "ref+",
  "sm://",
  "/secrets/",
];

/** Sample values printed in specifications and provider docs, copied into code as examples. */
const DOCUMENTED_SAMPLE_VALUES = new Set([
  "2YotnFZFEjr1zCsicMWpAA", // RFC 6749 access token
  "tGzv3JOkF0XG5Qx2TlKWIA", // RFC 6749 refresh token
  "SplxlOBeZQQYbYS6WxSbIA", // RFC 6749 authorization code
  "4eC39HqLyjWDarjtT1zdp7dc", // Stripe API reference test key, after its `sk_test_` prefix
  "16C7e42F292c6912E7710c838347Ae178B4a", // GitHub docs sample token, after its `ghp_` prefix
]);

/** True for a run of `length` characters that each follow the previous one (abcdef, 123456). */
function hasSequentialRun(value: string, length: number): boolean {
  let run = 1;
  for (let index = 1; index < value.length; index++) {
    const step = value.charCodeAt(index) - value.charCodeAt(index - 1);
    run = step === 1 && /[A-Za-z0-9]/.test(value[index]!) ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** Contains a word that documentation and fixtures use for made-up values. */
export function containsPlaceholderWord(value: string): boolean {
  const lower = value.toLowerCase();
  return PLACEHOLDER_WORDS.some((word) => lower.includes(word));
}

/** Placeholder text, masked values, repeated or sequential characters. */
export function isPlaceholderValue(value: string): boolean {
  if (containsPlaceholderWord(value) || DOCUMENTED_SAMPLE_VALUES.has(value)) return true;
  if (/(.)\1{5,}/.test(value)) return true;
  if (hasSequentialRun(value, 6)) return true;
  return new Set(value).size <= 3;
}

/** An environment lookup, template expression, secret-manager path or encrypted blob. */
export function isReferenceValue(value: string): boolean {
  const lower = value.toLowerCase();
  if (/^[$!@%&*]/.test(value)) return true;
  return REFERENCE_MARKERS.some((marker) => lower.includes(marker));
}
