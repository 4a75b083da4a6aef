// Secrets recognised by the name they are assigned to: `const apiKey = "..."`, `password: ...`,
// `API_TOKEN=...`, `<password>...</password>`. Some formats are only identifiable with their name
// (an AWS secret key is 40 base64 characters, a Heroku key is a UUID); the rest is the generic
// high-entropy check.
import type { Severity } from "../../review/types.js";
import { isUuid, shannonEntropy } from "./entropy.js";
import { looksLikeHardcodedSecret } from "./generic-value.js";
import { genericVisibleLength, maskSecret } from "./mask.js";
import { isPlaceholderValue } from "./placeholders.js";
import { isPasswordName, isSecretName, lastNameSegment, normalizeName } from "./secret-names.js";
import type { FindSecretsOptions, SecretMatch } from "./types.js";

interface Assignment {
  name: string;
  value: string;
  /** Offset of the value in the line. */
  start: number;
  quoted: boolean;
}

/**
 * `name <op> value` where op is `=`, `:`, `:=` or `=>` (PHP and Ruby hashes) but not `==`, `=~` or
 * `::`; the name optionally quoted or bracketed, the value quoted or a bare word.
 */
const ASSIGNMENT =
  /(?<![\w$.])(["'`]?)([A-Za-z_$][\w$.-]{0,80}?)\1\]?\s*(?::=|=>|=(?![=>~])|:(?![:/\\]))\s*(?:"((?:[^"\\]|\\.){0,500})"|'((?:[^'\\]|\\.){0,500})'|`([^`]{0,500})`|([^\s"'`,;(){}[\]<>]{1,500}))/dg;

const XML_ELEMENT = /<([A-Za-z_][\w.-]{0,80})>([^<\s]{1,500})<\/\1>/dg;

/** An unquoted right-hand side that is code: a call, an index, or a member chain (`base64.b64encode`). */
function isExpression(value: string, nextChar: string): boolean {
  return nextChar === "(" || nextChar === "[" || /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

function assignmentsIn(line: string): Assignment[] {
  const assignments: Assignment[] = [];
  for (const match of line.matchAll(ASSIGNMENT)) {
    const indices = match.indices;
    const name = match[2];
    if (!indices || name === undefined) continue;
    for (const group of [3, 4, 5, 6]) {
      const value = match[group];
      const span = indices[group];
      if (value === undefined || !span) continue;
      const quoted = group !== 6;
      if (!quoted && isExpression(value, line.charAt(span[1]))) continue;
      assignments.push({ name, value, start: span[0], quoted });
    }
  }
  for (const match of line.matchAll(XML_ELEMENT)) {
    const span = match.indices?.[2];
    if (match[1] !== undefined && match[2] !== undefined && span) assignments.push({ name: match[1], value: match[2], start: span[0], quoted: true });
  }
  return assignments;
}

interface NamedFormat {
  id: string;
  provider: (value: string) => string;
  severity: Severity;
  /** Tested on the whole normalized name, prefixes included (`AWS_SECRET_ACCESS_KEY`). */
  name: RegExp;
  value: RegExp;
  minEntropy: number;
}

const NAMED_FORMATS: readonly NamedFormat[] = [
  {
    id: "aws-secret-access-key",
    provider: () => "AWS secret access key",
    severity: "critical",
    name: /secretaccesskey|aws\w*secret/,
    value: /^[A-Za-z0-9/+]{40}$/,
    minEntropy: 4,
  },
  {
    id: "datadog-key",
    provider: (value) => (value.length === 32 ? "Datadog API key" : "Datadog application key"),
    severity: "critical",
    name: /datadog\w*key|^dd(?:api|app|application)key/,
    value: /^[a-f0-9]{32}$|^[a-f0-9]{40}$/,
    minEntropy: 3,
  },
  {
    id: "heroku-api-key",
    provider: () => "Heroku API key",
    severity: "critical",
    name: /heroku\w*(?:key|token|secret)/,
    value: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
    minEntropy: 3,
  },
  {
    id: "twilio-auth-token",
    provider: () => "Twilio auth token",
    severity: "critical",
    name: /twilio\w*(?:token|secret)/,
    value: /^[a-f0-9]{32}$/,
    minEntropy: 3,
  },
];

const JWT = /^eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/;

/** Public JWTs: Supabase/Firebase-style anonymous keys and the jwt.io sample token. */
function isPublicOrSampleJwt(token: string): boolean {
  const payloadPart = token.split(".")[1] ?? "";
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return false;
  }
  if (typeof payload !== "object" || payload === null) return false;
  const claims = payload as Record<string, unknown>;
  if (claims.role === "anon") return true;
  return claims.sub === "1234567890" && claims.name === "John Doe";
}

function namedFormatMatch(assignment: Assignment, offset: number): SecretMatch | undefined {
  const fullName = normalizeName(assignment.name);
  for (const format of NAMED_FORMATS) {
    if (!format.name.test(fullName) || !format.value.test(assignment.value)) continue;
    if (shannonEntropy(assignment.value) < format.minEntropy || isPlaceholderValue(assignment.value)) continue;
    return secretMatch(assignment, offset, {
      provider: format.provider(assignment.value),
      id: format.id,
      kind: "provider",
      severity: format.severity,
      visible: isUuid(assignment.value) ? 0 : 4,
    });
  }
  return undefined;
}

function secretMatch(
  assignment: Assignment,
  offset: number,
  details: { provider: string; id: string; kind: SecretMatch["kind"]; severity: Severity; visible: number },
): SecretMatch {
  return {
    provider: details.provider,
    id: details.id,
    kind: details.kind,
    start: offset + assignment.start,
    end: offset + assignment.start + assignment.value.length,
    masked: maskSecret(assignment.value, details.visible),
    severity: details.severity,
    key: lastNameSegment(assignment.name),
  };
}

/** Secrets found through the key they are assigned to, in one line at `offset` of the text. */
export function findAssignedSecrets(line: string, offset: number, options: FindSecretsOptions): SecretMatch[] {
  const matches: SecretMatch[] = [];
  for (const assignment of assignmentsIn(line)) {
    if (options.quotedValuesOnly && !assignment.quoted) continue;
    const named = namedFormatMatch(assignment, offset);
    if (named) {
      matches.push(named);
      continue;
    }
    if (!isSecretName(assignment.name)) continue;
    if (JWT.test(assignment.value)) {
      if (isPublicOrSampleJwt(assignment.value) || isPlaceholderValue(assignment.value.split(".")[2] ?? "")) continue;
      matches.push(secretMatch(assignment, offset, { provider: "JSON Web Token", id: "jwt", kind: "generic", severity: "high", visible: 3 }));
      continue;
    }
    if (!looksLikeHardcodedSecret(assignment.value, { password: isPasswordName(assignment.name) })) continue;
    matches.push(
      secretMatch(assignment, offset, {
        provider: "hard-coded credential",
        id: "generic",
        kind: "generic",
        severity: "high",
        visible: genericVisibleLength(assignment.value.length),
      }),
    );
  }
  return matches;
}
