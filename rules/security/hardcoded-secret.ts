// security/hardcoded-secret: credentials committed on added lines of any text file. Provider token
// formats (GitHub, AWS, Stripe, private keys...) and high-entropy literals under secret-named keys.
// Messages carry only a masked form: the finding itself must not repeat the secret.
import { isScriptLanguage } from "../../src/analysis/language.js";
import { defineTextRule } from "../../src/analysis/rule.js";
import { findSecrets } from "../../src/analysis/secrets/find-secrets.js";
import type { SecretMatch } from "../../src/analysis/secrets/types.js";
import type { TextDocument } from "../../src/analysis/text-document.js";
import { lowerSeverity, severityRank, type Severity } from "../../src/review/types.js";

/** Lines after a `-----BEGIN ... PRIVATE KEY-----` header that are read to find its body. */
const PRIVATE_KEY_WINDOW_LINES = 120;

const TEST_PATH = /(?:^|\/)(?:test|tests|__tests__|spec|specs|fixtures?|__fixtures__|__mocks__|testdata)\/|\.(?:test|spec)\.[cm]?[jt]sx?$/i;

/** Program source where an unquoted right-hand side is an expression (TS/JS are known by language). */
const CODE_EXTENSION = /\.(?:py|rb|go|java|kt|kts|scala|groovy|gradle|cs|php|rs|swift|c|h|cc|cpp|hpp|m|mm|dart|ex|exs|erl|lua|pl|r|jl|vue|svelte|astro)$/i;

/** Firebase and Android/iOS app configs ship their API key to clients by design; only restriction protects it. */
const FIREBASE_CONTEXT = /authDomain|firebase|messagingSenderId/i;
const CLIENT_CONFIG_FILE = /(?:^|\/)(?:google-services\.json|GoogleService-Info\.plist)$/;

/** A line of a PEM body: base64 only, possibly inside quotes or after a diff/concatenation `+`. */
const PEM_BODY_LINE = /^[\s+"'`]*[A-Za-z0-9+/=]{40,}[\s"'`,;+]*(?:\\n)?[\s"'`,;+]*$/;

const PRIVATE_KEY_IDS = new Set(["private-key", "gcp-service-account-key"]);

/** Findings whose evidence is a name, not a format: in test code they are usually made-up values. */
const NAME_BASED_IDS = new Set(["generic", "jwt"]);

const PROVIDER_WHY =
  "Anyone who can read this repository (every clone, fork, CI log and mirror) can use this credential until it is revoked, and deleting the line does not remove it from git history. Treat it as compromised.";
const PROVIDER_FIX =
  "Revoke or rotate the credential at the provider now, then load it at runtime from the environment or a secret manager (CI secrets, Vault, AWS/GCP/Azure secret stores) so the value never lives in the repository.";

const GENERIC_WHY =
  "A credential in source is readable by everyone with access to the repository and stays in git history after it is removed; the same value usually ends up in every environment, so one leak exposes all of them.";
const GENERIC_FIX =
  "If the value is real, rotate it and read it from the environment or a secret manager instead. If it is a made-up fixture, make that obvious in the value (for example `not-a-real-secret`) or suppress the line with a reason.";

const PRIVATE_KEY_WHY =
  "A private key in the repository lets anyone who reads it impersonate the server, user or service account it belongs to: sign tokens, decrypt traffic or authenticate as that identity. Git history keeps it after the file is deleted.";
const PRIVATE_KEY_FIX =
  "Revoke the key pair (reissue the certificate, remove the deploy key or service account key), generate a new one, and mount it at runtime from a secret store; never commit key material.";

const FIREBASE_WHY =
  "Firebase web API keys identify the project and are shipped to browsers by design; they are only safe when the key is restricted (HTTP referrers, allowed APIs) and security rules protect the data.";
const FIREBASE_FIX =
  "Check that this key is restricted in the Google Cloud console. If it is a server key rather than a web config key, rotate it and load it from the environment.";

const STRIPE_TEST_WHY =
  "Stripe test-mode keys cannot move real money, but they read and change the account's test data and webhooks, and they are often swapped for live keys in the same place.";

const LOCAL_SERVICE_WHY =
  "The URL points at a local or CI service name, so this is probably a throwaway password; if the same password is used for any shared database, it is now readable by everyone with repository access.";

/** Acronyms read with a leading vowel sound take "An". */
const VOWEL_SOUND_ACRONYMS = /^(?:RSA|npm|SSH)\b/;

function withArticle(name: string): string {
  const article = /^[aeiou]/i.test(name) || VOWEL_SOUND_ACRONYMS.test(name) ? "An" : "A";
  return `${article} ${name}`;
}

function strongest(matches: readonly SecretMatch[]): SecretMatch {
  return matches.reduce((best, match) => (severityRank(match.severity) > severityRank(best.severity) ? match : best));
}

/** A private key header line, with the lines that follow it so its body can be read. */
function privateKeyWindow(document: TextDocument, headerLine: number): string {
  return document.lines.slice(headerLine - 1, headerLine - 1 + PRIVATE_KEY_WINDOW_LINES).join("\n");
}

/**
 * For a PEM body line, the header line of its block when that header is not itself added: a change
 * that replaces only the body of a committed key still commits a key.
 */
function unchangedHeaderAbove(document: TextDocument, lineNumber: number): number | undefined {
  for (let line = lineNumber - 1; line >= 1 && line > lineNumber - PRIVATE_KEY_WINDOW_LINES; line--) {
    const text = document.lineAt(line);
    if (text.includes("-----END")) return undefined;
    if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY/.test(text)) return document.file.addedLines.has(line) ? undefined : line;
    if (!PEM_BODY_LINE.test(text) && !/^\s*[A-Za-z-]+: /.test(text)) return undefined;
  }
  return undefined;
}

/** Secrets that start on this added line (a private key is read together with its body). */
function secretsOnLine(document: TextDocument, lineNumber: number, quotedValuesOnly: boolean, reportedHeaders: Set<number>): SecretMatch[] {
  const line = document.lineAt(lineNumber);
  if (line.includes("-----BEGIN")) {
    return findSecrets(privateKeyWindow(document, lineNumber), { quotedValuesOnly }).filter((match) => match.start < line.length);
  }
  const header = PEM_BODY_LINE.test(line) ? unchangedHeaderAbove(document, lineNumber) : undefined;
  if (header !== undefined) {
    if (reportedHeaders.has(header)) return [];
    reportedHeaders.add(header);
    const headerLength = document.lineAt(header).length;
    return findSecrets(privateKeyWindow(document, header), { quotedValuesOnly }).filter((match) => match.start < headerLength && PRIVATE_KEY_IDS.has(match.id));
  }
  return findSecrets(line, { quotedValuesOnly });
}

function nearbyText(document: TextDocument, lineNumber: number, radius: number): string {
  return document.lines.slice(Math.max(0, lineNumber - 1 - radius), lineNumber + radius).join("\n");
}

interface Explanation {
  message: string;
  severity: Severity;
  why: string;
  fix: string;
}

function explain(match: SecretMatch, others: number, document: TextDocument, lineNumber: number): Explanation {
  const more = others > 0 ? ` It is one of ${others + 1} secrets on this line.` : "";
  if (match.id === "generic" || match.id === "jwt") {
    const what = match.id === "jwt" ? "A JSON Web Token" : "A high-entropy value";
    return {
      message: `${what} (\`${match.masked}\`) is hard-coded as \`${match.key ?? "a secret"}\` on this line.${more}`,
      severity: match.severity,
      why: GENERIC_WHY,
      fix: GENERIC_FIX,
    };
  }
  const message = `${withArticle(match.provider)} (\`${match.masked}\`) is committed on this line.${more}`;
  if (PRIVATE_KEY_IDS.has(match.id)) return { message, severity: match.severity, why: PRIVATE_KEY_WHY, fix: PRIVATE_KEY_FIX };
  if (match.id === "google-api-key" && (CLIENT_CONFIG_FILE.test(document.file.path) || FIREBASE_CONTEXT.test(nearbyText(document, lineNumber, 10)))) {
    return { message, severity: "low", why: FIREBASE_WHY, fix: FIREBASE_FIX };
  }
  if (match.id === "stripe-test-key") return { message, severity: match.severity, why: STRIPE_TEST_WHY, fix: PROVIDER_FIX };
  if (match.id === "connection-url-password" && match.severity === "medium") return { message, severity: match.severity, why: LOCAL_SERVICE_WHY, fix: PROVIDER_FIX };
  return { message, severity: match.severity, why: PROVIDER_WHY, fix: PROVIDER_FIX };
}

