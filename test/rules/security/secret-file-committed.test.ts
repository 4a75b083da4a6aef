import { describe, expect, it } from "vitest";
import { secretFileCommitted } from "../../../rules/security/secret-file-committed.js";
import { analyze, findingsOf } from "../../helpers/rule-tester.js";

const RULE = "security/secret-file-committed";

/** Pseudo-random text built at run time (mulberry32), so this file holds no key-looking literal. */
function noise(length: number, seed: number, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"): string {
  let state = seed * 7919;
  let out = "";
  for (let index = 0; index < length; index++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet.charAt(((t ^ (t >>> 14)) >>> 0) % alphabet.length);
  }
  return out;
}

const pem = (label: string): string => [`-----BEGIN ${label}-----`, ...Array.from({ length: 6 }, (_, i) => noise(64, i + 1)), `-----END ${label}-----`, ""].join("\n");
const PRIVATE = ["PRIVATE", "KEY"].join(" ");

describe("security/secret-file-committed: fires", () => {
  it("on an added .env with real secret values, naming keys but not values", () => {
    const content = ["PORT=3000", "NODE_ENV=production", "JWT_SECRET=hunter2-but-longer", `DATABASE_URL=postgres://app:${"s3cr3tpw"}@db.prod.acme.net:5432/app`, ""].join("\n");
    const findings = findingsOf(secretFileCommitted, ".env", content);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: RULE, severity: "high", line: 1 });
    expect(findings[0]?.message).toContain("`JWT_SECRET`, `DATABASE_URL`");
    expect(findings[0]?.message).not.toContain("hunter2");
    expect(findings[0]?.message).not.toContain("s3cr3tpw");
    expect(findings[0]?.fix).toContain(".gitignore");
  });

  it("on .env.local and .env.production in subdirectories", () => {
    const content = "STRIPE_SECRET_KEY=rk-internal-value-1\n";
    expect(findingsOf(secretFileCommitted, "apps/web/.env.local", content)[0]).toMatchObject({ severity: "high" });
    expect(findingsOf(secretFileCommitted, "services/api/.env.production", content)[0]).toMatchObject({ severity: "high" });
  });

  it("at lower severities for development and test env files", () => {
    const content = "SESSION_SECRET=dev-session-signing\n";
    expect(findingsOf(secretFileCommitted, ".env.development", content)[0]).toMatchObject({ severity: "medium" });
    expect(findingsOf(secretFileCommitted, ".env.test", content)[0]).toMatchObject({ severity: "low" });
  });

  it("on a private key file and an SSH key, but only with key material", () => {
    const key = findingsOf(secretFileCommitted, "deploy/certs/server.key", pem(`RSA ${PRIVATE}`));
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({ severity: "high", line: 1 });
    expect(key[0]?.message).toContain("a private key");
    const ssh = findingsOf(secretFileCommitted, "ops/id_ed25519", pem(`OPENSSH ${PRIVATE}`));
    expect(ssh[0]?.message).toContain("an SSH private key");
  });

  it("on .npmrc and .yarnrc.yml with literal tokens", () => {
    const npmrc = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${noise(36, 9)}\n`;
    expect(findingsOf(secretFileCommitted, ".npmrc", npmrc)[0]).toMatchObject({ severity: "high" });
    const yarnrc = `npmScopes:\n  acme:\n    npmAuthToken: ${noise(36, 10)}\n`;
    expect(findingsOf(secretFileCommitted, ".yarnrc.yml", yarnrc)[0]?.message).toContain("Yarn registry token");
  });

  it("on kubeconfig, service-account JSON, AWS credentials, htpasswd and Terraform state", () => {
    const kubeconfig = ["apiVersion: v1", "kind: Config", "clusters: []", "users:", "- name: admin", "  user:", `    client-key-data: ${noise(80, 3)}`, ""].join("\n");
    const serviceAccount = JSON.stringify({ type: "service_account", project_id: "shop", private_key: `-----BEGIN ${PRIVATE}-----\\n${noise(64, 4)}` }, null, 2);
    const aws = `[default]\naws_access_key_id = AKIA${noise(16, 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}\naws_secret_access_key = ${noise(40, 6)}\n`;
    const htpasswd = `admin:$apr1$${noise(8, 7)}$${noise(22, 8)}\n`;
    const tfstate = JSON.stringify({ version: 4, resources: [{ type: "aws_db_instance", instances: [{ attributes: { password: "x" } }] }] });
    const cases: Array<[string, string, string]> = [
      ["k8s/admin.kubeconfig", kubeconfig, "kubeconfig"],
      ["keys/shop-prod-1a2b3c.json", serviceAccount, "service-account"],
      [".aws/credentials", aws, "AWS credentials"],
      ["nginx/.htpasswd", htpasswd, "htpasswd"],
      ["infra/terraform.tfstate", tfstate, "Terraform state"],
    ];
    for (const [path, content, words] of cases) {
      const findings = findingsOf(secretFileCommitted, path, content);
      expect(findings, path).toHaveLength(1);
      expect(findings[0]?.message, path).toContain(words);
    }
  });

  it("at low under fixture or test directories", () => {
    const findings = findingsOf(secretFileCommitted, "test/fixtures/tls/agent-key.pem", pem(PRIVATE));
    expect(findings[0]).toMatchObject({ severity: "low" });
    expect(findings[0]?.message).toContain("fixture");
  });
});

describe("security/secret-file-committed: does not fire", () => {
  it("on env templates", () => {
    const content = `JWT_SECRET=real-looking-value-here\nDATABASE_URL=postgres://app:${"pw1234"}@db.prod.acme.net/app\n`;
    for (const path of [".env.example", ".env.sample", ".env.template", "apps/api/.env.dist", ".env.local.example", ".env.vault"]) {
      expect(findingsOf(secretFileCommitted, path, content), path).toEqual([]);
    }
  });

  it("on env files whose secret values are references, placeholders or container defaults", () => {
    const content = ["DATABASE_URL=${DATABASE_URL}", "JWT_SECRET=", "API_KEY=your-api-key-here", "POSTGRES_PASSWORD=postgres", "REDIS_URL=redis://:devpass@localhost:6379"].join("\n");
    const findings = findingsOf(secretFileCommitted, ".env.development", content);
    expect(findings).toEqual([]);
    // The same in a plain `.env` is only a low note (Next.js and Vite commit public settings there).
    expect(findingsOf(secretFileCommitted, ".env", content)[0]).toMatchObject({ severity: "low" });
  });

  it("on certificates, public keys and key files without key material", () => {
    expect(findingsOf(secretFileCommitted, "certs/ca.pem", pem("CERTIFICATE"))).toEqual([]);
    expect(findingsOf(secretFileCommitted, "ops/id_rsa.pub", `ssh-ed25519 ${noise(68, 2)} deploy@ci\n`)).toEqual([]);
    expect(findingsOf(secretFileCommitted, "docs/server.key", `-----BEGIN ${PRIVATE}-----\n<paste your key here>\n-----END ${PRIVATE}-----\n`)).toEqual([]);
  });

  it("on token files that reference environment variables", () => {
    expect(findingsOf(secretFileCommitted, ".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\nengine-strict=true\n")).toEqual([]);
    expect(findingsOf(secretFileCommitted, ".yarnrc.yml", 'npmAuthToken: "${NPM_AUTH_TOKEN}"\n')).toEqual([]);
    expect(findingsOf(secretFileCommitted, ".npmrc", "save-exact=true\n")).toEqual([]);
  });

  it("on modified secret files (only additions are this rule's)", () => {
    const content = "JWT_SECRET=hunter2-but-longer\n";
    const { findings } = analyze([secretFileCommitted], [{ path: ".env", content, status: "modified", patch: "@@ -0,0 +1,1 @@\n+JWT_SECRET=hunter2-but-longer" }], { mode: "review" });
    expect(findings).toEqual([]);
  });

  it("on look-alike files: JSON that is not a service account, YAML that is not a kubeconfig, empty state", () => {
    expect(findingsOf(secretFileCommitted, "config/credentials.json", '{ "installed": { "client_id": "abc.apps.googleusercontent.com" } }')).toEqual([]);
    expect(findingsOf(secretFileCommitted, "k8s/secret.yaml", "apiVersion: v1\nkind: Secret\ndata:\n  token: ${TOKEN}\n")).toEqual([]);
    expect(findingsOf(secretFileCommitted, "terraform.tfstate", '{ "version": 4, "resources": [] }')).toEqual([]);
    expect(findingsOf(secretFileCommitted, "src/env.ts", 'export const SECRET = process.env.SECRET ?? "";')).toEqual([]);
  });
});
