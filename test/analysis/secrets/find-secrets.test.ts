import { describe, expect, it } from "vitest";
import { characterClasses, shannonEntropy } from "../../../src/analysis/secrets/entropy.js";
import { findSecrets, redactSecrets } from "../../../src/analysis/secrets/find-secrets.js";
import { looksLikeHardcodedSecret } from "../../../src/analysis/secrets/generic-value.js";
import { genericVisibleLength, maskSecret } from "../../../src/analysis/secrets/mask.js";
import { isPlaceholderValue, isReferenceValue } from "../../../src/analysis/secrets/placeholders.js";
import { PROVIDER_PATTERNS } from "../../../src/analysis/secrets/providers.js";
import { isSecretName } from "../../../src/analysis/secrets/secret-names.js";
import { tokenGenerator } from "../../helpers/fake-tokens.js";


const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE64 = ALNUM + "+/";
const fake = tokenGenerator(7);

describe("entropy", () => {
  it("measures bits per character", () => {
    expect(shannonEntropy("")).toBe(0);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy(fake(ALNUM, 64))).toBeGreaterThan(5);
  });

  it("counts character classes", () => {
    expect(characterClasses("aB3!")).toMatchObject({ lower: true, upper: true, digit: true, symbol: true, count: 4 });
    expect(characterClasses("abc").count).toBe(1);
  });
});

describe("masking", () => {
  it("shows the public prefix and the length, never more than half the value", () => {
    expect(maskSecret("ghp_" + "Z".repeat(36), 4)).toBe("ghp_…(40 chars)");
    expect(maskSecret("abcdefgh", 6)).toBe("abcd…(8 chars)");
    expect(maskSecret("secret-value")).toBe("…(12 chars)");
  });

  it("shows at most four characters of a value without a known prefix", () => {
    expect(genericVisibleLength(10)).toBe(1);
    expect(genericVisibleLength(16)).toBe(2);
    expect(genericVisibleLength(64)).toBe(4);
  });
});

describe("placeholders and references", () => {
  it.each(["your-api-key", "changeme-please-1", "xxxxxxxxxxxx", "****", "<token>", "EXAMPLEKEY123", "aaaaaaaaaa", "abcdef123", "012345678", "ababababab"])(
    "treats %s as a placeholder",
    (value) => {
      expect(isPlaceholderValue(value)).toBe(true);
    },
  );

  it("does not treat a random value as a placeholder", () => {
    expect(isPlaceholderValue(fake(ALNUM, 40))).toBe(false);
  });

  it.each(["${API_KEY}", "{{ secrets.TOKEN }}", "$TOKEN", "process.env.TOKEN", "ENC[AES256_GCM,data:abc]", "op://vault/item/field", "arn:aws:secretsmanager:us-east-1:1:secret:x"])(
    "treats %s as a reference",
    (value) => {
      expect(isReferenceValue(value)).toBe(true);
    },
  );
});

