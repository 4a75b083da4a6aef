// Command-line arguments: node:util parseArgs for the syntax, zod for the values.
import { parseArgs } from "node:util";
import { z } from "zod";
import { SEVERITIES } from "../review/types.js";
import { UsageError } from "./errors.js";

export const FORMATS = ["text", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];
export type FailOn = (typeof SEVERITIES)[number] | "none";

/** `WORKTREE` as --head reviews uncommitted changes in the working tree. */
export const WORKTREE = "WORKTREE";

export interface CommonFlags {
  format: Format;
  config?: string;
  failOn?: FailOn;
}

export type CliCommand =
  | { kind: "help" }
  | { kind: "version" }
  | ({ kind: "scan"; paths: string[] } & CommonFlags)
  | ({ kind: "review"; base?: string; head?: string } & CommonFlags);

// A ref starting with `-` would reach git as an option.
const ref = z
  .string()
  .min(1, "needs a ref")
  .refine((value) => !value.startsWith("-"), "must not start with '-'");

const flagsSchema = z
  .object({
    format: z.enum(FORMATS).default("text"),
    config: z.string().min(1, "needs a path").optional(),
    "fail-on": z.enum([...SEVERITIES, "none"]).optional(),
    base: ref.optional(),
    head: ref.optional(),
    help: z.boolean().default(false),
    version: z.boolean().default(false),
  })
  .strict();

const OPTIONS = {
  format: { type: "string" },
  config: { type: "string" },
  "fail-on": { type: "string" },
  base: { type: "string" },
  head: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

/** Node's parseArgs messages go on to explain `--`; the first sentence is the useful part. */
function firstSentence(message: string): string {
  const sentence = message.split(/\.\s/)[0] ?? message;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1).replace(/\.$/, "");
}

function describeFlagIssue(issue: z.core.$ZodIssue, values: Record<string, unknown>): string {
  const flag = issue.path[0];
  if (typeof flag !== "string") return issue.message;
  const given = values[flag];
  return `--${flag}${typeof given === "string" ? ` "${given}"` : ""}: ${issue.message}`;
}

function parseSyntax(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(firstSentence((error as Error).message), true);
  }
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const parsed = parseSyntax(argv);
  const values: Record<string, unknown> = { ...parsed.values };
  const result = flagsSchema.safeParse(values);
  if (!result.success) {
    throw new UsageError(result.error.issues.map((issue) => describeFlagIssue(issue, values)).join("; "), true);
  }
  const flags = result.data;
  if (flags.help) return { kind: "help" };
  if (flags.version) return { kind: "version" };

  const [command, ...rest] = parsed.positionals;
  const common: CommonFlags = {
    format: flags.format,
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    ...(flags["fail-on"] !== undefined ? { failOn: flags["fail-on"] } : {}),
  };
  switch (command) {
    case "scan":
      for (const flag of ["base", "head"] as const) {
        if (flags[flag] !== undefined) throw new UsageError(`--${flag} only applies to review`, true);
      }
      return { kind: "scan", paths: rest.length > 0 ? rest : ["."], ...common };
    case "review":
      if (rest.length > 0) throw new UsageError(`review takes no paths (got "${rest[0]}"); use --base and --head`, true);
      return {
        kind: "review",
        ...(flags.base !== undefined ? { base: flags.base } : {}),
        ...(flags.head !== undefined ? { head: flags.head } : {}),
        ...common,
      };
    case undefined:
      throw new UsageError("missing command: expected scan or review", true);
    default:
      throw new UsageError(`unknown command "${command}": expected scan or review`, true);
  }
}
