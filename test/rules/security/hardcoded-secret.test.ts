import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hardcodedSecret } from "../../../rules/security/hardcoded-secret.js";
import type { Finding, Severity } from "../../../src/review/types.js";
import { analyze, findingsOf, patchAdding } from "../../helpers/rule-tester.js";
import { tokenGenerator } from "../../helpers/fake-tokens.js";


const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = "0123456789abcdef";
const BASE64 = ALNUM + "+/";
const BASE64URL = ALNUM + "-_";
const fake = tokenGenerator(20240611);

const digits = (length: number): string => fake("123456789", 1) + fake(DIGITS, length - 1);
const uuid = (): string => `${fake(HEX, 8)}-${fake(HEX, 4)}-4${fake(HEX, 3)}-a${fake(HEX, 3)}-${fake(HEX, 12)}`;
const pemBody = (lines: number): string[] => Array.from({ length: lines }, () => fake(BASE64, 64));
const base64url = (text: string): string => Buffer.from(text).toString("base64url");
const jwt = (payload: Record<string, unknown>): string =>
  `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}.${fake(BASE64URL, 43)}`;

interface Case {
  name: string;
  path: string;
  /** The file content; `secret` is the raw value that must never appear in the finding. */
  build: () => { content: string; secret: string };
  provider: RegExp;
  severity: Severity;
}

function inLine(template: (secret: string) => string, secret: string): { content: string; secret: string } {
  return { content: `${template(secret)}\n`, secret };
}

