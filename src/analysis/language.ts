// Which parser a file gets, from its name alone (the app never executes or sniffs PR code).
import type { Language } from "../review/types.js";

const BY_EXTENSION: Record<string, Language> = {
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  yml: "yaml",
  yaml: "yaml",
  json: "json",
  sql: "sql",
  sh: "shell",
  bash: "shell",
  md: "markdown",
};

export function detectLanguage(path: string): Language {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const lower = name.toLowerCase();
  if (lower === "dockerfile" || lower.startsWith("dockerfile.") || lower.endsWith(".dockerfile") || lower === "containerfile") {
    return "dockerfile";
  }
  if (lower.endsWith(".d.ts")) return "text"; // declarations carry no runtime behaviour to review
  const dot = lower.lastIndexOf(".");
  if (dot < 0) return "text";
  return BY_EXTENSION[lower.slice(dot + 1)] ?? "text";
}

export function isScriptLanguage(language: Language): language is "typescript" | "javascript" {
  return language === "typescript" || language === "javascript";
}
