// Finds and loads the repository config for a local run; --fail-on overrides its gate.
import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { CONFIG_PATH, defaultRepoConfig, parseRepoConfig, type RepoConfig } from "../config/repo-config.js";
import type { FailOn } from "./args.js";
import { UsageError } from "./errors.js";

export interface LoadConfigOptions {
  cwd: string;
  root: string;
  /** --config, relative to cwd; when absent the repository's own config is used if it has one. */
  explicitPath?: string;
  failOn?: FailOn;
}

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Throws ConfigError (with zod's path and message) for an invalid file. */
export async function loadConfig(options: LoadConfigOptions): Promise<RepoConfig> {
  let config: RepoConfig;
  if (options.explicitPath !== undefined) {
    const path = resolve(options.cwd, options.explicitPath);
    const text = await readIfPresent(path);
    if (text === undefined) throw new UsageError(`config file not found: ${options.explicitPath}`);
    config = parseRepoConfig(text, options.explicitPath);
  } else {
    const path = join(options.root, ...CONFIG_PATH.split("/"));
    const text = await readIfPresent(path);
    config = text === undefined ? defaultRepoConfig() : parseRepoConfig(text, relative(options.cwd, path) || CONFIG_PATH);
  }
  return options.failOn === undefined ? config : { ...config, gate: { ...config.gate, failOn: options.failOn } };
}
