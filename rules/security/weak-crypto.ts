// security/weak-crypto: broken or misused cryptographic primitives: fast hashes for passwords,
// ciphers without an IV or in ECB mode, fixed IVs, and password-hashing work factors below current
// guidance. MD5/SHA-1 for cache keys, ETags and checksums are fine and deliberately not reported.
import { ts } from "ts-morph";
import { defineTsRule } from "../../src/analysis/rule.js";
import { calleeName, calleeReceiver, enclosingFunction, findLocalBinding, propertyChain, shortText, TEST_PATH_GLOBS, unwrapExpression, type FunctionLikeWithBody } from "../../src/analysis/ts-helpers.js";
import { importedModule, objectLiteralOf, propertyKey, propertyValue, rootIdentifier } from "../../src/analysis/ast-values.js";
import type { Severity } from "../../src/review/types.js";






/** A string literal's text, also through a `const`. */
function stringValue(expression: ts.Expression | undefined, depth = 0): string | undefined {
  if (!expression || depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return stringValue(binding.initializer, depth + 1);
  }
  return undefined;
}

/** A number a constant expression evaluates to (`12`, `100_000`, `2 ** 14`, `1e5`, a `const` of one). */
function numberValue(expression: ts.Expression | undefined, depth = 0): number | undefined {
  if (!expression || depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isNumericLiteral(node)) return Number(node.text.replace(/_/g, ""));
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind === "variable" && binding.declarationKind === "const" && binding.initializer) return numberValue(binding.initializer, depth + 1);
    return undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const left = numberValue(node.left, depth + 1);
    const right = numberValue(node.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.LessThanLessThanToken:
        return left << right;
      default:
        return undefined;
    }
  }
  return undefined;
}

function functionName(fn: FunctionLikeWithBody | undefined): string | undefined {
  if (!fn) return undefined;
  if ((ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  const parent = fn.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent)) return propertyKey(parent);
  return undefined;
}

// ---- Fast hashes for secrets --------------------------------------------------------------------

const WEAK_HASHES = /^(?:md5|md4|md2|sha1|sha-1|rsa-md5|rsa-sha1)$/i;
const BARE_HASH_CALLS = new Set(["md5", "MD5", "sha1", "SHA1", "md5Hex", "sha1Hex"]);

type Purpose = "password" | "secret" | "token";

/** Words of an identifier: `hashUserPassword` -> hash user password. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

function purposeOfName(name: string | undefined): Purpose | "other" | undefined {
  if (!name) return undefined;
  const list = words(name);
  const joined = list.join("");
  // Names that say what the digest is for outweigh what went into it.
  if (list.some((word) => /^(cache|etag|checksum|fingerprint|integrity|sri|gravatar|avatar|filename|file|content|contents|dedupe|dedup|shard|bucket|partition|color|colour|seed|version|revision|cachekey)$/.test(word))) return "other";
  // A reset or verification token is a token even when its name mentions the password it resets.
  if (list.some((word) => /^(token|tokens|otp|totp|apikey|nonce|pin)$/.test(word)) || /apikey/.test(joined)) return "token";
  if (list.some((word) => /^(?:pass|passcode|pwd|pw|pswd)$/.test(word) || /password|passwd|passphrase/.test(word))) return "password";
  if (list.some((word) => /^(secret|signature|signed|hmac|mac)$/.test(word))) return "secret";
  return undefined;
}

/** Names in a hashed value: identifiers and member names in a small expression (`user.password + salt`). */
function namesIn(expression: ts.Expression): string[] {
  const names: string[] = [];
  const stack: ts.Node[] = [expression];
  let visited = 0;
  while (stack.length > 0 && visited++ < 40) {
    const node = stack.pop()!;
    if (ts.isIdentifier(node)) names.push(node.text);
    ts.forEachChild(node, (child) => {
      stack.push(child);
    });
  }
  return names;
}