describe("secret names", () => {
  it.each(["apiKey", "API_KEY", "client_secret", "DB_PASSWORD", "x-api-key", "accessToken", "this.config.authToken", "passphrase", "auth", "credentials", "SECRET_KEY_BASE"])(
    "%s names a secret",
    (name) => {
      expect(isSecretName(name)).toBe(true);
    },
  );

  it.each(["tokenUrl", "passwordField", "secretName", "max_tokens", "isSecret", "getToken", "passwordHash", "publicKey", "NEXT_PUBLIC_TOKEN", "tokenizer", "secretKeyRef", "author", "cacheKey", "password_encryption"])(
    "%s does not",
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe("generic values", () => {
  it("accepts random keys and human passwords with enough variety", () => {
    expect(looksLikeHardcodedSecret(fake(ALNUM, 32), { password: false })).toBe(true);
    expect(looksLikeHardcodedSecret(fake(ALNUM, 9) + "!%", { password: true })).toBe(true);
  });

  it.each([
    ["short", "Ab3!x9"],
    ["words", "InterpolationInTemplate"],
    ["slug", "scram-sha-256"],
    ["path", "./keys/server.pem"],
    ["URL", "https://auth.acme-corp.net/oauth/token"],
    ["email", "billing-bot@acme-corp.net"],
    ["version", "2024.06.11-1"],
    ["UUID", "3f1c2b9a-8d4e-4f6a-9b7c-1d2e3f4a5b6c"],
    ["sentence", "Enter your password here"],
    ["mentions a secret", "STRIPE_SECRET_KEY_2024"],
  ])("rejects a %s", (_kind, value) => {
    expect(looksLikeHardcodedSecret(value, { password: true })).toBe(false);
  });
});

describe("findSecrets", () => {
  it("returns offsets that point exactly at the secret", () => {
    const token = "ghp_" + fake(ALNUM, 36);
    const password = fake(ALNUM, 20);
    const text = `first line\nconst t = "${token}";\nDATABASE_URL=postgres://app:${password}@db.acme-corp.net/app\n`;
    const matches = findSecrets(text);
    expect(matches.map((match) => text.slice(match.start, match.end))).toEqual([token, password]);
    expect(matches.map((match) => match.id)).toEqual(["github-token", "connection-url-password"]);
    for (const match of matches) expect(match.masked).not.toContain(text.slice(match.start + 4, match.end));
  });

  it("prefers the provider format over the generic guess on the same value", () => {
    const token = "ghp_" + fake(ALNUM, 36);
    const [match, ...rest] = findSecrets(`GITHUB_TOKEN=${token}`);
    expect(rest).toEqual([]);
    expect(match).toMatchObject({ id: "github-token", kind: "provider", severity: "critical" });
  });

  it("reads a private key across lines and in a unified diff", () => {
    const body = Array.from({ length: 6 }, () => fake(BASE64, 64));
    const diff = ["+-----BEGIN PRIVATE KEY-----", ...body.map((line) => `+${line}`), "+-----END PRIVATE KEY-----"].join("\n");
    const [match] = findSecrets(diff);
    expect(match).toMatchObject({ id: "private-key", start: 1, end: diff.length, severity: "critical" });
    expect(match?.masked).toBe(`-----BEGIN PRIVATE KEY-----…(${diff.length - 1} chars)`);
  });

  it("accepts unquoted values by default and only quoted ones when asked", () => {
    const line = `apiKey: ${fake(ALNUM, 32)}`;
    expect(findSecrets(line)).toHaveLength(1);
    expect(findSecrets(line, { quotedValuesOnly: true })).toEqual([]);
  });

  it("ignores a token-shaped run inside base64 data", () => {
    const blob = `${fake(BASE64, 40)}/AIza${fake(ALNUM, 35)}+${fake(BASE64, 40)}`;
    expect(findSecrets(`const png = "data:image/png;base64,${blob}";`)).toEqual([]);
  });

  it("skips lines without any keyword cheaply", () => {
    const started = performance.now();
    const text = Array.from({ length: 20_000 }, (_, index) => `const value${index} = compute(${index}) * factor;`).join("\n");
    expect(findSecrets(text)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("redactSecrets", () => {
  it("replaces every secret and nothing else", () => {
    const token = "xoxb-" + fake("123456789", 12) + "-" + fake("123456789", 12) + "-" + fake(ALNUM, 24);
    const key = "AKIA" + fake("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    const text = `slack: ${token}\naws: ${key}\nplain: hello`;
    expect(redactSecrets(text)).toBe("slack: [REDACTED slack-token]\naws: [REDACTED aws-access-key-id]\nplain: hello");
  });
});

describe("provider table", () => {
  it("gives every pattern lowercase keywords and a global regex", () => {
    for (const pattern of PROVIDER_PATTERNS) {
      expect(pattern.keywords.length, pattern.id).toBeGreaterThan(0);
      for (const keyword of pattern.keywords) expect(keyword, pattern.id).toBe(keyword.toLowerCase());
      expect(pattern.pattern.flags, pattern.id).toContain("g");
    }
  });

  it("has unique ids", () => {
    const ids = PROVIDER_PATTERNS.map((pattern) => pattern.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
