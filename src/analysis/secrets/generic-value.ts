// Whether a literal assigned to a secret-named key looks like a real credential rather than a word,
// a reference, a path or a placeholder. Tuned for precision: a miss here is caught by rotation
// policies and provider scanners, a false alarm blocks a merge.
import { characterClasses, isHex, isUuid, shannonEntropy } from "./entropy.js";
import { containsPlaceholderWord, isPlaceholderValue, isReferenceValue } from "./placeholders.js";

const MIN_PASSWORD_LENGTH = 10;
const MIN_KEY_LENGTH = 16;
const MAX_LENGTH = 500;
const MIN_PASSWORD_ENTROPY = 3;
const MIN_KEY_ENTROPY = 3.5;
/** Letters-only values need more randomness: camelCase phrases reach 3.5 easily. */
const MIN_LETTERS_ONLY_ENTROPY = 4.2;
const MIN_HEX_LENGTH = 32;
const MIN_HEX_ENTROPY = 3;

/** A value that names a secret instead of being one: `GITHUB_TOKEN`, `auth.password.label`. */
const MENTIONS_SECRET = /password|passwd|secret|token|api[_-]?key|credential|private[_-]?key/i;

/** `ThisIsMyPassphrase`, `superLongSecretValue`: capitalised words, not random letters. */
const CAMEL_CASE_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]+)*$/;

const FILE_NAME = /\.(?:pem|key|crt|cer|der|p12|pfx|jks|json|ya?ml|txt|env|ini|conf|js|ts|png|jpe?g|svg|gif)$/i;

/** Words and numbers joined by separators: `scram-sha-256`, `aes-256-gcm`, `prod_db_01`. */
function isSlug(value: string): boolean {
  const segments = value.split(/[._:/-]/);
  return segments.length > 1 && segments.every((segment) => /^(?:[a-z]+|[A-Z]+|[A-Z]?[a-z]+|\d+)$/.test(segment));
}

/** A regular expression held in a string: `[A-Za-z0-9._~+/-]+=*`, `^\\d{4}$`, `(?:a|b)+`. */
function isRegexPattern(value: string): boolean {
  return /\[[^\]]*[A-Za-z0-9]-[A-Za-z0-9][^\]]*\][+*?{]?/.test(value) || /\\[dwsbDWSB]|\(\?[:=!<]/.test(value);
}

/**
 * A word and a short number (`Admin12345`, `welcome1!`): a weak default, not a high-entropy secret.
 * Such literals at a real credential sink are reported by `security/hardcoded-credential`.
 */
function isWordAndNumber(value: string): boolean {
  return /^(?:[A-Z]?[a-z]{2,}|[A-Z]{2,})\d{1,6}[!@#$%^&*.?]?$/.test(value);
}

function isStructuredNonSecret(value: string): boolean {
  return (
    isRegexPattern(value) ||
    isWordAndNumber(value) ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || // URL (connection URLs are checked on their own)
    /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(value) || // path
    value.includes("\\") ||
    /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value) || // email
    /^[\d.:_/+-]+$/.test(value) || // number, version, date, time
    isUuid(value) ||
    FILE_NAME.test(value) ||
    isSlug(value)
  );
}

/**
 * Without digits, a value made of capitalised or lowercase words of normal length is text:
 * `?InterpolationInJSX`. Random letters split into one- and two-letter pieces instead.
 */
function isMadeOfWords(value: string): boolean {
  if (/\d/.test(value)) return false;
  const words = value.split(/[^A-Za-z]+/).flatMap((part) => part.split(/(?<=[a-z])(?=[A-Z])/)).filter((word) => word.length > 0);
  if (words.length === 0 || !words.every((word) => /^[A-Z]?[a-z]+$|^[A-Z]+$/.test(word))) return false;
  const averageLength = words.reduce((sum, word) => sum + word.length, 0) / words.length;
  return averageLength >= 3.5;
}

/** Base64 of placeholder text (`bm90IG15IHJlYWwgcGFzc3dvcmQ=` is "not my real password"). */
function encodesPlaceholderText(value: string): boolean {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, "base64").toString("latin1");
  if (!/^[\x20-\x7e]+$/.test(decoded)) return false;
  return containsPlaceholderWord(decoded) || MENTIONS_SECRET.test(decoded);
}

export function looksLikeHardcodedSecret(value: string, options: { password: boolean }): boolean {
  const minLength = options.password ? MIN_PASSWORD_LENGTH : MIN_KEY_LENGTH;
  if (value.length < minLength || value.length > MAX_LENGTH) return false;
  // Printable ASCII only: no whitespace, no translated text.
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  if (isMadeOfWords(value)) return false;
  if (isReferenceValue(value) || isPlaceholderValue(value) || MENTIONS_SECRET.test(value) || encodesPlaceholderText(value)) return false;
  if (isStructuredNonSecret(value)) return false;

  const entropy = shannonEntropy(value);
  if (isHex(value)) return value.length >= MIN_HEX_LENGTH && entropy >= MIN_HEX_ENTROPY;
  const classes = characterClasses(value);
  if (!classes.digit && !classes.symbol) return classes.lower && classes.upper && !CAMEL_CASE_WORDS.test(value) && entropy >= MIN_LETTERS_ONLY_ENTROPY;
  if (classes.count < 2) return false;
  return entropy >= (options.password ? MIN_PASSWORD_ENTROPY : MIN_KEY_ENTROPY);
}