export const hardcodedSecret = defineTextRule({
  meta: {
    id: "security/hardcoded-secret",
    category: "security",
    severity: "critical",
    title: "Secret committed in the change",
    description:
      "Reports credentials on added lines of any text file: provider token formats (AWS, GitHub, GitLab, OpenAI, Anthropic, Slack, Stripe, Google, npm, PyPI, SendGrid, Twilio, Mailgun, Shopify, Discord, Telegram, Azure, Datadog, Heroku, DigitalOcean, Hugging Face, Doppler, Postman and more), PEM private keys with a body, database URLs with a real password, and high-entropy literals assigned to secret-named keys (`apiKey`, `password`, `client_secret`, `API_TOKEN=`). Placeholders (`changeme`, `<token>`, `${VAR}`, `{{ secrets.X }}`, `xxxx`, documented example keys), environment lookups, hashes, UUIDs, `*.example`/`*.sample` files and lockfiles are not reported; Stripe test keys and Firebase web keys are reported as low, and name-based findings in test code one level lower. Findings show a masked value only, never the secret.",
    why: PROVIDER_WHY,
    fix: PROVIDER_FIX,
    defaultIgnore: [
      "*.example",
      "*.sample",
      "*.template",
      "*.example.*",
      "*.sample.*",
      ".env.dist",
      "package-lock.json",
      "npm-shrinkwrap.json",
      "yarn.lock",
      "pnpm-lock.yaml",
      "*.lock",
      "go.sum",
    ],
  },
  check(document, context) {
    const quotedValuesOnly = isScriptLanguage(document.file.language) || CODE_EXTENSION.test(document.file.path);
    const inTestCode = TEST_PATH.test(document.file.path);
    const reportedHeaders = new Set<number>();
    for (const lineNumber of document.addedLineNumbers) {
      const matches = secretsOnLine(document, lineNumber, quotedValuesOnly, reportedHeaders);
      if (matches.length === 0) continue;
      const chosen = strongest(matches);
      const explanation = explain(chosen, matches.length - 1, document, lineNumber);
      const severity = inTestCode && NAME_BASED_IDS.has(chosen.id) ? lowerSeverity(explanation.severity) : explanation.severity;
      context.report({ line: lineNumber, message: explanation.message, severity, why: explanation.why, fix: explanation.fix });
    }
  },
});
