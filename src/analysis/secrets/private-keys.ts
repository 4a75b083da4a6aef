// PEM private key blocks, on real lines or inside a string with escaped `\n` (service account JSON,
// env values). A header alone is documentation or parsing code; only a header followed by a
// base64 body of real length and randomness is reported.
import { shannonEntropy } from "./entropy.js";
import { maskSecret } from "./mask.js";
import type { SecretMatch } from "./types.js";

const HEADER = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;

/**
 * One body piece at a time: escaped or real line breaks, separators left by string concatenation or
 * diff markers, PEM header fields, the END marker, or base64.
 */
const BODY_TOKEN = /\\[rn]|\r?\n|[ \t"'`,+;]+|(?:Proc-Type|DEK-Info|Comment|Version|Hash): ?[^\r\n\\]*|-----END [A-Z0-9 ]*-----|[A-Za-z0-9+/=]+/y;

const MIN_BODY_CHARS = 64;
const MIN_BODY_ENTROPY = 4;
const MAX_BLOCK_CHARS = 20_000;

const KEY_KINDS: Record<string, string> = {
  "RSA ": "RSA private key",
  "EC ": "EC private key",
  "DSA ": "DSA private key",
  "OPENSSH ": "OpenSSH private key",
  "PGP ": "PGP private key",
  "ENCRYPTED ": "encrypted private key",
};

interface KeyBody {
  base64: string;
  end: number;
  encrypted: boolean;
}

function readBody(text: string, from: number): KeyBody {
  let cursor = from;
  let base64 = "";
  let end = from;
  let encrypted = false;
  const limit = Math.min(text.length, from + MAX_BLOCK_CHARS);
  while (cursor < limit) {
    BODY_TOKEN.lastIndex = cursor;
    const token = BODY_TOKEN.exec(text)?.[0];
    if (!token) break;
    if (token.startsWith("-----END")) {
      end = cursor + token.length;
      break;
    }
    if (token.startsWith("Proc-Type") && token.includes("ENCRYPTED")) encrypted = true;
    if (/^[A-Za-z0-9+/=]+$/.test(token)) {
      base64 += token;
      end = cursor + token.length;
    }
    cursor += token.length;
  }
  return { base64, end, encrypted };
}

export function findPrivateKeys(text: string): SecretMatch[] {
  const matches: SecretMatch[] = [];
  for (const header of text.matchAll(HEADER)) {
    const start = header.index;
    const body = readBody(text, start + header[0].length);
    if (body.base64.length < MIN_BODY_CHARS || shannonEntropy(body.base64) < MIN_BODY_ENTROPY) continue;
    const kind = header[1] ?? "";
    const encrypted = body.encrypted || kind.includes("ENCRYPTED");
    const lineStart = text.lastIndexOf("\n", start) + 1;
    const serviceAccount = /"private_key"\s*:\s*"$/.test(text.slice(lineStart, start));
    const provider = serviceAccount ? "Google Cloud service account private key" : (KEY_KINDS[kind] ?? "private key");
    matches.push({
      provider,
      id: serviceAccount ? "gcp-service-account-key" : "private-key",
      kind: "provider",
      start,
      end: body.end,
      masked: maskSecret(text.slice(start, body.end), header[0].length),
      // A passphrase still protects an encrypted key, but passphrases are guessable offline.
      severity: encrypted ? "high" : "critical",
    });
  }
  return matches;
}
