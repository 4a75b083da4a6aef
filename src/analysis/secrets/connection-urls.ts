// Passwords embedded in database and broker URLs (postgres://user:password@host/db). Local and
// documentation hosts, placeholder and default passwords are not reported: compose files and READMEs
// are full of `postgres:postgres@localhost`.
import type { Severity } from "../../review/types.js";
import { maskSecret } from "./mask.js";
import { containsPlaceholderWord, isPlaceholderValue, isReferenceValue } from "./placeholders.js";
import type { SecretMatch } from "./types.js";

const CONNECTION_URL =
  /(?<![A-Za-z0-9])(postgres(?:ql)?|mysql|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse)(?:\+[a-z0-9]+)?:\/\/([^\s:@/'"`]*):([^\s@/'"`]+)@([^\s/'"`?#:,;)]+)/gi;

const SERVICE_NAMES: Record<string, string> = {
  postgres: "PostgreSQL",
  postgresql: "PostgreSQL",
  mysql: "MySQL",
  mariadb: "MariaDB",
  mongodb: "MongoDB",
  redis: "Redis",
  rediss: "Redis",
  amqp: "AMQP (RabbitMQ)",
  amqps: "AMQP (RabbitMQ)",
  mssql: "SQL Server",
  sqlserver: "SQL Server",
  cockroachdb: "CockroachDB",
  clickhouse: "ClickHouse",
};

/** Defaults that images and tutorials ship with; committing them leaks nothing new. */
const DEFAULT_PASSWORDS = new Set([
  "password",
  "passwd",
  "pass",
  "secret",
  "root",
  "admin",
  "postgres",
  "mysql",
  "mongo",
  "mongodb",
  "redis",
  "rabbitmq",
  "guest",
  "user",
  "username",
  "dev",
  "development",
  "local",
  "docker",
  "default",
  "letmein",
]);

function isLocalOrDocumentationHost(host: string): boolean {
  const lower = host.toLowerCase();
  return (
    lower === "localhost" ||
    lower.startsWith("127.") ||
    lower === "0.0.0.0" ||
    lower === "[::1]" ||
    lower === "host.docker.internal" ||
    /\.(?:local|localhost|test|invalid|example)$/.test(lower) ||
    /(?:^|\.)example\.(?:com|org|net)$/.test(lower) ||
    lower === "hostname" ||
    containsPlaceholderWord(lower) ||
    isReferenceValue(lower)
  );
}

function isRealPassword(password: string, user: string): boolean {
  if (password.length < 6) return false;
  if (password === user || DEFAULT_PASSWORDS.has(password.toLowerCase())) return false;
  if (/[{}]/.test(password)) return false;
  return !isPlaceholderValue(password) && !isReferenceValue(password);
}

/** The passwords of connection URLs in one line; `offset` is the line's position in the text. */
export function findConnectionUrlPasswords(line: string, offset: number): SecretMatch[] {
  const matches: SecretMatch[] = [];
  for (const match of line.matchAll(CONNECTION_URL)) {
    const [whole, scheme = "", user = "", password = "", host = ""] = match;
    if (!isRealPassword(password, user) || isLocalOrDocumentationHost(host)) continue;
    // A host without a dot is a compose or CI service name: most likely a throwaway local password.
    const severity: Severity = host.includes(".") ? "critical" : "medium";
    const passwordStart = match.index + whole.length - host.length - 1 - password.length;
    matches.push({
      provider: `${SERVICE_NAMES[scheme.toLowerCase()] ?? scheme} connection URL password`,
      id: "connection-url-password",
      kind: "provider",
      start: offset + passwordStart,
      end: offset + passwordStart + password.length,
      masked: maskSecret(password),
      severity,
    });
  }
  return matches;
}
