// Which identifiers and keys name a secret. `apiKey`, `DB_PASSWORD`, `client-secret` do;
// `tokenUrl`, `passwordField`, `secretName`, `maxTokens`, `isSecret` do not.

const SECRET_WORDS = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "signingkey",
  "encryptionkey",
  "masterkey",
  "authkey",
  "credential",
];

/** Whole names too short to search for inside other words. */
const SECRET_EXACT_NAMES = new Set(["auth", "pass", "pwd", "pw", "creds"]);

/** Words that make a secret-looking name describe something else (a hash, a URL, a length...). */
const NOT_SECRET_WORDS = [
  "public",
  "publishable",
  "anon",
  "placeholder",
  "example",
  "sample",
  "dummy",
  "fake",
  "mock",
  "hash",
  "digest",
  "checksum",
  "encrypted",
  "tokenizer",
  "policy",
  "regex",
  "pattern",
  "expir",
  "prompt",
];

const NOT_SECRET_SUFFIXES = [
  "url",
  "uri",
  "urls",
  "endpoint",
  "path",
  "file",
  "filename",
  "dir",
  "name",
  "names",
  "id",
  "ids",
  "type",
  "types",
  "field",
  "fields",
  "label",
  "header",
  "headers",
  "length",
  "len",
  "size",
  "prefix",
  "suffix",
  "format",
  "version",
  "mode",
  "provider",
  "method",
  "template",
  "message",
  "msg",
  "error",
  "errors",
  "column",
  "param",
  "params",
  "ref",
  "arn",
  "env",
  "var",
  "variable",
  "enabled",
  "required",
  "description",
  "desc",
  "title",
  "hint",
  "input",
  "selector",
  "icon",
  "class",
  "classname",
  "style",
  "schema",
  "scope",
  "scopes",
  "audience",
  "issuer",
  "algorithm",
  "alg",
  "count",
  "limit",
  "ttl",
  "timeout",
  "lifetime",
  "duration",
  "strength",
  "rules",
  "store",
  "storage",
  "storagekey",
  "location",
  "source",
  "kind",
  "status",
  "state",
  "event",
  "route",
  "query",
  "index",
  "encryption",
  "cipher",
  "hashing",
  "rounds",
];

/** Boolean flags and functions named after a secret: `isSecret`, `getToken`, `onPasswordChange`. */
const NOT_SECRET_PREFIX = /^(?:is|has|should|show|use|get|set|on|handle|validate|toggle|enable|disable|min|max|num)(?:[A-Z_-]|$)/;

/** The last segment of a dotted or bracketed name: `this.config.apiKey` -> `apiKey`. */
export function lastNameSegment(name: string): string {
  const segments = name.split(/[.[\]]/).filter((segment) => segment.length > 0);
  return segments[segments.length - 1] ?? name;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

export function isSecretName(name: string): boolean {
  const segment = lastNameSegment(name);
  if (NOT_SECRET_PREFIX.test(segment)) return false;
  const normalized = normalizeName(segment);
  if (!SECRET_EXACT_NAMES.has(normalized) && !SECRET_WORDS.some((word) => normalized.includes(word))) return false;
  if (NOT_SECRET_WORDS.some((word) => normalized.includes(word))) return false;
  return !NOT_SECRET_SUFFIXES.some((suffix) => normalized.endsWith(suffix));
}

/** Passwords are chosen by people, so they get a shorter minimum length than generated keys. */
export function isPasswordName(name: string): boolean {
  const normalized = normalizeName(lastNameSegment(name));
  return /pass|pwd|^pw$/.test(normalized);
}
