import type { Logger } from "../../src/logging";

/**
 * Process-wide record of every log line, every error message that escaped the handler, and every secret value
 * that existed in a fake vault or a test database during the test run. The leak tests check that no value from
 * the second list appears in the first two.
 */
export const audit = {
  lines: [] as string[],
  errors: [] as string[],
  secrets: new Set<string>(),
  /** Random material (generated values, passwords): even a fragment of these must not appear. */
  fragmentSecrets: new Set<string>(),
};

/**
 * Registers a secret value. For a postgresql:// URI the whole URI is checked as a whole, and its password also by
 * fragments (the URI's scheme/host/user are not secret); any other value is checked whole and by fragments.
 */
export function rememberSecret(value: string): void {
  if (value === "") return;
  audit.secrets.add(value);
  const uri = /^postgres(?:ql)?:\/\/[^:@/]*:([^@/]*)@/.exec(value);
  if (uri !== null) {
    const password = decodeURIComponent(uri[1] ?? "");
    if (password !== "") audit.fragmentSecrets.add(password);
  } else {
    audit.fragmentSecrets.add(value);
  }
}

export interface CapturedLogger extends Logger {
  readonly lines: string[];
}

export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => {
    const line = `${level}: ${m}`;
    lines.push(line);
    audit.lines.push(line);
  };
  return { lines, info: push("info"), warn: push("warn"), error: push("error") };
}

/** Records the message (and stack) of an error thrown out of the handler, then returns it. */
export function recordError(err: unknown): Error {
  if (err instanceof Error) {
    audit.errors.push(`${err.name}: ${err.message}\n${err.stack ?? ""}`);
    const cause = (err as { cause?: unknown }).cause;
    if (cause !== undefined) audit.errors.push(`cause: ${String(cause)}`);
    return err;
  }
  audit.errors.push(String(err));
  return new Error(String(err));
}

// Console output from any module during tests is audited too.
let consolePatched = false;
export function patchConsole(): void {
  if (consolePatched) return;
  consolePatched = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => {
      audit.lines.push(`console.${level}: ${args.map((a) => String(a)).join(" ")}`);
      original(...args);
    };
  }
}
patchConsole();

/** Partial leaks count too: any run of this many consecutive characters of a secret. */
export const LEAK_WINDOW = 12;

function fragments(secret: string): Set<string> {
  const out = new Set<string>();
  for (const form of [secret, encodeURIComponent(secret)]) {
    if (form.length <= LEAK_WINDOW) out.add(form);
    else for (let i = 0; i + LEAK_WINDOW <= form.length; i++) out.add(form.slice(i, i + LEAK_WINDOW));
  }
  return out;
}

/**
 * Every (secret, line) pair where a secret or its URL-encoded form occurs in a log line or error message, or,
 * for random material, any LEAK_WINDOW-character fragment of it.
 */
export function findLeaks(): string[] {
  const leaks: string[] = [];
  const texts = [...audit.lines, ...audit.errors];
  const check = (secret: string, parts: Set<string>) => {
    for (const t of texts) {
      for (const f of parts) {
        if (t.includes(f)) {
          leaks.push(`a secret of length ${secret.length} (or a fragment) found in: ${t.slice(0, 200)}`);
          break;
        }
      }
    }
  };
  for (const secret of audit.secrets) check(secret, new Set([secret, encodeURIComponent(secret)]));
  for (const secret of audit.fragmentSecrets) check(secret, fragments(secret));
  return leaks;
}
