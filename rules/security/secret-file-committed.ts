// security/secret-file-committed: a file whose whole purpose is to hold credentials is added to the
// repository (dotenv files, private keys, registry and cloud credential files, kubeconfigs,
// Terraform state). One finding per file, at its first line; the message names the kind of file
// and the keys it holds, never a value.
import { defineTextRule } from "../../src/analysis/rule.js";
import { isPlaceholderValue, isReferenceValue } from "../../src/analysis/secrets/placeholders.js";
import { isSecretName } from "../../src/analysis/secrets/secret-names.js";
import type { TextDocument } from "../../src/analysis/text-document.js";
import { isTestPath } from "../../src/analysis/ts-helpers.js";
import type { Severity } from "../../src/review/types.js";

interface Verdict {
  severity: Severity;
  message: string;
  why?: string;
  fix?: string;
}

/** Paths where committed keys and env files are usually fixtures: reported at low. */
const FIXTURE_PATH = /(?:^|\/)(?:fixtures?|__fixtures__|testdata|test-data|examples?|samples?|mocks?|__mocks__|demo)\//i;

/** `.env` variants that document or template configuration rather than hold it. */
const ENV_TEMPLATE_SUFFIX = /^(?:example|examples|sample|template|tpl|dist|defaults?|schema|skeleton|stub|vault|in|local\.example|example\.local)$/i;
/** `.env` variants for throwaway environments: usually fake values, reported at low when they hold secrets. */
const ENV_TEST_SUFFIX = /^(?:test|testing|ci|e2e|spec|mock)$/i;
/** `.env` variants for a developer's machine: secrets there are real but rarely production ones. */
const ENV_DEV_SUFFIX = /^(?:development|dev)$/i;

const PRIVATE_KEY_EXTENSION = /\.(?:pem|key|p8|ppk|p12|pfx|jks|keystore|bks|der|asc|gpg)$/i;
const SSH_KEY_NAME = /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_[\w-]+)?$/;
const PRIVATE_KEY_HEADER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PUTTY_KEY = /^PuTTY-User-Key-File-\d+:/m;
const BASE64_LINE = /^[A-Za-z0-9+/=]{40,}$/;

