/**
 * Cross-instance mutual exclusion for one rotation. Event Grid redelivers an event it got no answer for within
 * 30 seconds (https://learn.microsoft.com/azure/event-grid/delivery-and-retry), possibly to another instance of the
 * Function App: without a lease two instances could both rotate the same version (Key Vault has no compare-and-swap,
 * both writes would become versions).
 */
export interface RotationLease {
  /** Gives the lease back (best effort: it also expires on its own). */
  release(): Promise<void>;
}

export interface LeaseProvider {
  /**
   * Takes the lease named `key` (`<vault>/<secret>/<version>`, lower case). `undefined`: another holder has it
   * (a rotation of that version is running elsewhere). Throws when the lease store cannot be reached.
   */
  acquire(key: string): Promise<RotationLease | undefined>;
}

/** The lease key of one rotation: vault, secret and the version being rotated. */
export function leaseKey(vaultName: string, secretName: string, version: string): string {
  return `${vaultName}/${secretName}/${version}`.toLowerCase();
}
