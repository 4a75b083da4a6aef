// Resolves what config says about one rule for one path: enabled, severity, options.
import type { RepoConfig, RuleSetting } from "../config/repo-config.js";
import type { Severity } from "../review/types.js";
import { matchesAny } from "./glob.js";
import type { RuleMeta } from "./rule.js";

export interface EffectiveRuleSetting {
  /** Set only when config chose a severity; it then replaces the rule's and the report's own. */
  severity?: Severity;
  options: Record<string, unknown>;
}

function normalize(setting: RuleSetting | undefined): { enabled: boolean; severity?: Severity; ignore: string[]; options: Record<string, unknown> } {
  if (setting === undefined) return { enabled: true, ignore: [], options: {} };
  if (setting === "off") return { enabled: false, ignore: [], options: {} };
  if (typeof setting === "string") return { enabled: true, severity: setting, ignore: [], options: {} };
  return {
    enabled: setting.enabled ?? true,
    ...(setting.severity ? { severity: setting.severity } : {}),
    ignore: setting.ignore ?? [],
    options: setting.options ?? {},
  };
}

/** Whether the rule runs at all for this repository (before looking at paths). */
export function isRuleEnabled(meta: RuleMeta, config: RepoConfig): boolean {
  const enabledSomewhere = config.overrides.some((override) => override.rules[meta.id] !== undefined && override.rules[meta.id] !== "off");
  return normalize(config.rules[meta.id]).enabled || enabledSomewhere;
}

/** The setting for `path`, or undefined when the rule does not look at this path. */
export function ruleSettingFor(meta: RuleMeta, config: RepoConfig, path: string): EffectiveRuleSetting | undefined {
  const base = normalize(config.rules[meta.id]);
  let enabled = base.enabled;
  let severity = base.severity;
  // Overrides apply in order; the last matching one wins, as in ESLint.
  for (const override of config.overrides) {
    const value = override.rules[meta.id];
    if (value === undefined || !matchesAny(path, override.files)) continue;
    if (value === "off") enabled = false;
    else {
      enabled = true;
      severity = value;
    }
  }
  if (!enabled) return undefined;
  if (matchesAny(path, meta.defaultIgnore ?? []) || matchesAny(path, base.ignore)) return undefined;
  return { ...(severity ? { severity } : {}), options: base.options };
}