const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*?)\s*$/;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:([^@\s]+)@([^:/?#\s]+)/i;
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|::1|\[::1\]|host\.docker\.internal|db|database|postgres|postgresql|mysql|mariadb|redis|mongo|mongodb|rabbitmq|cache)$/i;

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** A value as written in a dotenv or ini file, without quotes and trailing comments. */
function cleanValue(raw: string): string {
  let value = raw.trim();
  const quote = value.charAt(0);
  if ((quote === '"' || quote === "'" || quote === "`") && value.indexOf(quote, 1) > 0) return value.slice(1, value.indexOf(quote, 1));
  const comment = value.search(/\s#/);
  if (comment >= 0) value = value.slice(0, comment);
  return value.trim();
}

/** Well-known defaults of local containers (`POSTGRES_PASSWORD=postgres`): not a credential anyone guards. */
const SERVICE_DEFAULTS = /^(?:postgres|root|admin|password|pass|secret|mysql|mariadb|guest|redis|mongo|user|default|dev|development|local|localdev|docker)$/i;

/** A value that is really there: not empty, not a `${VAR}` reference, not a placeholder or a container default. */
function isRealValue(value: string): boolean {
  if (value.length < 3 || SERVICE_DEFAULTS.test(value)) return false;
  return !isReferenceValue(value) && !isPlaceholderValue(value) && !/^(?:true|false|null|none|nil|undefined|\d)$/i.test(value);
}

/** Keys of a dotenv-style file whose values are real secrets (secret-named keys, URLs with a non-local password). */
function secretKeysOfEnv(document: TextDocument): { secretKeys: string[]; assignments: number } {
  const secretKeys: string[] = [];
  let assignments = 0;
  for (const line of document.lines) {
    if (/^\s*(?:#|;|\/\/)/.test(line)) continue;
    const match = ENV_LINE.exec(line);
    if (!match || match[1] === undefined || match[2] === undefined) continue;
    const value = cleanValue(match[2]);
    if (value === "") continue;
    assignments++;
    const url = URL_PASSWORD.exec(value);
    if (url && url[1] !== undefined && url[2] !== undefined) {
      if (isRealValue(decodeURIComponent(url[1])) && !LOCAL_HOST.test(url[2])) secretKeys.push(match[1]);
      continue;
    }
    if (isSecretName(match[1]) && isRealValue(value)) secretKeys.push(match[1]);
  }
  return { secretKeys, assignments };
}

function listKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map((key) => `\`${key}\``);
  const more = keys.length > 3 ? ` and ${keys.length - 3} more` : "";
  return `${shown.join(", ")}${more}`;
}

const ENV_WHY =
  "A committed env file puts every credential in it into git history, forks, clones and CI caches at once; removing it later does not take it out of history, and the same file is often copied to production.";
const ENV_FIX =
  "Remove the file from the change (`git rm --cached <file>`), add it to `.gitignore` (`.env`, `.env*.local`), rotate every credential it held, and commit a `.env.example` with the variable names and placeholder values instead.";
const KEY_WHY =
  "Whoever has this private key can impersonate the server, user or service account it belongs to (sign tokens, decrypt traffic, log in over SSH); git history keeps it even after the file is deleted.";
const KEY_FIX =
  "Remove the file from the change, add the pattern (`*.pem`, `*.key`, `id_*`) to `.gitignore`, revoke the key pair (reissue the certificate, remove the deploy key or service-account key) and mount the new key at runtime from a secret store.";
const TOKEN_FILE_FIX =
  "Remove the credential from the file: reference an environment variable instead (`//registry.npmjs.org/:_authToken=${NPM_TOKEN}` in `.npmrc`, `npmAuthToken: \"${NPM_TOKEN}\"` in `.yarnrc.yml`), and revoke the token that was committed.";
const STATE_WHY =
  "Terraform state stores every resource attribute in plain text, including database passwords, generated keys and provider tokens; committed state leaks all of them and invites conflicting applies.";
const STATE_FIX = "Remove the state file from the repository, add `*.tfstate*` to `.gitignore`, move state to a remote backend with encryption and locking (S3 + DynamoDB, GCS, Terraform Cloud), and rotate the secrets it contained.";

function envVerdict(name: string, document: TextDocument): Verdict | undefined {
  const suffix = name === ".env" ? "" : name.slice(".env.".length);
  if (name !== ".env" && !name.startsWith(".env.")) return undefined;
  // `.env.production.local` and `.env.local` are the same kind of file as their first part says.
  const parts = suffix.split(".").filter(Boolean);
  if (parts.some((part) => ENV_TEMPLATE_SUFFIX.test(part))) return undefined;
  const { secretKeys, assignments } = secretKeysOfEnv(document);
  if (suffix === "keys" && secretKeys.length > 0) {
    return { severity: "high", message: `\`${document.file.path}\` holds dotenvx private decryption keys (${listKeys(secretKeys)}): with them every encrypted env file of the project can be decrypted.`, why: ENV_WHY, fix: ENV_FIX };
  }
  const throwaway = parts.length > 0 && parts.every((part) => ENV_TEST_SUFFIX.test(part));
  const development = parts.some((part) => ENV_DEV_SUFFIX.test(part)) && !parts.includes("local");
  if (secretKeys.length > 0) {
    const severity: Severity = throwaway ? "low" : development ? "medium" : "high";
    return {
      severity,
      message: `\`${document.file.path}\` is added with real values for ${listKeys(secretKeys)}: env files hold credentials and belong outside version control.`,
      why: ENV_WHY,
      fix: ENV_FIX,
    };
  }
  // Next.js and Vite commit `.env`/`.env.production` with public settings by design: only a note.
  if (assignments > 0 && !throwaway && !development) {
    return {
      severity: "low",
      message: `\`${document.file.path}\` is added to the repository. It holds no secret-named values now, but env files are where credentials end up: keep it in \`.gitignore\` unless it only ever carries public settings.`,
      why: ENV_WHY,
      fix: ENV_FIX,
    };
  }
  return undefined;
}

function privateKeyVerdict(name: string, document: TextDocument): Verdict | undefined {
  const isKeyFile = PRIVATE_KEY_EXTENSION.test(name) || SSH_KEY_NAME.test(name);
  if (!isKeyFile || name.endsWith(".pub")) return undefined;
  const content = document.lines.join("\n");
  // Certificates, public keys and CSRs are meant to be shared; only key material is reported: a
  // private key header with a real base64 body (two full lines at least), or a PuTTY key.
  const body = document.lines.filter((line) => BASE64_LINE.test(line.trim())).length;
  if (!((PRIVATE_KEY_HEADER.test(content) && body >= 2) || PUTTY_KEY.test(content))) return undefined;
  const what = SSH_KEY_NAME.test(name) ? "an SSH private key" : content.includes("PuTTY-User-Key-File") ? "a PuTTY private key" : "a private key";
  return { severity: "high", message: `\`${document.file.path}\` is ${what} added to the repository.`, why: KEY_WHY, fix: KEY_FIX };
}

/** `.npmrc`, `.yarnrc.yml`, `.pypirc`, `.netrc`, `.git-credentials`: a literal credential on a known line. */
function tokenFileVerdict(name: string, document: TextDocument): Verdict | undefined {
  let pattern: RegExp;
  let what: string;
  switch (name) {
    case ".npmrc":
      pattern = /(?:_authToken|_auth|_password)\s*=\s*(.+)$/;
      what = "an npm registry token";
      break;
    case ".yarnrc.yml":
    case ".yarnrc.yaml":
      pattern = /(?:npmAuthToken|npmAuthIdent|npmPassword)\s*:\s*(.+)$/;
      what = "a Yarn registry token";
      break;
    case ".pypirc":
      pattern = /^\s*password\s*[=:]\s*(.+)$/;
      what = "a PyPI password or token";
      break;
    case ".netrc":
    case "_netrc":
      pattern = /\bpassword\s+(\S+)/;
      what = "a `.netrc` password";
      break;
    case ".git-credentials":
      pattern = /^[a-z]+:\/\/[^:\s]+:([^@\s]+)@/;
      what = "git credentials";
      break;
    case ".pgpass":
      pattern = /^[^:#\s]*:[^:]*:[^:]*:[^:]*:(.+)$/;
      what = "a PostgreSQL password file entry";
      break;
    default:
      return undefined;
  }
  for (const line of document.lines) {
    if (/^\s*[#;]/.test(line)) continue;
    const value = pattern.exec(line)?.[1];
    if (value !== undefined && isRealValue(cleanValue(value))) {
      return {
        severity: "high",
        message: `\`${document.file.path}\` contains ${what} as a literal value: anyone with read access to the repository can use it.`,
        fix: TOKEN_FILE_FIX,
      };
    }
  }
  return undefined;
}

function structuredVerdict(name: string, document: TextDocument): Verdict | undefined {
  const path = document.file.path;
  const kubeconfigName = name === "kubeconfig" || name.endsWith(".kubeconfig") || /(?:^|\/)\.kube\/config$/.test(path);
  const awsFile = name === "credentials" || name === "credentials.ini" || name === "credentials.json" || /(?:^|\/)\.aws\//.test(path);
  const candidate = /\.tfstate(?:\.backup)?$|htpasswd$|\.json$/.test(name) || kubeconfigName || awsFile || document.file.language === "yaml";
  if (!candidate) return undefined;
  const content = document.lines.join("\n");
  if (/\.tfstate(?:\.backup)?$/.test(name)) {
    if (!/"resources"\s*:\s*\[\s*\{/.test(content)) return undefined;
    return { severity: "high", message: `\`${path}\` is Terraform state added to the repository: it stores resource secrets in plain text.`, why: STATE_WHY, fix: STATE_FIX };
  }
  if (name === ".htpasswd" || name.endsWith(".htpasswd")) {
    if (!document.lines.some((line) => /^[^:#\s]+:\S{4,}/.test(line))) return undefined;
    return { severity: "high", message: `\`${path}\` is an htpasswd file: its password hashes can be cracked offline by anyone who reads the repository.`, fix: "Remove the file from the repository, generate it at deploy time from a secret store, and change the passwords it contained." };
  }
  if (name.endsWith(".json") && /"type"\s*:\s*"service_account"/.test(content) && /"private_key"\s*:\s*"-----BEGIN/.test(content)) {
    return {
      severity: "high",
      message: `\`${path}\` is a Google Cloud service-account key file: it authenticates as that service account from anywhere.`,
      why: KEY_WHY,
      fix: "Delete the key in the Google Cloud console (IAM > Service accounts > Keys), remove the file, and use workload identity or a secret manager so no key file is needed.",
    };
  }
  if (awsFile) {
    const line = document.lines.find((text) => /aws_secret_access_key\s*[=:]\s*["']?([^\s"',]+)/i.test(text));
    const value = line ? /aws_secret_access_key\s*[=:]\s*["']?([^\s"',]+)/i.exec(line)?.[1] : undefined;
    if (value !== undefined && isRealValue(value)) {
      return {
        severity: "high",
        message: `\`${path}\` is an AWS credentials file with a secret access key.`,
        fix: "Deactivate the access key in IAM, remove the file, and use roles (instance profiles, IRSA, OIDC federation in CI) or a secret manager instead of long-lived keys.",
      };
    }
  }
  const kubeconfigContent = /^kind:\s*["']?Config["']?\s*$/m.test(content) && /^users:/m.test(content);
  if (kubeconfigName || kubeconfigContent) {
    const credential = document.lines.find((text) => /^\s*(?:client-key-data|token|password):\s*\S/.test(text) && isRealValue(cleanValue(text.slice(text.indexOf(":") + 1))));
    if (credential !== undefined) {
      return {
        severity: "high",
        message: `\`${path}\` is a kubeconfig with embedded user credentials: whoever reads it can act on the cluster with that user's rights.`,
        fix: "Remove the file, revoke the credential (rotate the client certificate or service-account token), and use short-lived credentials from your cloud provider's exec plugin (`aws eks get-token`, `gke-gcloud-auth-plugin`).",
      };
    }
  }
  return undefined;
}

export const secretFileCommitted = defineTextRule({
  meta: {
    id: "security/secret-file-committed",
    category: "security",
    severity: "high",
    title: "Credential file added to the repository",
    description:
      "Reports, once per added file at its first line, files whose purpose is to hold credentials: `.env`, `.env.local`, `.env.production` and other env files with real values under secret-named keys or URLs with a non-local password (high; `.env.development` medium; `.env.test`/`.env.ci`/`.env.e2e` low; an env file with only non-secret settings low), dotenvx `.env.keys`; private keys by name (`*.pem`, `*.key`, `*.p8`, `*.ppk`, `id_rsa`, `id_ed25519`, ...) when the content holds key material; `.npmrc`, `.yarnrc.yml`, `.pypirc`, `.netrc`, `.git-credentials`, `.pgpass` with a literal credential; kubeconfigs with client keys or tokens; Google service-account key JSON; AWS credentials files with a secret access key; `.htpasswd`; and Terraform state with resources. It does not fire on templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`, `.env.vault`), on values that are `${VAR}` references or placeholders, on certificates and public keys (`BEGIN CERTIFICATE`, `*.pub`), on files that are modified rather than added, or on binary files (not read). Files under fixtures, examples and test directories are reported at low. The message names the keys, never their values; `security/hardcoded-secret` reports individual token formats on their lines.",
    why: ENV_WHY,
    fix: ENV_FIX,
  },
  check(document, context) {
    const { file } = document;
    if (file.status !== "added" && !(file.status === "renamed" && file.previousPath !== undefined)) return;
    const name = basename(file.path);
    const verdict = envVerdict(name, document) ?? privateKeyVerdict(name, document) ?? tokenFileVerdict(name, document) ?? structuredVerdict(name, document);
    if (!verdict) return;
    if (file.status === "renamed" && file.previousPath !== undefined) {
      // A rename keeps its history: only report when the old name was not already this kind of file.
      if (basename(file.previousPath) === name) return;
    }
    const fixture = isTestPath(file.path) || FIXTURE_PATH.test(file.path);
    const line = file.status === "added" ? 1 : (document.addedLineNumbers[0] ?? 1);
    context.report({
      line,
      message: fixture && verdict.severity !== "low" ? `${verdict.message} It sits in a test or example directory, so it may be a fixture; make sure it is not a real credential.` : verdict.message,
      severity: fixture ? "low" : verdict.severity,
      ...(verdict.why !== undefined ? { why: verdict.why } : {}),
      ...(verdict.fix !== undefined ? { fix: verdict.fix } : {}),
    });
  },
});