const providerCases: Case[] = [
  { name: "AWS access key id", path: "src/aws.ts", build: () => inLine((s) => `const accessKeyId = "${s}";`, "AKIA" + fake(UPPER + "234567", 16)), provider: /AWS access key id/, severity: "critical" },
  { name: "AWS temporary access key id", path: "deploy/env.sh", build: () => inLine((s) => `export AWS_ACCESS_KEY_ID=${s}`, "ASIA" + fake(UPPER + "234567", 16)), provider: /AWS access key id/, severity: "critical" },
  { name: "AWS secret access key", path: "config/credentials", build: () => inLine((s) => `aws_secret_access_key = ${s}`, fake(BASE64, 40)), provider: /AWS secret access key/, severity: "critical" },
  { name: "AWS secret access key in SDK config", path: "src/s3.ts", build: () => inLine((s) => `const s3 = new S3Client({ credentials: { secretAccessKey: "${s}" } });`, fake(BASE64, 40)), provider: /AWS secret access key/, severity: "critical" },
  { name: "GitHub personal access token", path: "scripts/release.sh", build: () => inLine((s) => `curl -H "Authorization: token ${s}" https://api.github.com/user`, "ghp_" + fake(ALNUM, 36)), provider: /GitHub personal access token/, severity: "critical" },
  { name: "GitHub OAuth token", path: "src/gh.ts", build: () => inLine((s) => `const client = new Octokit({ auth: "${s}" });`, "gho_" + fake(ALNUM, 36)), provider: /GitHub OAuth access token/, severity: "critical" },
  { name: "GitHub App user token", path: "config.yml", build: () => inLine((s) => `github_token: ${s}`, "ghu_" + fake(ALNUM, 36)), provider: /GitHub App user-to-server token/, severity: "critical" },
  { name: "GitHub App installation token", path: "README.md", build: () => inLine((s) => `git clone https://x-access-token:${s}@github.com/acme/shop.git`, "ghs_" + fake(ALNUM, 36)), provider: /GitHub App installation token/, severity: "critical" },
  { name: "GitHub refresh token", path: "tokens.json", build: () => inLine((s) => `{ "refresh": "${s}" }`, "ghr_" + fake(ALNUM, 36)), provider: /GitHub refresh token/, severity: "critical" },
  { name: "GitHub fine-grained token", path: ".github/workflows/ci.yml", build: () => inLine((s) => `      GH_TOKEN: ${s}`, "github_pat_" + fake(ALNUM, 22) + "_" + fake(ALNUM, 59)), provider: /GitHub fine-grained personal access token/, severity: "critical" },
  { name: "GitLab personal access token", path: ".gitlab-ci.yml", build: () => inLine((s) => `  PRIVATE_TOKEN: "${s}"`, "glpat-" + fake(BASE64URL, 20)), provider: /GitLab personal access token/, severity: "critical" },
  { name: "OpenAI project key", path: "src/llm.ts", build: () => inLine((s) => `const openai = new OpenAI({ apiKey: "${s}" });`, "sk-proj-" + fake(BASE64URL, 74) + "T3BlbkFJ" + fake(BASE64URL, 74)), provider: /OpenAI API key/, severity: "critical" },
  { name: "OpenAI legacy key", path: "notebook.py", build: () => inLine((s) => `openai.api_key = "${s}"`, "sk-" + fake(ALNUM, 20) + "T3BlbkFJ" + fake(ALNUM, 20)), provider: /OpenAI API key/, severity: "critical" },
  { name: "Anthropic API key", path: ".env", build: () => inLine((s) => `ANTHROPIC_API_KEY=${s}`, "sk-ant-api03-" + fake(BASE64URL, 93) + "AA"), provider: /Anthropic API key/, severity: "critical" },
  { name: "Slack bot token", path: "src/slack.js", build: () => inLine((s) => `const slack = new WebClient('${s}');`, `xoxb-${digits(12)}-${digits(13)}-${fake(ALNUM, 24)}`), provider: /Slack bot token/, severity: "critical" },
  { name: "Slack user token", path: "src/slack.js", build: () => inLine((s) => `const userClient = new WebClient('${s}');`, `xoxp-${digits(12)}-${digits(12)}-${digits(13)}-${fake(HEX, 32)}`), provider: /Slack user token/, severity: "critical" },
  { name: "Slack app-level token", path: "src/socket.ts", build: () => inLine((s) => `new SocketModeClient({ appToken: "${s}" });`, `xapp-1-A${fake(UPPER + DIGITS, 10)}-${digits(13)}-${fake(HEX, 64)}`), provider: /Slack app-level token/, severity: "critical" },
  { name: "Slack webhook URL", path: "alerts.yml", build: () => inLine((s) => `webhook: ${s}`, `https://hooks.slack.com/services/T${fake(UPPER + DIGITS, 8)}/B${fake(UPPER + DIGITS, 10)}/${fake(ALNUM, 24)}`), provider: /Slack incoming webhook URL/, severity: "critical" },
  { name: "Stripe live secret key", path: "src/billing.ts", build: () => inLine((s) => `const stripe = new Stripe("${s}");`, "sk_live_" + fake(ALNUM, 99)), provider: /Stripe live secret key/, severity: "critical" },
  { name: "Stripe live restricted key", path: "src/billing.ts", build: () => inLine((s) => `const stripe = new Stripe("${s}");`, "rk_live_" + fake(ALNUM, 24)), provider: /Stripe live restricted key/, severity: "critical" },
  { name: "Stripe test key is low", path: "src/billing.ts", build: () => inLine((s) => `const stripe = new Stripe("${s}");`, "sk_test_" + fake(ALNUM, 24)), provider: /Stripe test-mode secret key/, severity: "low" },
  { name: "Stripe webhook secret", path: "src/webhooks.ts", build: () => inLine((s) => `stripe.webhooks.constructEvent(body, sig, "${s}");`, "whsec_" + fake(ALNUM, 32)), provider: /Stripe webhook signing secret/, severity: "high" },
  { name: "Google API key", path: "src/maps.ts", build: () => inLine((s) => `const maps = new Client({ key: "${s}" });`, "AIza" + fake(BASE64URL, 35)), provider: /Google API key/, severity: "critical" },
  { name: "Google OAuth client secret", path: "client_secret.json", build: () => inLine((s) => `{"web":{"client_secret":"${s}"}}`, "GOCSPX-" + fake(BASE64URL, 28)), provider: /Google OAuth client secret/, severity: "critical" },
  { name: "npm token", path: ".npmrc", build: () => inLine((s) => `//registry.npmjs.org/:_authToken=${s}`, "npm_" + fake(ALNUM, 36)), provider: /npm access token/, severity: "critical" },
  { name: "PyPI token", path: ".pypirc", build: () => inLine((s) => `password = ${s}`, "pypi-AgEIcHlwaS5vcmc" + fake(BASE64URL, 70)), provider: /PyPI API token/, severity: "critical" },
  { name: "SendGrid key", path: "src/mail.ts", build: () => inLine((s) => `sgMail.setApiKey("${s}");`, `SG.${fake(BASE64URL, 22)}.${fake(BASE64URL, 43)}`), provider: /SendGrid API key/, severity: "critical" },
  { name: "Twilio API key SID", path: "src/sms.ts", build: () => inLine((s) => `const client = twilio("${s}", secret, { accountSid });`, "SK" + fake(HEX, 32)), provider: /Twilio API key SID/, severity: "high" },
  { name: "Twilio auth token", path: ".env", build: () => inLine((s) => `TWILIO_AUTH_TOKEN=${s}`, fake(HEX, 32)), provider: /Twilio auth token/, severity: "critical" },
  { name: "Mailgun API key", path: "src/mail.ts", build: () => inLine((s) => `const mailgun = new Mailgun(formData).client({ username: "api", key: "${s}" });`, "key-" + fake(HEX, 32)), provider: /Mailgun API key/, severity: "critical" },
  { name: "Shopify access token", path: "src/shop.ts", build: () => inLine((s) => `const session = { accessToken: "${s}" };`, "shpat_" + fake(HEX, 32)), provider: /Shopify admin API access token/, severity: "critical" },
  { name: "Shopify shared secret", path: "shopify.app.toml", build: () => inLine((s) => `api_secret = "${s}"`, "shpss_" + fake(HEX, 32)), provider: /Shopify shared secret/, severity: "critical" },
  { name: "Discord bot token", path: "bot/index.js", build: () => inLine((s) => `client.login("${s}");`, `${base64url(digits(18))}.${fake(BASE64URL, 6)}.${fake(BASE64URL, 38)}`), provider: /Discord bot token/, severity: "critical" },
  { name: "Discord webhook URL", path: "src/notify.ts", build: () => inLine((s) => `await fetch("${s}", { method: "POST" });`, `https://discord.com/api/webhooks/${digits(18)}/${fake(BASE64URL, 68)}`), provider: /Discord webhook URL/, severity: "critical" },
  { name: "Telegram bot token", path: "bot.py", build: () => inLine((s) => `bot = telebot.TeleBot("${s}")`, `${digits(10)}:AA${fake(BASE64URL, 33)}`), provider: /Telegram bot token/, severity: "critical" },
  { name: "Azure storage connection string", path: "appsettings.json", build: () => inLine((s) => `"Storage": "DefaultEndpointsProtocol=https;AccountName=shopprod;AccountKey=${s};EndpointSuffix=core.windows.net"`, fake(BASE64, 86) + "=="), provider: /Azure storage account key/, severity: "critical" },
  { name: "Azure Service Bus key", path: "appsettings.json", build: () => inLine((s) => `"Bus": "Endpoint=sb://shop.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s}"`, fake(BASE64, 43) + "="), provider: /Azure shared access key/, severity: "critical" },
  { name: "Datadog API key", path: "docker-compose.yml", build: () => inLine((s) => `      DD_API_KEY: ${s}`, fake(HEX, 32)), provider: /Datadog API key/, severity: "critical" },
  { name: "Datadog application key", path: "src/metrics.ts", build: () => inLine((s) => `const datadogAppKey = "${s}";`, fake(HEX, 40)), provider: /Datadog application key/, severity: "critical" },
  { name: "Heroku API key (UUID)", path: ".env", build: () => inLine((s) => `HEROKU_API_KEY=${s}`, uuid()), provider: /Heroku API key/, severity: "critical" },
  { name: "Heroku API key (HRKU)", path: "deploy.sh", build: () => inLine((s) => `heroku auth:token ${s}`, "HRKU-AA" + fake(BASE64URL, 58)), provider: /Heroku API key/, severity: "critical" },
  { name: "DigitalOcean token", path: "terraform.tfvars", build: () => inLine((s) => `do_token = "${s}"`, "dop_v1_" + fake(HEX, 64)), provider: /DigitalOcean personal access token/, severity: "critical" },
  { name: "Hugging Face token", path: "train.py", build: () => inLine((s) => `login(token="${s}")`, "hf_" + fake(UPPER + LOWER, 34)), provider: /Hugging Face access token/, severity: "critical" },
  { name: "Doppler token", path: ".env", build: () => inLine((s) => `DOPPLER_TOKEN=${s}`, "dp.pt." + fake(ALNUM, 43)), provider: /Doppler token/, severity: "critical" },
  { name: "Postman API key", path: "scripts/sync.sh", build: () => inLine((s) => `curl -H "X-Api-Key: ${s}" https://api.getpostman.com/collections`, `PMAK-${fake(HEX, 24)}-${fake(HEX, 34)}`), provider: /Postman API key/, severity: "critical" },
  { name: "Linear API key", path: "src/linear.ts", build: () => inLine((s) => `new LinearClient({ apiKey: "${s}" });`, "lin_api_" + fake(ALNUM, 40)), provider: /Linear API key/, severity: "critical" },
  { name: "New Relic user key", path: "newrelic.yml", build: () => inLine((s) => `api_key: ${s}`, "NRAK-" + fake(UPPER + DIGITS, 27)), provider: /New Relic user API key/, severity: "critical" },
  { name: "Sentry user token", path: ".sentryclirc", build: () => inLine((s) => `token=${s}`, "sntryu_" + fake(HEX, 64)), provider: /Sentry user auth token/, severity: "critical" },
  { name: "Grafana service account token", path: "grafana.ini", build: () => inLine((s) => `api_token = ${s}`, `glsa_${fake(ALNUM, 32)}_${fake(HEX, 8)}`), provider: /Grafana service account token/, severity: "critical" },
  { name: "Vault token", path: "scripts/vault.sh", build: () => inLine((s) => `export VAULT_TOKEN=${s}`, "hvs." + fake(BASE64URL, 95)), provider: /HashiCorp Vault token/, severity: "critical" },
  { name: "Terraform Cloud token", path: ".terraformrc", build: () => inLine((s) => `  token = "${s}"`, `${fake(LOWER + DIGITS, 14)}.atlasv1.${fake(LOWER + DIGITS, 67)}`), provider: /Terraform Cloud API token/, severity: "critical" },
  { name: "Databricks token", path: "jobs/etl.py", build: () => inLine((s) => `headers = {"Authorization": "Bearer ${s}"}`, "dapi" + fake(HEX, 32)), provider: /Databricks access token/, severity: "critical" },
  { name: "Pulumi token", path: "ci.sh", build: () => inLine((s) => `PULUMI_ACCESS_TOKEN=${s} pulumi up`, "pul-" + fake(HEX, 40)), provider: /Pulumi access token/, severity: "critical" },
  { name: "Atlassian API token", path: "jira.ts", build: () => inLine((s) => `const jira = new Version3Client({ host, authentication: { basic: { email, apiToken: "${s}" } } });`, "ATATT3" + fake(BASE64URL, 186)), provider: /Atlassian API token/, severity: "critical" },
  { name: "age secret key", path: "keys.txt", build: () => inLine((s) => s, "AGE-SECRET-KEY-1" + fake("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)), provider: /age secret key/, severity: "critical" },
  { name: "Perplexity API key", path: "src/search.ts", build: () => inLine((s) => `const client = new Perplexity("${s}");`, "pplx-" + fake(ALNUM, 48)), provider: /Perplexity API key/, severity: "critical" },
  { name: "RubyGems API key", path: ".gem/credentials", build: () => inLine((s) => `:rubygems_api_key: ${s}`, "rubygems_" + fake(HEX, 48)), provider: /RubyGems API key/, severity: "critical" },
  { name: "PostgreSQL URL password", path: ".env.production", build: () => inLine((s) => `DATABASE_URL=postgres://shop:${s}@db.prod.acme-corp.net:5432/shop`, fake(ALNUM, 20)), provider: /PostgreSQL connection URL password/, severity: "critical" },
  { name: "MongoDB SRV URL password", path: "src/db.ts", build: () => inLine((s) => `await mongoose.connect("mongodb+srv://shop:${s}@cluster0.a1b2c.mongodb.net/shop");`, fake(ALNUM, 16)), provider: /MongoDB connection URL password/, severity: "critical" },
  { name: "MySQL URL password", path: "config/database.yml", build: () => inLine((s) => `  url: mysql://app:${s}@mysql.internal.acme-corp.net/app`, fake(ALNUM, 18)), provider: /MySQL connection URL password/, severity: "critical" },
  { name: "Redis URL password without user", path: "k8s/configmap.yaml", build: () => inLine((s) => `  REDIS_URL: "redis://:${s}@cache.prod.acme-corp.net:6379/0"`, fake(ALNUM, 24)), provider: /Redis connection URL password/, severity: "critical" },
  { name: "Password on a compose service host is medium", path: "docker-compose.yml", build: () => inLine((s) => `      DATABASE_URL: postgres://shop:${s}@db:5432/shop`, fake(ALNUM, 20)), provider: /PostgreSQL connection URL password/, severity: "medium" },
];

/** The message shows `<public prefix>…(N chars)`; nothing of the secret past that prefix may appear. */
function expectMasked(finding: Finding, secret: string): void {
  for (const text of [finding.message, finding.why, finding.fix]) expect(text).not.toContain(secret);
  const shown = /`([^`]*)\u2026\(\d+ chars\)`/.exec(finding.message)?.[1] ?? "";
  const visible = secret.startsWith(shown) ? shown : "";
  expect(visible.length).toBeLessThanOrEqual(secret.length / 2);
  const hidden = secret.slice(visible.length);
  for (let index = 0; index + 8 <= hidden.length; index += 2) expect(finding.message).not.toContain(hidden.slice(index, index + 8));
  expect(finding.suggestion).toBeUndefined();
}

describe("security/hardcoded-secret: provider formats", () => {
  it.each(providerCases)("reports $name", ({ path, build, provider, severity }) => {
    const { content, secret } = build();
    const findings = findingsOf(hardcodedSecret, path, content);
    expect(findings).toHaveLength(1);
    const [finding] = findings as [Finding];
    expect(finding.message).toMatch(provider);
    expect(finding.severity).toBe(severity);
    expect(finding.line).toBe(1);
    expectMasked(finding, secret);
  });

  it("covers at least two dozen distinct providers", () => {
    const names = new Set(providerCases.map((testCase) => testCase.provider.source.split(" ")[0]));
    expect(names.size).toBeGreaterThanOrEqual(24);
  });

  it("names the provider and the masked prefix in the message", () => {
    const secret = "ghp_" + fake(ALNUM, 36);
    const [finding] = findingsOf(hardcodedSecret, "src/a.ts", `const t = "${secret}";\n`);
    expect(finding?.message).toBe("A GitHub personal access token (`ghp_…(40 chars)`) is committed on this line.");
    expect(finding?.why).toMatch(/revoked/);
    expect(finding?.fix).toMatch(/rotate/i);
    expect(finding?.fix).toMatch(/environment|secret manager/);
  });

  it("reports a PEM private key block with its body, masked", () => {
    const body = pemBody(20);
    const content = ["const key = `", "-----BEGIN RSA PRIVATE KEY-----", ...body, "-----END RSA PRIVATE KEY-----", "`;"].join("\n") + "\n";
    const findings = findingsOf(hardcodedSecret, "src/sign.ts", content);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(2);
    expect(findings[0]?.message).toMatch(/^An RSA private key \(`-----BEGIN RSA PRIVATE KEY-----…\(\d+ chars\)`\)/);
    expect(findings[0]?.severity).toBe("critical");
    for (const line of body) expectMasked(findings[0]!, line);
  });

  it("reports an OpenSSH key in a key file and an encrypted key as high", () => {
    const openssh = ["-----BEGIN OPENSSH PRIVATE KEY-----", ...pemBody(6), "-----END OPENSSH PRIVATE KEY-----"].join("\n");
    expect(findingsOf(hardcodedSecret, "deploy/id_ed25519", openssh)[0]?.message).toMatch(/OpenSSH private key/);
    const encrypted = ["-----BEGIN ENCRYPTED PRIVATE KEY-----", ...pemBody(6), "-----END ENCRYPTED PRIVATE KEY-----"].join("\n");
    expect(findingsOf(hardcodedSecret, "certs/server.key", encrypted)[0]?.severity).toBe("high");
  });

  it("reports a GCP service account private_key with escaped newlines", () => {
    const body = pemBody(8).join("\\n");
    const content = [
      "{",
      '  "type": "service_account",',
      `  "private_key": "-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n",`,
      '  "client_email": "deploy@shop-prod.iam.gserviceaccount.com"',
      "}",
    ].join("\n");
    const findings = findingsOf(hardcodedSecret, "gcp/key.json", content);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(3);
    expect(findings[0]?.message).toMatch(/Google Cloud service account private key/);
    expectMasked(findings[0]!, body.slice(0, 64));
  });

  it("reports a JWT only when it is assigned to a secret-named key", () => {
    const token = jwt({ sub: "svc-billing", scope: "admin", iat: 1717000000 });
    const assigned = findingsOf(hardcodedSecret, "src/client.ts", `const authToken = "${token}";\n`);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]?.message).toMatch(/^A JSON Web Token \(`eyJ…/);
    expect(assigned[0]?.severity).toBe("high");
    expectMasked(assigned[0]!, token);
    expect(findingsOf(hardcodedSecret, "src/client.ts", `const decoded = decode("${token}");\n`)).toEqual([]);
  });

  it("names the count when a line holds several secrets and reports the strongest", () => {
    const content = `SLACK=${"sk_test_" + fake(ALNUM, 24)} GH=${"ghp_" + fake(ALNUM, 36)}\n`;
    const [finding] = findingsOf(hardcodedSecret, "ci.env", content);
    expect(finding?.severity).toBe("critical");
    expect(finding?.message).toMatch(/GitHub personal access token.*one of 2 secrets/);
  });

  it("reports a key whose body changes under an unchanged header, once", () => {
    const content = ["-----BEGIN EC PRIVATE KEY-----", ...pemBody(4), "-----END EC PRIVATE KEY-----"].join("\n") + "\n";
    const { findings } = analyze([hardcodedSecret], [{ path: "certs/signing.pem", content, patch: patchAdding(content, [2, 3, 4, 5]) }], { mode: "review" });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.line).toBe(2);
    expect(findings[0]?.message).toMatch(/EC private key/);
  });

  it("lowers an API key in google-services.json to low", () => {
    const content = `{ "api_key": [{ "current_key": "${"AIza" + fake(BASE64URL, 35)}" }] }\n`;
    expect(findingsOf(hardcodedSecret, "android/app/google-services.json", content)[0]?.severity).toBe("low");
  });

  it("lowers a Firebase web config API key to low", () => {
    const content = ["const firebaseConfig = {", `  apiKey: "${"AIza" + fake(BASE64URL, 35)}",`, '  authDomain: "shop.firebaseapp.com",', "};"].join("\n");
    const [finding] = findingsOf(hardcodedSecret, "web/src/firebase.ts", content);
    expect(finding?.severity).toBe("low");
    expect(finding?.why).toMatch(/restricted/);
  });
});