/** The name the end of a hashing expression is stored under or returned as. */
function targetName(expression: ts.Expression): string | undefined {
  let node: ts.Node = expression;
  for (let step = 0; step < 6; step++) {
    const parent: ts.Node = node.parent;
    if (!parent) return undefined;
    if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
    if (ts.isPropertyAssignment(parent)) return propertyKey(parent);
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) return propertyChain(parent.left)?.at(-1);
    if (ts.isReturnStatement(parent) || ts.isArrowFunction(parent)) return undefined;
    if (ts.isPropertyAccessExpression(parent) || ts.isCallExpression(parent) || ts.isAwaitExpression(parent) || ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isBinaryExpression(parent)) node = parent;
    else return undefined;
  }
  return undefined;
}

/** `crypto.createHash("md5").update(x).digest()`: the values passed to `update` along the chain. */
function updatedValues(createHash: ts.CallExpression): ts.Expression[] {
  const values: ts.Expression[] = [];
  let node: ts.Node = createHash;
  for (let step = 0; step < 8; step++) {
    const access = node.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== node) break;
    const call = access.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== access) break;
    if (access.name.text === "update" && call.arguments[0]) values.push(call.arguments[0]);
    node = call;
  }
  return values;
}

/** The outermost call of a `createHash(...).update(...).digest(...)` chain. */
function chainTop(call: ts.CallExpression): ts.Expression {
  let node: ts.Expression = call;
  for (let step = 0; step < 8; step++) {
    const access = node.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== node) break;
    const outer = access.parent;
    if (!outer || !ts.isCallExpression(outer) || outer.expression !== access) break;
    node = outer;
  }
  return node;
}

interface HashPurpose {
  purpose: Purpose;
  because: string;
}

function hashPurpose(call: ts.CallExpression, hashed: ts.Expression[]): HashPurpose | undefined {
  const target = targetName(chainTop(call));
  const fnName = functionName(enclosingFunction(call));
  const targetPurpose = purposeOfName(target);
  const fnPurpose = purposeOfName(fnName);
  if (targetPurpose === "other" || fnPurpose === "other") return undefined;
  for (const value of hashed) {
    for (const name of namesIn(value)) {
      const purpose = purposeOfName(name);
      if (purpose === "other") return undefined;
      if (purpose) return { purpose, because: `hashes \`${name}\`` };
    }
  }
  if (targetPurpose) return { purpose: targetPurpose, because: `produces \`${target}\`` };
  if (fnPurpose) return { purpose: fnPurpose, because: `runs in \`${fnName}()\`` };
  return undefined;
}

const HASH_SEVERITY: Record<Purpose, Severity> = { password: "high", secret: "medium", token: "low" };
const HASH_FIX: Record<Purpose, string> = {
  password:
    "Hash passwords with a slow, salted password hash: `await argon2.hash(password)` (argon2id), `await bcrypt.hash(password, 12)`, or `crypto.scrypt(password, salt, 64)` with a random 16-byte salt per password. Rehash existing MD5/SHA-1 hashes at the next successful login.",
  secret: "Authenticate data with an HMAC over SHA-256 (`crypto.createHmac(\"sha256\", key).update(data).digest()`) and compare with `crypto.timingSafeEqual`; never `hash(secret + data)` with MD5 or SHA-1.",
  token: "Store high-entropy tokens as SHA-256 digests (`crypto.createHash(\"sha256\")`); for short codes (OTPs, PINs) use an HMAC with a server-side key and rate-limit attempts, since any fast hash of a 6-digit code is reversed instantly.",
};

// ---- Ciphers ------------------------------------------------------------------------------------

type CipherVerdict = { severity: Severity; why: string } | undefined;

function cipherVerdict(algorithm: string): CipherVerdict {
  const name = algorithm.toLowerCase();
  if (name.endsWith("-ecb")) return { severity: "high", why: "ECB mode encrypts equal blocks to equal ciphertext, so patterns in the data show through and blocks can be swapped" };
  if (/^rc[24]/.test(name)) return { severity: "high", why: `${algorithm} is broken` };
  if (/^des(?:-cbc|-cfb|-ofb|-ede|-ede-cbc|-ede-cfb|-ede-ofb)?$/.test(name)) return { severity: "high", why: `${algorithm} has a key short enough to brute-force` };
  if (/^(?:des-ede3|des3|bf|blowfish|cast|cast5|idea)/.test(name)) return { severity: "medium", why: `${algorithm} has a 64-bit block, which leaks plaintext after a few gigabytes under one key (Sweet32)` };
  return undefined;
}

