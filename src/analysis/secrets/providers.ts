// Token formats of credential providers. Each format is a regex plus cheap lowercase keywords: a line
// runs a pattern only when it contains one of its keywords, so most lines cost one prefilter test.
// Formats are public facts (provider docs, GitHub secret scanning, gitleaks); patterns are our own.
// This file must never contain a literal token: prodgap scans its own source.
import type { Severity } from "../../review/types.js";

export interface ProviderPattern {
  id: string;
  /** The credential's name, or a function of the token when one pattern covers several kinds. */
  provider: string | ((token: string) => string);
  /** Lowercase substrings; the pattern runs only on lines that contain one. */
  keywords: readonly string[];
  /** Global regex; the secret is the `secret` group when there is one, else the whole match. */
  pattern: RegExp;
  severity: Severity;
  /** The public, fixed start of the token, shown when masked and left out of the entropy check. */
  visiblePrefix?: RegExp;
  /** Minimum Shannon entropy of the token after its prefix (default 3). */
  minEntropy?: number;
  /** A structural check beyond the regex. */
  validate?: (token: string, line: string) => boolean;
}

/** Wraps a token regex so it does not start or end inside a longer word. */
function bounded(token: RegExp): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_])(?:${token.source})(?![A-Za-z0-9_])`, "g");
}

/** Discord bot tokens start with the bot's numeric user id, base64-encoded. */
function startsWithEncodedUserId(token: string): boolean {
  const encodedId = token.slice(0, token.indexOf("."));
  const decoded = Buffer.from(encodedId.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("latin1");
  return /^\d{17,20}$/.test(decoded);
}

const GITHUB_KINDS: Record<string, string> = {
  ghp: "GitHub personal access token",
  gho: "GitHub OAuth access token",
  ghu: "GitHub App user-to-server token",
  ghs: "GitHub App installation token",
  ghr: "GitHub refresh token",
};

const SLACK_KINDS: Record<string, string> = {
  b: "Slack bot token",
  p: "Slack user token",
  a: "Slack workspace access token",
  r: "Slack refresh token",
  e: "Slack configuration token",
  o: "Slack legacy token",
  s: "Slack legacy token",
};

const SHOPIFY_KINDS: Record<string, string> = {
  at: "Shopify admin API access token",
  ca: "Shopify custom app access token",
  pa: "Shopify private app password",
  ss: "Shopify shared secret",
};

export const PROVIDER_PATTERNS: readonly ProviderPattern[] = [
  {
    id: "aws-access-key-id",
    provider: "AWS access key id",
    keywords: ["akia", "asia"],
    pattern: bounded(/(?:AKIA|ASIA)[A-Z0-9]{16}/),
    severity: "critical",
    visiblePrefix: /^A[KS]IA/,
  },
  {
    id: "github-token",
    provider: (token) => GITHUB_KINDS[token.slice(0, 3)] ?? "GitHub token",
    keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    pattern: bounded(/gh[pousr]_[A-Za-z0-9]{36}/),
    severity: "critical",
    visiblePrefix: /^gh[pousr]_/,
  },
  {
    id: "github-fine-grained-pat",
    provider: "GitHub fine-grained personal access token",
    keywords: ["github_pat_"],
    pattern: bounded(/github_pat_[A-Za-z0-9_]{82}/),
    severity: "critical",
    visiblePrefix: /^github_pat_/,
  },
  {
    id: "gitlab-token",
    provider: (token) => (token.startsWith("glpat-") ? "GitLab personal access token" : token.startsWith("gldt-") ? "GitLab deploy token" : "GitLab runner token"),
    keywords: ["glpat-", "gldt-", "glrt-"],
    pattern: bounded(/(?:glpat|gldt|glrt)-[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{9})?/),
    severity: "critical",
    visiblePrefix: /^gl[a-z]+-/,
  },
  {
    id: "gitlab-pipeline-trigger-token",
    provider: "GitLab pipeline trigger token",
    keywords: ["glptt-"],
    pattern: bounded(/glptt-[0-9a-f]{40}/),
    severity: "critical",
    visiblePrefix: /^glptt-/,
  },
  {
    id: "anthropic-api-key",
    provider: "Anthropic API key",
    keywords: ["sk-ant-"],
    pattern: bounded(/sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}/),
    severity: "critical",
    visiblePrefix: /^sk-ant-[a-z]+\d{2}-/,
  },
  {
    // "T3BlbkFJ" is base64 for "OpenAI": every classic key and most project keys carry it.
    id: "openai-api-key",
    provider: "OpenAI API key",
    keywords: ["t3blbkfj"],
    pattern: bounded(/sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}/),
    severity: "critical",
    visiblePrefix: /^sk-(?:proj-|svcacct-|admin-)?/,
  },
  {
    id: "openai-project-key",
    provider: "OpenAI API key",
    keywords: ["sk-proj-", "sk-svcacct-", "sk-admin-"],
    pattern: bounded(/sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250}/),
    severity: "critical",
    visiblePrefix: /^sk-[a-z]+-/,
  },
  {
    id: "slack-token",
    provider: (token) => SLACK_KINDS[token.charAt(3)] ?? "Slack token",
    keywords: ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxe-", "xoxo-", "xoxs-"],
    pattern: bounded(/xox[bparoes]-(?:\d{6,14}-){1,3}[A-Za-z0-9]{18,64}/),
    severity: "critical",
    visiblePrefix: /^xox[a-z]-/,
  },
  {
    id: "slack-app-token",
    provider: "Slack app-level token",
    keywords: ["xapp-"],
    pattern: bounded(/xapp-\d-[A-Z0-9]{8,14}-\d{8,14}-[A-Za-z0-9]{30,80}/),
    severity: "critical",
    visiblePrefix: /^xapp-/,
  },
  {
    id: "slack-webhook",
    provider: "Slack incoming webhook URL",
    keywords: ["hooks.slack.com"],
    pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9]{8,12}\/[A-Za-z0-9]{8,12}\/(?:\d{6,20}\/)?[A-Za-z0-9]{20,40}(?![A-Za-z0-9])/g,
    severity: "critical",
    visiblePrefix: /^https?:\/\/hooks\.slack\.com\/[a-z]+\//,
  },
  {
    id: "stripe-live-key",
    provider: (token) => (token.startsWith("rk_") ? "Stripe live restricted key" : "Stripe live secret key"),
    keywords: ["sk_live_", "rk_live_"],
    pattern: bounded(/[sr]k_live_[A-Za-z0-9]{20,247}/),
    severity: "critical",
    visiblePrefix: /^[sr]k_live_/,
  },
  {
    // Test-mode keys cannot move money; reported low so they never block.
    id: "stripe-test-key",
    provider: "Stripe test-mode secret key",
    keywords: ["sk_test_", "rk_test_"],
    pattern: bounded(/[sr]k_test_[A-Za-z0-9]{20,247}/),
    severity: "low",
    visiblePrefix: /^[sr]k_test_/,
  },
  {
    id: "stripe-webhook-secret",
    provider: "Stripe webhook signing secret",
    keywords: ["whsec_"],
    pattern: bounded(/whsec_[A-Za-z0-9+/]{32,88}={0,2}/),
    severity: "high",
    visiblePrefix: /^whsec_/,
  },
  {
    id: "google-api-key",
    provider: "Google API key",
    keywords: ["aiza"],
    pattern: bounded(/AIza[A-Za-z0-9_-]{35}/),
    severity: "critical",
    visiblePrefix: /^AIza/,
  },
  {
    id: "google-oauth-client-secret",
    provider: "Google OAuth client secret",
    keywords: ["gocspx-"],
    pattern: bounded(/GOCSPX-[A-Za-z0-9_-]{28}/),
    severity: "critical",
    visiblePrefix: /^GOCSPX-/,
  },
  {
    id: "npm-token",
    provider: "npm access token",
    keywords: ["npm_"],
    pattern: bounded(/npm_[A-Za-z0-9]{36}/),
    severity: "critical",
    visiblePrefix: /^npm_/,
  },
  {
    id: "pypi-token",
    provider: "PyPI API token",
    keywords: ["pypi-ageichlwas5vcmc"],
    pattern: bounded(/pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}/),
    severity: "critical",
    visiblePrefix: /^pypi-/,
  },
  {
    id: "sendgrid-api-key",
    provider: "SendGrid API key",
    keywords: ["sg."],
    pattern: bounded(/SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/),
    severity: "critical",
    visiblePrefix: /^SG\./,
  },
  {
    // An API key SID is half of a credential (its secret is separate), hence high, not critical.
    id: "twilio-api-key",
    provider: "Twilio API key SID",
    keywords: ["sk"],
    pattern: bounded(/SK[0-9a-f]{32}/),
    severity: "high",
    visiblePrefix: /^SK/,
  },
  {
    // `key-` + hex is also how some apps name cache keys, so the line must mention Mailgun.
    id: "mailgun-api-key",
    provider: "Mailgun API key",
    keywords: ["mailgun", "api:key-"],
    pattern: bounded(/key-[0-9a-f]{32}/),
    severity: "critical",
    visiblePrefix: /^key-/,
  },
  {
    id: "shopify-token",
    provider: (token) => SHOPIFY_KINDS[token.slice(3, 5)] ?? "Shopify token",
    keywords: ["shpat_", "shpss_", "shpca_", "shppa_"],
    pattern: bounded(/shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}/),
    severity: "critical",
    visiblePrefix: /^shp[a-z]{2}_/,
  },
  {
    id: "discord-bot-token",
    provider: "Discord bot token",
    keywords: ["discord", "token", "login(", "bot"],
    pattern: bounded(/[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}/),
    severity: "critical",
    validate: startsWithEncodedUserId,
  },
  {
    id: "discord-webhook",
    provider: "Discord webhook URL",
    keywords: ["discord"],
    pattern: /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68}(?![A-Za-z0-9_-])/g,
    severity: "critical",
    visiblePrefix: /^https:\/\/[^/]+\/api\/webhooks\//,
  },
  {
    id: "telegram-bot-token",
    provider: "Telegram bot token",
    keywords: [":aa"],
    pattern: bounded(/\d{8,10}:AA[A-Za-z0-9_-]{33}/),
    severity: "critical",
  },
  {
    // The storage emulator's account key is public and documented; its account name marks it.
    id: "azure-storage-account-key",
    provider: "Azure storage account key",
    keywords: ["accountkey="],
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    severity: "critical",
    validate: (_token, line) => !/devstoreaccount1|UseDevelopmentStorage/i.test(line),
  },
  {
    id: "azure-shared-access-key",
    provider: "Azure shared access key",
    keywords: ["sharedaccesskey="],
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/g,
    severity: "critical",
  },
  {
    id: "heroku-api-key",
    provider: "Heroku API key",
    keywords: ["hrku-"],
    pattern: bounded(/HRKU-AA[A-Za-z0-9_-]{58}/),
    severity: "critical",
    visiblePrefix: /^HRKU-/,
  },
  {
    id: "digitalocean-token",
    provider: (token) => (token.startsWith("dop_") ? "DigitalOcean personal access token" : token.startsWith("doo_") ? "DigitalOcean OAuth token" : "DigitalOcean refresh token"),
    keywords: ["dop_v1_", "doo_v1_", "dor_v1_"],
    pattern: bounded(/do[por]_v1_[a-f0-9]{64}/),
    severity: "critical",
    visiblePrefix: /^do[a-z]_v1_/,
  },
  {
    id: "huggingface-token",
    provider: "Hugging Face access token",
    keywords: ["hf_", "api_org_"],
    pattern: bounded(/(?:hf_|api_org_)[A-Za-z]{34}/),
    severity: "critical",
    visiblePrefix: /^(?:hf_|api_org_)/,
  },
  {
    id: "doppler-token",
    provider: "Doppler token",
    keywords: ["dp."],
    pattern: bounded(/dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}/),
    severity: "critical",
    visiblePrefix: /^dp\.[a-z]+\./,
  },
  {
    id: "postman-api-key",
    provider: "Postman API key",
    keywords: ["pmak-"],
    pattern: bounded(/PMAK-[a-f0-9]{24}-[a-f0-9]{34}/),
    severity: "critical",
    visiblePrefix: /^PMAK-/,
  },
  {
    id: "linear-api-key",
    provider: "Linear API key",
    keywords: ["lin_api_"],
    pattern: bounded(/lin_api_[A-Za-z0-9]{40}/),
    severity: "critical",
    visiblePrefix: /^lin_api_/,
  },
  {
    id: "new-relic-user-key",
    provider: "New Relic user API key",
    keywords: ["nrak-"],
    pattern: bounded(/NRAK-[A-Z0-9]{27}/),
    severity: "critical",
    visiblePrefix: /^NRAK-/,
  },
  {
    id: "sentry-token",
    provider: (token) => (token.startsWith("sntryu_") ? "Sentry user auth token" : "Sentry organization auth token"),
    keywords: ["sntryu_", "sntrys_"],
    pattern: bounded(/sntryu_[a-f0-9]{64}|sntrys_eyJ[A-Za-z0-9+/=]{40,400}_[A-Za-z0-9+/]{43}/),
    severity: "critical",
    visiblePrefix: /^sntry[us]_/,
  },
  {
    id: "grafana-token",
    provider: (token) => (token.startsWith("glsa_") ? "Grafana service account token" : "Grafana Cloud access token"),
    keywords: ["glsa_", "glc_"],
    pattern: bounded(/glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,3}/),
    severity: "critical",
    visiblePrefix: /^gl(?:sa|c)_/,
  },
  {
    id: "vault-token",
    provider: "HashiCorp Vault token",
    keywords: ["hvs.", "hvb."],
    pattern: bounded(/hv[sb]\.[A-Za-z0-9_-]{90,300}/),
    severity: "critical",
    visiblePrefix: /^hv[sb]\./,
  },
  {
    id: "terraform-cloud-token",
    provider: "Terraform Cloud API token",
    keywords: [".atlasv1."],
    pattern: bounded(/[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}/),
    severity: "critical",
  },
  {
    id: "databricks-token",
    provider: "Databricks access token",
    keywords: ["dapi"],
    pattern: bounded(/dapi[a-f0-9]{32}(?:-\d)?/),
    severity: "critical",
    visiblePrefix: /^dapi/,
  },
  {
    id: "pulumi-token",
    provider: "Pulumi access token",
    keywords: ["pul-"],
    pattern: bounded(/pul-[a-f0-9]{40}/),
    severity: "critical",
    visiblePrefix: /^pul-/,
  },
  {
    id: "atlassian-api-token",
    provider: "Atlassian API token",
    keywords: ["atatt3"],
    pattern: bounded(/ATATT3[A-Za-z0-9_=-]{180,200}/),
    severity: "critical",
    visiblePrefix: /^ATATT3/,
  },
  {
    id: "age-secret-key",
    provider: "age secret key",
    keywords: ["age-secret-key-1"],
    pattern: bounded(/AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/),
    severity: "critical",
    visiblePrefix: /^AGE-SECRET-KEY-1/,
  },
  {
    id: "perplexity-api-key",
    provider: "Perplexity API key",
    keywords: ["pplx-"],
    pattern: bounded(/pplx-[A-Za-z0-9]{48}/),
    severity: "critical",
    visiblePrefix: /^pplx-/,
  },
  {
    id: "rubygems-api-key",
    provider: "RubyGems API key",
    keywords: ["rubygems_"],
    pattern: bounded(/rubygems_[a-f0-9]{48}/),
    severity: "critical",
    visiblePrefix: /^rubygems_/,
  },
];

export function providerName(pattern: ProviderPattern, token: string): string {
  return typeof pattern.provider === "string" ? pattern.provider : pattern.provider(token);
}
