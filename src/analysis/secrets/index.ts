// Secret detection and masking, shared by the hardcoded-secret rule, the LLM module and log redaction.
export { findSecrets, redactSecrets } from "./find-secrets.js";
export { maskSecret } from "./mask.js";
export type { FindSecretsOptions, SecretMatch } from "./types.js";