describe("security/hardcoded-secret: high-entropy values under secret names", () => {
  const value = (): string => fake(ALNUM, 32);
  const password = (): string => fake(ALNUM, 11) + "#" + fake(DIGITS, 2);
  const cases: Array<{ name: string; path: string; build: (secret: string) => string; secret: () => string; key: string }> = [
    { name: "TS const", path: "src/config.ts", build: (s) => `const apiKey = "${s}";`, secret: value, key: "apiKey" },
    { name: "object property", path: "src/db.ts", build: (s) => `  password: '${s}',`, secret: password, key: "password" },
    { name: "quoted property and member assignment", path: "src/app.js", build: (s) => `app.set("sessionSecret", x); config["client_secret"] = "${s}";`, secret: value, key: "client_secret" },
    { name: "YAML", path: "config/app.yml", build: (s) => `  secret: "${s}"`, secret: value, key: "secret" },
    { name: "YAML unquoted", path: "config/app.yaml", build: (s) => `signing_key: ${s}`, secret: value, key: "signing_key" },
    { name: "JSON", path: "config/prod.json", build: (s) => `  "clientSecret": "${s}",`, secret: value, key: "clientSecret" },
    { name: ".env", path: ".env", build: (s) => `API_TOKEN=${s}`, secret: value, key: "API_TOKEN" },
    { name: "shell export", path: "scripts/deploy.sh", build: (s) => `export DB_PASSWORD="${s}"`, secret: password, key: "DB_PASSWORD" },
    { name: "Python", path: "settings.py", build: (s) => `SECRET_KEY = "${s}"`, secret: value, key: "SECRET_KEY" },
    { name: "Go", path: "main.go", build: (s) => `	accessToken := "${s}"`, secret: value, key: "accessToken" },
    { name: "properties", path: "application.properties", build: (s) => `spring.datasource.password=${s}`, secret: password, key: "password" },
    { name: "XML element", path: "settings.xml", build: (s) => `      <password>${s}</password>`, secret: password, key: "password" },
    { name: "hex session secret", path: "src/session.ts", build: (s) => `app.use(session({ secret: "${s}" }));`, secret: () => fake(HEX, 64), key: "secret" },
  ];

  it.each(cases)("reports a $name assignment as high", ({ path, build, secret, key }) => {
    const raw = secret();
    const findings = findingsOf(hardcodedSecret, path, `${build(raw)}\n`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe("high");
    expect(findings[0]?.message).toContain(`hard-coded as \`${key}\``);
    expectMasked(findings[0]!, raw);
  });

  it("lowers name-based findings in test code to medium, but not provider tokens", () => {
    const generic = findingsOf(hardcodedSecret, "test/auth.test.ts", `const apiKey = "${fake(ALNUM, 32)}";\n`);
    expect(generic[0]?.severity).toBe("medium");
    const provider = findingsOf(hardcodedSecret, "test/fixtures/config.json", `{ "token": "${"ghp_" + fake(ALNUM, 36)}" }\n`);
    expect(provider[0]?.severity).toBe("critical");
  });
});

describe("security/hardcoded-secret: must not fire", () => {
  const quiet: Array<[string, string, string]> = [
    ["placeholder your-api-key", "src/a.ts", `const apiKey = "your-api-key-goes-here-123";`],
    ["changeme", "config.yml", "password: changeme"],
    ["a regular expression under a token-named constant", "src/bearer.js", 'const TOKEN_STRINGS = "[A-Za-z0-9._~+/-]+=*";'],
    ["a regex with escapes", "src/a.ts", 'const passwordPattern = "^(?=.*\\d)(?=.*[a-z]).{12,}$";'],
    ["a word-and-number default in a scaffolding template", "src/init.ts", '    password: "Admin12345",'],
    ["angle-bracket placeholder", "README.md", "export API_TOKEN=<token>"],
    ["shell variable", "deploy.sh", 'export DB_PASSWORD="${DB_PASSWORD}"'],
    ["workflow secret", ".github/workflows/ci.yml", "          token: ${{ secrets.GITHUB_TOKEN }}"],
    ["env lookup", "src/a.ts", "const token = process.env.GITHUB_TOKEN;"],
    ["env lookup with default", "src/a.ts", 'const secret = process.env.JWT_SECRET ?? "";'],
    ["python environ", "app.py", 'API_KEY = os.environ["API_KEY"]'],
    ["config lookup", "src/a.ts", 'const apiKey = config.get("apiKey");'],
    ["unquoted identifier in code", "src/a.ts", "const password = generatedPassword2024;"],
    ["masked value", "docs/setup.md", "api_key: sk_live_****************"],
    ["x placeholder", ".env.production", "API_KEY=xxxxxxxxxxxxxxxxxxxxxxxx"],
    ["repeated characters", "src/a.ts", `const clientSecret = "${"0".repeat(32)}";`],
    ["sequential alphabet", "src/a.ts", 'const token = "abcdefghijklmnopqrstuvwxyz012345";'],
    ["GitHub placeholder body", "docs/auth.md", `Use a token like \`${"ghp_"}1234567890abcdefghijklmnopqrstuvwxyz\`.`],
    ["AWS documented example key", "docs/aws.md", `aws_access_key_id = ${"AKIA"}IOSFODNN7EXAMPLE`],
    ["AWS documented example secret", "docs/aws.md", `aws_secret_access_key = ${"wJalrXUtnFEMI/K7MDENG/"}bPxRfiCYEXAMPLEKEY`],
    ["dummy and fake values", "test/helpers.ts", `const token = "dummy-token-${fake(ALNUM, 16)}";`],
    ["fake prefix", "src/a.ts", `const secret = "fake_${fake(ALNUM, 24)}";`],
    ["docs prose", "README.md", "Set the `API_TOKEN` environment variable to a personal access token with `repo` scope."],
    ["private key header only in docs", "docs/tls.md", "Paste the key that starts with `-----BEGIN RSA PRIVATE KEY-----` into the field."],
    ["private key with elided body", "docs/tls.md", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg...\n-----END PRIVATE KEY-----"],
    ["private key parsing code", "src/pem.ts", 'if (pem.startsWith("-----BEGIN PRIVATE KEY-----")) return parse(pem);'],
    ["Stripe publishable key", "web/checkout.ts", `const stripe = loadStripe("${"pk_live_" + fake(ALNUM, 99)}");`],
    ["sha256 digest", "src/verify.ts", `const expectedDigest = "${fake(HEX, 64)}";`],
    ["sha256 digest as checksum", "Dockerfile", `ARG NODE_SHA256=${fake(HEX, 64)}`],
    ["git SHA", "src/version.ts", `export const commit = "${fake(HEX, 40)}";`],
    ["UUID id", "src/a.ts", `const requestId = "${uuid()}";`],
    ["UUID under token name", "src/a.ts", `const sessionToken = "${uuid()}";`],
    ["integrity hash", "src/a.ts", `const integrity = "sha512-${fake(BASE64, 86)}==";`],
    ["base64 image data", "src/logo.ts", `export const logo = "data:image/png;base64,${fake(BASE64, 2000)}";`],
    ["random non-secret identifier", "src/a.ts", `const cacheKey = "${fake(ALNUM, 40)}";`],
    ["random id under secret-ish suffix", "src/a.ts", `const secretName = "${fake(ALNUM, 40)}";`],
    ["token URL", "src/oauth.ts", 'const tokenUrl = "https://oauth2.googleapis.com/token";'],
    ["password field name", "src/form.tsx", '<input type="password" name="password" autoComplete="current-password" />'],
    ["k8s secret reference", "k8s/deploy.yaml", "            secretKeyRef:\n              name: shop-db\n              key: password"],
    ["max tokens", "src/llm.ts", "const max_tokens = 4096;"],
    ["i18n string", "locales/fr.json", '  "password": "Mot de passe",'],
    ["TS type annotation", "src/types.ts", "  password: string;"],
    ["bcrypt hash", "test/fixtures/users.json", `  "passwordHash": "$2b$10$${fake(BASE64, 53)}",`],
    ["sops encrypted value", "secrets.enc.yaml", `password: ENC[AES256_GCM,data:${fake(BASE64, 24)},iv:${fake(BASE64, 43)}=,type:str]`],
    ["camelCase phrase", "src/a.ts", 'const secret = "ThisIsMyVeryLongPhraseForProduction";'],
    ["words joined by dashes", "config.yml", "session_secret: keyboard-cat-session-store"],
    ["local database URL", "docker-compose.yml", "      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app"],
    ["database URL with env password", "src/db.ts", 'const url = `postgres://app:${process.env.DB_PASSWORD}@db.prod.acme-corp.net/app`;'],
    ["database URL placeholders", "README.md", "mongodb+srv://<user>:<password>@cluster0.mongodb.net/test"],
    ["database URL default password", ".env.test", "REDIS_URL=redis://:password@redis:6379"],
    ["database URL on example host", "docs/db.md", `postgres://app:${fake(ALNUM, 16)}@db.example.com/app`],
    ["Azure storage emulator", "local.settings.json", `"AzureWebJobsStorage": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${fake(BASE64, 86)}==;"`],
    ["jwt.io sample token", "docs/auth.md", `token: ${jwt({ sub: "1234567890", name: "John Doe", iat: 1516239022 })}`],
    ["Supabase anon key", "web/src/supabase.ts", `const supabaseAnonKey = "${jwt({ iss: "supabase", role: "anon" })}";`],
    ["anon role JWT under a token name", "web/src/supabase.ts", `const token = "${jwt({ iss: "supabase", role: "anon" })}";`],
    ["npm config env var", "scripts/ci.sh", 'echo "$npm_config_registry"'],
    ["Mailgun-like cache key without Mailgun", "src/cache.ts", `const cacheKey = "key-${fake(HEX, 32)}";`],
    ["algorithm name under a password setting", "postgresql.conf", "password_encryption = scram-sha-256"],
    ["lexer state under a token name", "src/lexer.js", 'lastSignificantToken = "?InterpolationInTemplate";'],
    ["base64 of placeholder text", "README.md", `  password: '${Buffer.from("not my real password").toString("base64")}',`],
    ["Python call on the right-hand side", "client.py", "    auth = base64.encodebytes(auth).decode('utf-8')"],
    ["unquoted Python expression", "client.py", "password = make_password_2024"],
    ["Terraform reference", "main.tf", "  password = random_password.db_2024.result"],
    ["translated text", "locales/zh.json", '  "invalid_token_1007": "\u4ee4\u724c\u5df2\u8fc7\u671f{0}{1}",'],
    ["RFC 6749 sample token", "docs/oauth.md", '  "access_token":"2YotnFZFEjr1zCsicMWpAA",'],
    ["public key name", ".env", `NEXT_PUBLIC_ANALYTICS_TOKEN=${fake(ALNUM, 32)}`],
  ];

  it.each(quiet)("stays quiet on %s", (_name, path, content) => {
    expect(findingsOf(hardcodedSecret, path, `${content}\n`)).toEqual([]);
  });

  it("ignores example, sample and template files and lockfiles by default", () => {
    const line = `GITHUB_TOKEN=${"ghp_" + fake(ALNUM, 36)}\n`;
    for (const path of [".env.example", "config/.env.sample", "deploy/values.example.yaml", "app.env.template", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "Cargo.lock"]) {
      expect(findingsOf(hardcodedSecret, path, line), path).toEqual([]);
    }
  });

  it("reports only added lines in review mode", () => {
    const secret = "ghp_" + fake(ALNUM, 36);
    const content = `const old = "${secret}";\nconst added = 1;\n`;
    const { findings } = analyze([hardcodedSecret], [{ path: "src/a.ts", content, patch: patchAdding(content, [2]) }], { mode: "review" });
    expect(findings).toEqual([]);
    const touched = analyze([hardcodedSecret], [{ path: "src/a.ts", content, patch: patchAdding(content, [1]) }], { mode: "review" });
    expect(touched.findings).toHaveLength(1);
  });

  it("honours a suppression comment with a reason", () => {
    const content = `// prodgap-ignore-next-line security/hardcoded-secret -- revoked key kept for the regression test\nconst t = "${"ghp_" + fake(ALNUM, 36)}";\n`;
    expect(findingsOf(hardcodedSecret, "src/a.ts", content)).toEqual([]);
  });
});

describe("security/hardcoded-secret: prodgap's own sources", () => {
  const ownFiles = [
    ...readdirSync("src/analysis/secrets").map((name) => join("src/analysis/secrets", name)),
    "rules/security/hardcoded-secret.ts",
    "test/rules/security/hardcoded-secret.test.ts",
    ...readdirSync("test/analysis/secrets").map((name) => join("test/analysis/secrets", name)),
  ];

  it.each(ownFiles)("finds nothing in %s", (path) => {
    expect(findingsOf(hardcodedSecret, path, readFileSync(path, "utf8"))).toEqual([]);
  });
});
