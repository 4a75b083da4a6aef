// The repository configuration (`.github/prodgap.yml`), validated with zod.
// A repository may tune what is reviewed and what blocks; it can never choose endpoints or keys.
import { z } from "zod";
import { parse as parseYaml } from "yaml";
import { SEVERITIES } from "../review/types.js";

const severity = z.enum(SEVERITIES);

/** `off`, a severity, or an object; lets `rules: { id: off }` read naturally. */
const ruleSetting = z.union([
  z.literal("off"),
  severity,
  z
    .object({
      enabled: z.boolean().optional(),
      severity: severity.optional(),
      /** Globs of paths this rule does not look at, added to the rule's own defaults. */
      ignore: z.array(z.string()).optional(),
      /** Rule-specific options; each rule validates its own. */
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .strict(),
]);
export type RuleSetting = z.infer<typeof ruleSetting>;

const override = z
  .object({
    files: z.array(z.string()).min(1),
    rules: z.record(z.string(), z.union([z.literal("off"), severity])),
  })
  .strict();

export const DEFAULT_IGNORE = [
  "**/node_modules/**",
  "**/dist/**",
  "**/build/**",
  "**/vendor/**",
  "**/coverage/**",
  "**/*.min.js",
  "**/*.min.css",
  "**/*.map",
  "**/*.snap",
  "**/package-lock.json",
  "**/yarn.lock",
  "**/pnpm-lock.yaml",
  "**/npm-shrinkwrap.json",
];

export const repoConfigSchema = z
  .object({
    gate: z
      .object({
        /** Findings at or above this severity block the merge; `none` never blocks. */
        failOn: z.union([severity, z.literal("none")]).default("high"),
        /** Conclusion when the review itself fails: `neutral` fails open, `failure` fails closed. */
        onError: z.enum(["neutral", "failure"]).default("neutral"),
      })
      .strict()
      .default({ failOn: "high", onError: "neutral" }),
    review: z
      .object({
        /** Review draft pull requests too (otherwise they get a neutral check until ready for review). */
        drafts: z.boolean().default(false),
        /** At most this many files are analysed; the rest are listed as skipped. */
        maxFiles: z.number().int().min(1).max(3000).default(300),
        /** Files larger than this many bytes are skipped. */
        maxFileBytes: z.number().int().min(1).max(10_000_000).default(1_000_000),
        /** Globs of paths never reviewed; replaces the defaults when given. */
        ignore: z.array(z.string()).default(DEFAULT_IGNORE),
      })
      .strict()
      .default({ drafts: false, maxFiles: 300, maxFileBytes: 1_000_000, ignore: DEFAULT_IGNORE }),
    comments: z
      .object({
        enabled: z.boolean().default(true),
        /** Findings below this severity appear only as check-run annotations. */
        minSeverity: severity.default("medium"),
        /** Inline comments per review at most; GitHub struggles past ~30. */
        max: z.number().int().min(0).max(50).default(25),
      })
      .strict()
      .default({ enabled: true, minSeverity: "medium", max: 25 }),
    rules: z.record(z.string(), ruleSetting).default({}),
    overrides: z.array(override).default([]),
  })
  .strict();

export type RepoConfig = z.infer<typeof repoConfigSchema>;

export const CONFIG_PATH = ".github/prodgap.yml";

export class ConfigError extends Error {
  constructor(message: string, readonly source: string) {
    super(`${source}: ${message}`);
    this.name = "ConfigError";
  }
}

export function defaultRepoConfig(): RepoConfig {
  return repoConfigSchema.parse({});
}

/** Validates an already-parsed config object; `source` names it in errors. */
export function validateRepoConfig(raw: unknown, source: string): RepoConfig {
  const result = repoConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
      .join("; ");
    throw new ConfigError(problems, source);
  }
  return result.data;
}

/** Parses YAML text of a config file; empty text is the default config. */
export function parseRepoConfig(text: string, source: string = CONFIG_PATH): RepoConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`invalid YAML: ${(error as Error).message}`, source);
  }
  return validateRepoConfig(raw, source);
}
