/** Minimal logger the core logic writes to; `src/index.ts` maps it onto the Functions InvocationContext. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const REDACTED = "[REDACTED]";

/**
 * Replaces every occurrence of every sensitive string (and its URL-encoded form) in `text`.
 * Longest first, so a value containing another value is fully hidden.
 */
export function redact(text: string, sensitive: Iterable<string>): string {
  const needles = new Set<string>();
  for (const s of sensitive) {
    if (s === "") continue;
    needles.add(s);
    needles.add(encodeURIComponent(s));
  }
  let out = text;
  for (const n of [...needles].sort((a, b) => b.length - a.length)) {
    out = out.split(n).join(REDACTED);
  }
  return out;
}

/**
 * Set of values that must never be written anywhere. Values are added as soon as they are read or generated.
 */
export class SensitiveValues {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value !== undefined && value !== "") this.values.add(value);
  }

  redact(text: string): string {
    return redact(text, this.values);
  }
}

/** Logger decorator: every line passes through the redactor before it reaches the real sink. */
export class RedactingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly sensitive: SensitiveValues,
  ) {}

  info(message: string): void {
    this.inner.info(this.sensitive.redact(message));
  }

  warn(message: string): void {
    this.inner.warn(this.sensitive.redact(message));
  }

  error(message: string): void {
    this.inner.error(this.sensitive.redact(message));
  }
}

/** Message of an error and of its `cause` chain, without stack traces or attached request/response objects. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const codeText = typeof code === "string" || typeof code === "number" ? ` [${String(code)}]` : "";
      parts.push(`${current.name}${codeText}: ${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === "string" ? current : "non-Error value thrown");
      break;
    }
  }
  return parts.join(" <- ");
}
