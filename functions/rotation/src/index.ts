/**
 * Function App entry point (package.json `main` -> dist/src/index.js). The ONLY module that registers with the
 * Functions runtime; everything else is importable without it.
 */
import { app, type EventGridEvent, type InvocationContext } from "@azure/functions";
import { BlobLeaseProvider, blobServiceUrlFromEnv } from "./blobLease";
import { loadConfig } from "./config";
import { FUNCTION_NAME } from "./contract";
import { createRotationHandler, type RotationHandler } from "./handler";
import { createKeyVaultSecretStore, functionCredential } from "./keyVaultStore";
import type { Logger } from "./logging";
import { defaultRegistry } from "./rotators";

let handler: RotationHandler | undefined;
let leasesConfigured = true;

/** Built on first use, so a missing app setting fails the invocation (visible, retried) instead of the indexing. */
function getHandler(): RotationHandler {
  if (handler === undefined) {
    const config = loadConfig(process.env);
    const credential = functionCredential(process.env);
    // Leases live in the function's own storage account (the identity-based host storage settings name it).
    const blobServiceUrl = blobServiceUrlFromEnv(process.env);
    leasesConfigured = blobServiceUrl !== undefined;
    handler = createRotationHandler({
      config,
      store: createKeyVaultSecretStore(config.vaultUrl, credential),
      registry: defaultRegistry(),
      leases: blobServiceUrl === undefined ? undefined : new BlobLeaseProvider({ blobServiceUrl, credential }),
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

app.eventGrid(FUNCTION_NAME, {
  handler: async (event: EventGridEvent, context: InvocationContext): Promise<void> => {
    const rotate = getHandler();
    if (!leasesConfigured) {
      context.warn("no AzureWebJobsStorage__accountName / __blobServiceUri: duplicate deliveries on two instances are not serialized");
    }
    const outcome = await rotate(event, contextLogger(context));
    context.info(`outcome: ${outcome.outcome}`);
  },
});
