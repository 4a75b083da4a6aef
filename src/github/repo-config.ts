// Reads `.github/prodgap.yml` from the default branch (a PR cannot loosen its own review), with
// Probot's `.github`-repository fallback and `_extends`, and validates it.
import { CONFIG_PATH, defaultRepoConfig, validateRepoConfig, type RepoConfig } from "../config/repo-config.js";
import type { GitHubClient } from "./client.js";

type ConfigObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is ConfigObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep merge where a later file's arrays replace earlier ones (deepmerge would concatenate them). */
export function mergeConfigs(configs: readonly ConfigObject[]): ConfigObject {
  const merge = (target: ConfigObject, source: ConfigObject): ConfigObject => {
    const result: ConfigObject = { ...target };
    for (const [key, value] of Object.entries(source)) {
      const existing = result[key];
      result[key] = isPlainObject(existing) && isPlainObject(value) ? merge(existing, value) : value;
    }
    return result;
  };
  return configs.reduce<ConfigObject>((merged, config) => merge(merged, config), {});
}

export interface LoadedRepoConfig {
  config: RepoConfig;
  /** Set when the file existed but was invalid; the review then runs with the defaults. */
  error?: string;
  source: string;
}

export async function loadRepoConfig(octokit: GitHubClient, owner: string, repo: string): Promise<LoadedRepoConfig> {
  let raw: ConfigObject;
  let source = CONFIG_PATH;
  try {
    const result = await octokit.config.get({
      owner,
      repo,
      path: CONFIG_PATH,
      defaults: (configs: ConfigObject[]) => mergeConfigs(configs),
    });
    raw = result.config;
    const found = result.files.filter((file) => file.config !== null);
    if (found.length === 0) return { config: defaultRepoConfig(), source: "defaults (no .github/prodgap.yml)" };
    source = found.map((file) => `${file.owner}/${file.repo}:${file.path}`).join(" + ");
  } catch (error) {
    return { config: defaultRepoConfig(), source, error: `could not read ${CONFIG_PATH}: ${(error as Error).message}` };
  }
  try {
    return { config: validateRepoConfig(raw, source), source };
  } catch (error) {
    return { config: defaultRepoConfig(), source, error: (error as Error).message };
  }
}