type FixedIv = { how: string; severity: Severity } | undefined;

/** Whether an IV argument is the same on every call: a literal, zero-filled, from configuration, or made once at module load. */
function fixedIv(expression: ts.Expression, sourceFile: ts.SourceFile, depth = 0): FixedIv {
  if (depth > 3) return undefined;
  const node = unwrapExpression(expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { how: "a string literal", severity: "high" };
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const name = calleeName(node);
    const receiver = ts.isCallExpression(node) ? calleeReceiver(node) : undefined;
    const receiverName = receiver ? propertyChain(receiver)?.join(".") : undefined;
    const first = node.arguments?.[0];
    if (receiverName === "Buffer" && (name === "alloc" || name === "allocUnsafe")) return { how: `\`${shortText(node, sourceFile, 40)}\` (all zeros)`, severity: "high" };
    if (ts.isNewExpression(node) && /^(Uint8Array|Buffer)$/.test(name ?? "") && first && (ts.isNumericLiteral(unwrapExpression(first)) || ts.isArrayLiteralExpression(unwrapExpression(first)))) {
      return { how: `\`${shortText(node, sourceFile, 40)}\``, severity: "high" };
    }
    if (receiverName === "Buffer" && name === "from" && first) {
      const inner = unwrapExpression(first);
      if (ts.isStringLiteralLike(inner) || ts.isArrayLiteralExpression(inner)) return { how: `\`${shortText(node, sourceFile, 40)}\``, severity: "high" };
      if (/\bprocess\.env\b|\bconfig\b/.test(shortText(inner, sourceFile, 80))) return { how: `\`${shortText(node, sourceFile, 40)}\` (one value from configuration)`, severity: "high" };
      if (ts.isIdentifier(inner)) return fixedIv(inner, sourceFile, depth + 1);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && /^process\.env\./.test(shortText(node, sourceFile, 80))) return { how: `\`${shortText(node, sourceFile, 40)}\` (one value from configuration)`, severity: "high" };
  if (ts.isIdentifier(node)) {
    const binding = findLocalBinding(node);
    if (binding?.kind !== "variable" || binding.declarationKind !== "const" || !binding.initializer) return undefined;
    const inner = fixedIv(binding.initializer, sourceFile, depth + 1);
    if (inner) return { how: `\`${node.text}\`, bound to ${inner.how}`, severity: inner.severity };
    // Made once when the module loads (`const IV = crypto.randomBytes(16)` at top level): reused for every message.
    const statement = binding.declaration.parent.parent;
    if (ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent)) return { how: `\`${node.text}\`, created once when the module loads and reused for every message`, severity: "high" };
  }
  return undefined;
}

const AEAD = /gcm|ccm|ocb|chacha20-poly1305/i;

// ---- Work factors -------------------------------------------------------------------------------

const BCRYPT_MODULES = new Set(["bcrypt", "bcryptjs", "bcrypt-nodejs", "@node-rs/bcrypt"]);
const ARGON2_MODULES = new Set(["argon2", "@node-rs/argon2", "argon2-browser"]);
const MIN_BCRYPT_COST = 10;
const MIN_PBKDF2_ITERATIONS = 100_000;
const MIN_ARGON2_MEMORY = 19_456;
const ARGON2_SINGLE_PASS_MEMORY = 47_104;
const MIN_RSA_BITS = 2048;

function libraryOf(call: ts.CallExpression): string | undefined {
  const receiver = calleeReceiver(call);
  const root = rootIdentifier(receiver ?? call.expression);
  if (!root) return undefined;
  return importedModule(root) ?? root.text;
}

