/**
 * Secret tags the rotation relies on (set by the infrastructure code on each secret).
 *
 * - `rotation-strategy`: name of the rotator (`regenerate`, `postgres`, ...). Missing or `none`: never rotated.
 * - `validity-days`: lifetime of a new version in days (new expiry = now + validity). Default 90. Must be greater
 *   than ROTATION_WINDOW_DAYS, otherwise a new version would immediately be "near expiry" again.
 * - `rotation-length`: length of the generated value/password (16-4096). Default: the current value's length for
 *   `regenerate` (when within 16-4096), else 64.
 */
import { TAGS } from "./contract";

export const TAG_STRATEGY = TAGS.strategy;
export const TAG_VALIDITY_DAYS = TAGS.validityDays;
export const TAG_LENGTH = TAGS.length;
export const TAG_ROLES = TAGS.roles;

export const STRATEGY_NONE = "none";
export const DEFAULT_VALIDITY_DAYS = 90;
export const DEFAULT_LENGTH = 64;
export const MIN_LENGTH = 16;
export const MAX_LENGTH = 4096;
export const MAX_VALIDITY_DAYS = 3650;

export class TagError extends Error {
  override readonly name = "TagError";
}

/** Key Vault tag names are case-sensitive, but people write them in any case: look them up case-insensitively. */
export function getTag(tags: Readonly<Record<string, string>>, name: string): string | undefined {
  const exact = tags[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(tags)) {
    if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}

/** Normalized strategy name, or `undefined` when the secret is not rotated (no tag, empty or `none`). */
export function strategyOf(tags: Readonly<Record<string, string>>): string | undefined {
  const raw = getTag(tags, TAG_STRATEGY)?.trim().toLowerCase();
  return raw === undefined || raw === "" || raw === STRATEGY_NONE ? undefined : raw;
}

function intTag(tags: Readonly<Record<string, string>>, name: string, min: number, max: number): number | undefined {
  const raw = getTag(tags, name)?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new TagError(`tag '${name}' must be a whole number between ${min} and ${max}`);
  }
  return Number(raw);
}

export function validityDaysOf(tags: Readonly<Record<string, string>>): number {
  return intTag(tags, TAG_VALIDITY_DAYS, 1, MAX_VALIDITY_DAYS) ?? DEFAULT_VALIDITY_DAYS;
}

/** Length from the `rotation-length` tag, else `fallback` when it is a sane length, else DEFAULT_LENGTH. */
export function lengthOf(tags: Readonly<Record<string, string>>, fallback?: number): number {
  const fromTag = intTag(tags, TAG_LENGTH, MIN_LENGTH, MAX_LENGTH);
  if (fromTag !== undefined) return fromTag;
  if (fallback !== undefined && fallback >= MIN_LENGTH && fallback <= MAX_LENGTH) return fallback;
  return DEFAULT_LENGTH;
}
