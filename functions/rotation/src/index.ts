/**
 * Function App entry point (package.json `main` -> dist/src/index.js). The ONLY module that registers with the
 * Functions runtime; everything else is importable without it.
 */
import { app, type EventGridEvent, type InvocationContext } from "@azure/functions";
import { loadConfig } from "./config";
import { createRotationHandler, type RotationHandler } from "./handler";
import { createKeyVaultSecretStore } from "./keyVaultStore";
import type { Logger } from "./logging";
import { defaultRegistry } from "./rotators";

let handler: RotationHandler | undefined;

/** Built on first use, so a missing app setting fails the invocation (visible, retried) instead of the indexing. */
function getHandler(): RotationHandler {
  if (handler === undefined) {
    const config = loadConfig(process.env);
    handler = createRotationHandler({
      config,
      store: createKeyVaultSecretStore(config.vaultUrl),
      registry: defaultRegistry(),
    });
  }
  return handler;
}

function contextLogger(context: InvocationContext): Logger {
  return {
    info: (m) => context.info(m),
    warn: (m) => context.warn(m),
    error: (m) => context.error(m),
  };
}

app.eventGrid("rotateKeyVaultSecret", {
  handler: async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const outcome = await getHandler()(event, contextLogger(context));
    context.info(`outcome: ${outcome.outcome}`);
  },
});