const CALL_NAMES = new Set([
  "createHash",
  ...BARE_HASH_CALLS,
  "createCipher",
  "createDecipher",
  "createCipheriv",
  "createDecipheriv",
  "hash",
  "hashSync",
  "genSalt",
  "genSaltSync",
  "pbkdf2",
  "pbkdf2Sync",
  "generateKeyPair",
  "generateKeyPairSync",
]);

export const weakCrypto = defineTsRule({
  meta: {
    id: "security/weak-crypto",
    category: "security",
    severity: "high",
    title: "Weak or misused cryptography",
    description:
      "Detects MD5/SHA-1 (`crypto.createHash(\"md5\")`, `md5()`, `CryptoJS.SHA1()`) used on passwords (high), on signatures and secrets (medium) or on tokens and OTPs (low), judged by what is hashed, where the digest is stored and the enclosing function's name; `crypto.createCipher`/`createDecipher` (no IV, removed in Node 22); `createCipheriv` with ECB, RC4, RC2 or DES (high) or 3DES/Blowfish (medium); a fixed IV (string literal, `Buffer.alloc(16)`, `Buffer.from(\"...\")`, a value from configuration, or one made once at module load) passed to `createCipheriv` (high; `createDecipheriv` alone medium); AEAD decipher without `authTagLength` (low); bcrypt cost below 10, PBKDF2 below 100,000 iterations, argon2 `memoryCost` below 19456 KiB or `timeCost` 1 with less than 47104 KiB, and RSA keys below 2048 bits (medium). It deliberately does not fire on MD5/SHA-1 for cache keys, ETags, checksums, file fingerprints, Gravatar URLs or content addressing (names saying so outweigh everything else), on hashes whose purpose cannot be told, on work factors that are not constants, or in tests.",
    why: "Weak primitives fail silently: MD5-hashed passwords are cracked in bulk after any database leak, ECB and fixed IVs reveal which records share plaintext (and fixed GCM nonces let attackers forge messages), and low work factors make offline guessing cheap.",
    fix: HASH_FIX.password,
    defaultIgnore: [...TEST_PATH_GLOBS],
  },
  create(context) {
    const { sourceFile } = context;
    const decipherIvReports: Array<{ node: ts.CallExpression; message: string }> = [];
    let cipherIvReported = false;

    const reportWeakHash = (call: ts.CallExpression, algorithm: string, hashed: ts.Expression[]): void => {
      const purpose = hashPurpose(call, hashed);
      if (!purpose) return;
      const label = `\`${shortText(call.expression, sourceFile, 30)}(${ts.isStringLiteralLike(call.arguments[0] ?? call) ? `"${algorithm}"` : "…"})\``;
      const risk =
        purpose.purpose === "password"
          ? `${algorithm.toUpperCase()} is fast and unsalted, so leaked password hashes are reversed at billions of guesses per second`
          : purpose.purpose === "secret"
            ? `${algorithm.toUpperCase()} is collision-prone and \`hash(secret + data)\` constructions allow length-extension forgeries`
            : `a fast unkeyed hash adds little when the input is short or guessable`;
      context.report({ node: call, message: `${label} ${purpose.because}: ${risk}.`, severity: HASH_SEVERITY[purpose.purpose], fix: HASH_FIX[purpose.purpose] });
    };

    return {
      CallExpression(node) {
        const name = calleeName(node);
        if (!name || !CALL_NAMES.has(name)) return;
        const args = node.arguments;

        if (name === "createHash") {
          const algorithm = stringValue(args[0]);
          if (algorithm && WEAK_HASHES.test(algorithm)) reportWeakHash(node, algorithm, updatedValues(node));
          return;
        }
        if (BARE_HASH_CALLS.has(name)) {
          if (args[0]) reportWeakHash(node, name.replace(/Hex$/, "").toLowerCase(), [args[0]]);
          return;
        }
        if (name === "createCipher" || name === "createDecipher") {
          if (args.length < 2) return;
          context.report({
            node,
            message: `\`${shortText(node.expression, sourceFile, 30)}()\` derives the key and IV from the password with a single unsalted MD5 round and reuses the IV for every message; it is deprecated and removed in Node.js 22.`,
            severity: "high",
            fix: "Derive a key once with `crypto.scryptSync(password, salt, 32)` (or use a random 32-byte key from a secret store) and encrypt with `crypto.createCipheriv(\"aes-256-gcm\", key, iv)` using a fresh `crypto.randomBytes(12)` IV per message, stored next to the ciphertext with the auth tag.",
          });
          return;
        }
        if (name === "createCipheriv" || name === "createDecipheriv") {
          const algorithm = stringValue(args[0]);
          const verdict = algorithm ? cipherVerdict(algorithm) : undefined;
          if (verdict && algorithm) {
            if (name === "createCipheriv" || !algorithm.toLowerCase().endsWith("-ecb")) {
              context.report({
                node,
                message: `\`${shortText(node.expression, sourceFile, 30)}("${algorithm}", …)\`: ${verdict.why}.`,
                severity: name === "createCipheriv" ? verdict.severity : "medium",
                fix: "Use an authenticated mode: `crypto.createCipheriv(\"aes-256-gcm\", key, iv)` with a fresh `crypto.randomBytes(12)` IV per message; store the IV and `cipher.getAuthTag()` next to the ciphertext.",
              });
            } else {
              context.report({ node, message: `\`${shortText(node.expression, sourceFile, 30)}("${algorithm}", …)\` decrypts data encrypted in ECB mode: ${verdict.why}.`, severity: "medium" });
            }
            return;
          }
          const iv = args[2];
          if (iv && unwrapExpression(iv).kind !== ts.SyntaxKind.NullKeyword) {
            const fixed = fixedIv(iv, sourceFile);
            if (fixed) {
              const gcm = algorithm !== undefined && AEAD.test(algorithm);
              const consequence = gcm
                ? "reusing a GCM nonce under one key leaks the XOR of plaintexts and lets an attacker forge authenticated messages"
                : "equal plaintexts encrypt to equal ciphertexts, so anyone can see which records match and learn their common prefixes";
              if (name === "createCipheriv") {
                cipherIvReported = true;
                context.report({
                  node: iv,
                  message: `The IV of \`${shortText(node.expression, sourceFile, 30)}()\` is ${fixed.how}: every message is encrypted with the same IV, and ${consequence}.`,
                  severity: fixed.severity,
                  fix: `Generate a new IV for every message (\`const iv = crypto.randomBytes(${gcm ? 12 : 16})\`), store it in front of the ciphertext, and read it back when decrypting.`,
                });
              } else {
                decipherIvReports.push({ node, message: `\`${shortText(node.expression, sourceFile, 30)}()\` decrypts with ${fixed.how} as the IV, so the matching encryption uses one fixed IV for every message: ${consequence}.` });
              }
              return;
            }
          }
          if (name === "createDecipheriv" && algorithm && AEAD.test(algorithm) && !/chacha/i.test(algorithm)) {
            const options = objectLiteralOf(args[3]);
            if (args[3] === undefined || (options && !options.properties.some((property) => propertyKey(property) === "authTagLength" || ts.isSpreadAssignment(property)))) {
              context.report({
                node,
                message: `\`${shortText(node.expression, sourceFile, 30)}("${algorithm}", …)\` does not fix \`authTagLength\`: a truncated tag supplied with the ciphertext is accepted, which makes forgeries far cheaper.`,
                severity: "low",
                fix: "Pass the tag length you produce and check the tag's size before `setAuthTag`: `crypto.createDecipheriv(\"aes-256-gcm\", key, iv, { authTagLength: 16 })`.",
              });
            }
          }
          return;
        }
        if (name === "hash" || name === "hashSync" || name === "genSalt" || name === "genSaltSync") {
          const library = libraryOf(node);
          if (name === "hash" && (library === "crypto" || library === "node:crypto")) {
            // Node 21.7+: `crypto.hash("md5", data)`.
            const algorithm = stringValue(args[0]);
            if (algorithm && WEAK_HASHES.test(algorithm) && args[1]) reportWeakHash(node, algorithm, [args[1]]);
            return;
          }
          if (name.startsWith("hash") && library !== undefined && (ARGON2_MODULES.has(library) || /^argon2$/i.test(library))) {
            const options = objectLiteralOf(args[1]);
            if (!options) return;
            const memory = numberValue(propertyValue(options, "memoryCost"));
            const time = numberValue(propertyValue(options, "timeCost"));
            const effectiveMemory = memory ?? (library === "argon2" ? 65_536 : MIN_ARGON2_MEMORY);
            const problem =
              memory !== undefined && memory < MIN_ARGON2_MEMORY
                ? `\`memoryCost: ${memory}\` KiB is below the 19456 KiB (19 MiB) minimum`
                : time !== undefined && time < 2 && effectiveMemory < ARGON2_SINGLE_PASS_MEMORY
                  ? `\`timeCost: ${time}\` with ${effectiveMemory} KiB of memory is below the minimum (one pass needs at least 47104 KiB)`
                  : undefined;
            if (problem) {
              context.report({ node, message: `Argon2 parameters are too weak: ${problem}, which makes offline guessing of leaked hashes cheap.`, severity: "medium", fix: "Use the library defaults or at least OWASP's minimum for argon2id: `{ type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 }`; more memory is better." });
            }
            return;
          }
          if (library === undefined || !(BCRYPT_MODULES.has(library) || /^bcrypt/i.test(library))) return;
          const cost = numberValue(name.startsWith("hash") ? args[1] : args[0]);
          if (cost === undefined || cost >= MIN_BCRYPT_COST || cost < 1) return;
          context.report({
            node,
            message: `\`${shortText(node.expression, sourceFile, 30)}()\` uses a bcrypt cost of ${cost}: each step down halves the work of cracking leaked hashes; below 10 is no longer considered safe.`,
            severity: "medium",
            fix: "Use a cost of at least 10, preferably 12 (`bcrypt.hash(password, 12)`), tuned so one hash takes around 100 ms on your servers; existing hashes are upgraded by rehashing at the next login.",
          });
          return;
        }
        if (name === "pbkdf2" || name === "pbkdf2Sync") {
          const iterations = numberValue(args[2]);
          const digest = stringValue(args[4]);
          if (iterations === undefined || iterations >= MIN_PBKDF2_ITERATIONS) return;
          context.report({
            node,
            message: `\`${shortText(node.expression, sourceFile, 30)}()\` runs ${iterations.toLocaleString("en-US")} iterations${digest ? ` of ${digest}` : ""}: far below current guidance, so leaked hashes can be guessed quickly.`,
            severity: "medium",
            fix: "Raise the iteration count to OWASP's current minimum (600,000 for SHA-256, 210,000 for SHA-512, 1,300,000 for SHA-1), or switch to argon2id or scrypt; store the count with each hash so it can be raised later.",
          });
          return;
        }
        if (name === "generateKeyPair" || name === "generateKeyPairSync") {
          const type = stringValue(args[0]);
          if (!type || !/^(rsa|rsa-pss|dsa)$/i.test(type)) return;
          const bits = numberValue(propertyValue(objectLiteralOf(args[1]), "modulusLength"));
          if (bits === undefined || bits >= MIN_RSA_BITS) return;
          context.report({ node, message: `\`${shortText(node.expression, sourceFile, 30)}("${type}")\` generates a ${bits}-bit key: keys below 2048 bits can be factored with modest resources.`, severity: "medium", fix: "Use `modulusLength: 3072` (at least 2048), or an elliptic-curve key (`generateKeyPair(\"ed25519\")`)." });
        }
      },
      "SourceFile:exit"() {
        if (cipherIvReported) return;
        for (const report of decipherIvReports) {
          context.report({ node: report.node, message: report.message, severity: "medium", fix: "Generate a new IV for every encryption (`crypto.randomBytes(16)`, 12 bytes for GCM), prepend it to the ciphertext, and read it back here instead of using a fixed value." });
        }
      },
    };
  },
});
