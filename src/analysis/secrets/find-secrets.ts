// The one entry point for secret detection: the hardcoded-secret rule, the LLM module (which strips
// secrets from diffs before they leave the process) and log redaction all call findSecrets.
import { findAssignedSecrets } from "./assignments.js";
import { findConnectionUrlPasswords } from "./connection-urls.js";
import { shannonEntropy } from "./entropy.js";
import { maskSecret } from "./mask.js";
import { isPlaceholderValue } from "./placeholders.js";
import { findPrivateKeys } from "./private-keys.js";
import { PROVIDER_PATTERNS, providerName, type ProviderPattern } from "./providers.js";
import type { FindSecretsOptions, SecretMatch } from "./types.js";

const DEFAULT_MIN_ENTROPY = 3;

/** Cheap words that a line must contain before any assignment is parsed. */
const SECRET_NAME_HINT = /pass|pwd|pw\b|secret|token|key|auth|cred/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One pass over a lowercased line decides whether any detector can match it. */
const PREFILTER = new RegExp(
  [...new Set(PROVIDER_PATTERNS.flatMap((pattern) => pattern.keywords))].map(escapeRegExp).join("|") + `|://|${SECRET_NAME_HINT.source}`,
);

/** Inside a long base64 run (images, certificates), a token-shaped substring is chance. */
function isInsideBase64Run(line: string, start: number, end: number): boolean {
  return /[+/]/.test(line.charAt(start - 1)) && /[+/=]/.test(line.charAt(end));
}

function providerMatches(pattern: ProviderPattern, line: string, offset: number): SecretMatch[] {
  const matches: SecretMatch[] = [];
  pattern.pattern.lastIndex = 0;
  for (const match of line.matchAll(pattern.pattern)) {
    const token = match.groups?.secret ?? match[0];
    const start = match.index + match[0].indexOf(token);
    const end = start + token.length;
    const visible = pattern.visiblePrefix?.exec(token)?.[0].length ?? 0;
    const body = token.slice(visible);
    if (isPlaceholderValue(body) || shannonEntropy(body) < (pattern.minEntropy ?? DEFAULT_MIN_ENTROPY)) continue;
    if (isInsideBase64Run(line, start, end)) continue;
    if (pattern.validate && !pattern.validate(token, line)) continue;
    matches.push({
      provider: providerName(pattern, token),
      id: pattern.id,
      kind: "provider",
      start: offset + start,
      end: offset + end,
      masked: maskSecret(token, visible),
      severity: pattern.severity,
    });
  }
  return matches;
}

function findInLine(line: string, offset: number, options: FindSecretsOptions): SecretMatch[] {
  const lower = line.toLowerCase();
  if (!PREFILTER.test(lower)) return [];
  const matches: SecretMatch[] = [];
  for (const pattern of PROVIDER_PATTERNS) {
    if (pattern.keywords.some((keyword) => lower.includes(keyword))) matches.push(...providerMatches(pattern, line, offset));
  }
  if (lower.includes("://")) matches.push(...findConnectionUrlPasswords(line, offset));
  if (SECRET_NAME_HINT.test(lower)) matches.push(...findAssignedSecrets(line, offset, options));
  return matches;
}

/** Keeps provider formats over generic guesses, then earlier and longer spans; drops overlaps. */
function withoutOverlaps(matches: SecretMatch[]): SecretMatch[] {
  const ranked = [...matches].sort(
    (a, b) => Number(a.kind === "generic") - Number(b.kind === "generic") || a.start - b.start || b.end - b.start - (a.end - a.start),
  );
  const kept: SecretMatch[] = [];
  for (const match of ranked) {
    if (kept.some((other) => match.start < other.end && other.start < match.end)) continue;
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Every secret in `text`, with offsets into `text`, each at most once. */
export function findSecrets(text: string, options: FindSecretsOptions = {}): SecretMatch[] {
  const matches: SecretMatch[] = [];
  let offset = 0;
  for (const rawLine of text.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    matches.push(...findInLine(line, offset, options));
    offset += rawLine.length + 1;
  }
  if (text.includes("PRIVATE KEY")) matches.push(...findPrivateKeys(text));
  return withoutOverlaps(matches);
}

/** `text` with every secret replaced by `[REDACTED <id>]`, for logs and model prompts. */
export function redactSecrets(text: string, options: FindSecretsOptions = {}): string {
  let redacted = text;
  for (const match of findSecrets(text, options).reverse()) {
    redacted = `${redacted.slice(0, match.start)}[REDACTED ${match.id}]${redacted.slice(match.end)}`;
  }
  return redacted;
}
