import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";

export const MISSING_POSTGRES =
  "PostgreSQL server binaries (initdb, pg_ctl) not found. Install Debian's 'postgresql' package " +
  "(apt-get update && apt-get install -y postgresql, or run functions/rotation/scripts/ensure-postgres.sh), " +
  "or set PG_BIN to the directory holding initdb and pg_ctl.";

/** Directory with initdb and pg_ctl: $PG_BIN, else the newest /usr/lib/postgresql/<v>/bin, else PATH. */
export function findPostgresBin(): string {
  const explicit = process.env.PG_BIN;
  if (explicit !== undefined && explicit !== "") {
    if (existsSync(join(explicit, "initdb")) && existsSync(join(explicit, "pg_ctl"))) return explicit;
    throw new Error(`PG_BIN=${explicit} has no initdb/pg_ctl. ${MISSING_POSTGRES}`);
  }
  const candidates: string[] = [];
  if (existsSync("/usr/lib/postgresql")) {
    const versions = readdirSync("/usr/lib/postgresql")
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(join("/usr/lib/postgresql", v, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(":")) if (dir !== "") candidates.push(dir);
  for (const dir of candidates) {
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  throw new Error(MISSING_POSTGRES);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr !== null ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * A throw-away PostgreSQL cluster in a temp dir: TCP on 127.0.0.1:<free port> with scram-sha-256 password auth,
 * unix socket in the temp dir with trust for the superuser. When running as root, the server binaries run as
 * the `postgres` OS user (initdb refuses root).
 */
export class TempPostgres {
  readonly dir: string;
  readonly dataDir: string;
  readonly logFile: string;
  port = 0;
  private started = false;
  private readonly bin: string;
  private readonly asUser: string | undefined;

  private constructor(bin: string) {
    this.bin = bin;
    this.asUser = process.getuid?.() === 0 ? "postgres" : undefined;
    this.dir = mkdtempSync(join(tmpdir(), "kv-rot-pg-"));
    this.dataDir = join(this.dir, "data");
    this.logFile = join(this.dir, "server.log");
  }

  static async start(): Promise<TempPostgres> {
    const pg = new TempPostgres(findPostgresBin());
    try {
      await pg.init();
    } catch (err) {
      pg.stop();
      throw err;
    }
    return pg;
  }

  private run(tool: string, args: string[]): string {
    const exe = join(this.bin, tool);
    const [cmd, argv] =
      this.asUser !== undefined ? ["runuser", ["-u", this.asUser, "--", exe, ...args]] : [exe, args];
    const r = spawnSync(cmd, argv, { cwd: this.dir, encoding: "utf8", timeout: 120_000 });
    if (r.status !== 0) {
      throw new Error(`${tool} failed (${r.status ?? r.signal ?? r.error?.message}): ${r.stderr}${r.stdout}`);
    }
    return r.stdout;
  }

  private async init(): Promise<void> {
    if (this.asUser !== undefined) {
      let uid: number;
      let gid: number;
      try {
        uid = Number(execFileSync("id", ["-u", this.asUser], { encoding: "utf8" }).trim());
        gid = Number(execFileSync("id", ["-g", this.asUser], { encoding: "utf8" }).trim());
      } catch {
        throw new Error(`running as root but OS user '${this.asUser}' does not exist. ${MISSING_POSTGRES}`);
      }
      chownSync(this.dir, uid, gid);
    }
    this.run("initdb", [
      "-D", this.dataDir, "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync",
      "--auth-local=trust", "--auth-host=scram-sha-256",
    ]);
    this.port = await freePort();
    const opts = [
      "-c listen_addresses=127.0.0.1",
      `-c port=${this.port}`,
      `-c unix_socket_directories=${this.dir}`,
      "-c log_statement=all",
      "-c fsync=off",
      "-c password_encryption=scram-sha-256",
    ].join(" ");
    this.run("pg_ctl", ["-D", this.dataDir, "-l", this.logFile, "-w", "-t", "60", "-o", opts, "start"]);
    this.started = true;
  }

  /** Superuser session over the unix socket (trust). */
  async superuser(): Promise<Client> {
    const c = new Client({ host: this.dir, port: this.port, user: "postgres", database: "postgres" });
    await c.connect();
    return c;
  }

  async sql(text: string): Promise<void> {
    const c = await this.superuser();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  }

  serverLog(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  stop(): void {
    try {
      if (this.started) this.run("pg_ctl", ["-D", this.dataDir, "-m", "fast", "-w", "stop"]);
    } finally {
      this.started = false;
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Tries to log in over TCP with a connection URI; resolves to the current_user or rejects. */
export async function loginAs(connectionString: string): Promise<string> {
  const c = new Client({ connectionString, connectionTimeoutMillis: 10_000 });
  c.on("error", () => undefined);
  await c.connect();
  try {
    const r = await c.query<{ u: string }>("SELECT current_user AS u");
    return r.rows[0]?.u ?? "";
  } finally {
    await c.end();
  }
}
