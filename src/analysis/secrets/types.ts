// What secret detection reports. Offsets point at the secret itself (not the key name around it), so
// callers can redact exactly that span from logs, diffs sent to a model, or comments.
import type { Severity } from "../../review/types.js";

export interface SecretMatch {
  /** Human name of the credential, e.g. "GitHub personal access token". */
  provider: string;
  /** Stable id of the detector, e.g. `github-pat`, `generic`. */
  id: string;
  /** `provider` for a known token format; `generic` for a high-entropy value under a secret-like name. */
  kind: "provider" | "generic";
  /** Offset of the first character of the secret in the scanned text. */
  start: number;
  /** Offset just past the secret. */
  end: number;
  /** A display form that never contains the secret, e.g. `ghp_…(40 chars)`. */
  masked: string;
  severity: Severity;
  /** For values found by assignment: the key or identifier they are assigned to. */
  key?: string;
}

export interface FindSecretsOptions {
  /**
   * Accept only quoted values in `name = value` assignments. Set it for program source, where an
   * unquoted right-hand side is an expression, not a literal.
   */
  quotedValuesOnly?: boolean;
}
