/**
 * IPv4 checks for vault firewall rules. Key Vault IP rules accept public IPv4 addresses and CIDR ranges only;
 * private and reserved ranges never reach a vault's public endpoint, so a rule naming one is a mistake.
 */

const IPV4_CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/** Ranges that are not publicly routable (RFC 6890 special-purpose registry, IPv4). */
const NON_PUBLIC: ReadonlyArray<readonly [string, number, string]> = [
    ["0.0.0.0", 8, "\"this network\""],
    ["10.0.0.0", 8, "private (RFC 1918)"],
    ["100.64.0.0", 10, "shared address space (RFC 6598)"],
    ["127.0.0.0", 8, "loopback"],
    ["169.254.0.0", 16, "link-local"],
    ["172.16.0.0", 12, "private (RFC 1918)"],
    ["192.0.0.0", 24, "IETF protocol assignments"],
    ["192.0.2.0", 24, "documentation (TEST-NET-1)"],
    ["192.168.0.0", 16, "private (RFC 1918)"],
    ["198.18.0.0", 15, "benchmarking"],
    ["198.51.100.0", 24, "documentation (TEST-NET-2)"],
    ["203.0.113.0", 24, "documentation (TEST-NET-3)"],
    ["224.0.0.0", 4, "multicast"],
    ["240.0.0.0", 4, "reserved"],
];

function toInt(octets: readonly number[]): number {
    return octets.reduce((acc, o) => acc * 256 + o, 0);
}

function parseAddress(address: string): number {
    return toInt(address.split(".").map(Number));
}

/**
 * Checks one `ipRules` entry. Returns undefined when it is a public IPv4 address or CIDR range,
 * otherwise the reason it is not.
 */
export function ipRuleProblem(rule: string): string | undefined {
    const m = IPV4_CIDR.exec(rule);
    if (!m) {
        return "is not an IPv4 address or CIDR range";
    }
    if (LEADING_ZERO.test(rule)) {
        return `has a leading zero in a number (some parsers read 010 as octal 8, others as decimal 10); write ${canonicalDigits(rule)}`;
    }
    const octets = [m[1], m[2], m[3], m[4]].map(Number);
    if (octets.some((o) => o > 255)) {
        return "has an octet above 255";
    }
    const prefix = m[5] === undefined ? 32 : Number(m[5]);
    if (prefix < 8 || prefix > 32) {
        return "has a prefix length outside /8–/32";
    }
    const start = toInt(octets);
    const size = 2 ** (32 - prefix);
    if (start % size !== 0) {
        return `has host bits set for a /${prefix} (the range starts at ${intToAddress(start - (start % size))})`;
    }
    const end = start + size - 1;
    for (const [base, bits, label] of NON_PUBLIC) {
        const rStart = parseAddress(base);
        const rEnd = rStart + 2 ** (32 - bits) - 1;
        if (start <= rEnd && end >= rStart) {
            return `overlaps ${base}/${bits}, a ${label} range that never reaches a vault's public endpoint`;
        }
    }
    return undefined;
}

function intToAddress(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/*
 * Resource IDs, segment by segment, with Azure's naming rules for each name (no whitespace, no control character, no
 * newline can hide in one): https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 * Resource groups 1–90 of letters, digits, `_ - . ( )`, not ending in `.`; virtual networks 2–64 and subnets 1–80 of
 * letters, digits, `_ . -`, starting with a letter or digit and ending with a letter, digit or `_`; Log Analytics
 * workspaces 4–63 of letters, digits and `-`, starting and ending with a letter or digit. Resource IDs compare
 * ignoring case (Azure Resource Manager treats them case-insensitively). The same VNet rule as published by Azure's own
 * PSRule.Rules.Azure: https://github.com/Azure/PSRule.Rules.Azure/blob/main/docs/en/rules/Azure.VNET.Name.md
 */
const SUBSCRIPTION_SEGMENT = "\\/subscriptions\\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const RESOURCE_GROUP_SEGMENT = "\\/resourceGroups\\/[-\\w.()]{0,89}[-\\w()]";

/** Azure subnet resource ID: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export const SUBNET_ID_PATTERN = new RegExp(
    `^${SUBSCRIPTION_SEGMENT}${RESOURCE_GROUP_SEGMENT}\\/providers\\/Microsoft\\.Network\\/virtualNetworks\\/[A-Za-z0-9][\\w.-]{0,62}\\w\\/subnets\\/[A-Za-z0-9](?:[\\w.-]{0,78}\\w)?$`,
    "i",
);

/** Log Analytics workspace resource ID: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>`. */
export const WORKSPACE_RESOURCE_ID_PATTERN = new RegExp(
    `^${SUBSCRIPTION_SEGMENT}${RESOURCE_GROUP_SEGMENT}\\/providers\\/Microsoft\\.OperationalInsights\\/workspaces\\/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$`,
    "i",
);

/** A number written with a leading zero (`01`, `/08`): ambiguous (octal in inet_aton, decimal elsewhere), so refused. */
const LEADING_ZERO = /(^|[./])0\d/;

function canonicalDigits(rule: string): string {
    return rule.replace(/\d+/g, (n) => String(Number(n)));
}

/**
 * One canonical form per address or range, for finding duplicates: `8.8.8.8`, `8.8.8.8/32` and ` 8.8.8.8 ` are all
 * `8.8.8.8/32`. Undefined when the text is not an IPv4 address or CIDR range.
 */
export function canonicalIpRule(rule: string): string | undefined {
    const m = IPV4_CIDR.exec(rule.trim());
    if (!m) {
        return undefined;
    }
    const octets = [m[1], m[2], m[3], m[4]].map(Number);
    return `${octets.join(".")}/${m[5] === undefined ? 32 : Number(m[5])}`;
}

/**
 * The key under which two firewall entries are the same rule (`8.8.8.8` and `8.8.8.8/32`): the canonical form where the
 * entry is a well-formed IPv4 address or range, else the entry as written (config validation reports those).
 */
export function ipRuleKey(rule: string): string {
    return canonicalIpRule(rule) ?? rule.trim();
}

/** Private IPv4 ranges (RFC 1918, https://www.rfc-editor.org/rfc/rfc1918#section-3). */
const RFC1918: ReadonlyArray<readonly [string, number]> = [
    ["10.0.0.0", 8],
    ["172.16.0.0", 12],
    ["192.168.0.0", 16],
];

/**
 * Checks the rotation function's address space: a private (RFC 1918) IPv4 range from /16 to /26, every number
 * 0–255 without leading zeros, no host bits set (Azure rejects a VNet address prefix like 10.42.0.1/26: the prefix
 * must be the network address). Undefined when valid, else what is wrong with it.
 */
export function privateRangeProblem(prefix: string): string | undefined {
    const m = IPV4_CIDR.exec(prefix);
    if (!m || m[5] === undefined) {
        return "is not an IPv4 CIDR range (a.b.c.d/n)";
    }
    if (LEADING_ZERO.test(prefix)) {
        return `has a leading zero in a number (ambiguous: octal or decimal); write ${canonicalDigits(prefix)}`;
    }
    const octets = [m[1], m[2], m[3], m[4]].map(Number);
    if (octets.some((o) => o > 255)) {
        return "has a number above 255";
    }
    const bits = Number(m[5]);
    if (bits < 16 || bits > 26) {
        return `is a /${bits}, outside /16–/26`;
    }
    const start = toInt(octets);
    const size = 2 ** (32 - bits);
    if (start % size !== 0) {
        return `has host bits set for a /${bits} (the range starts at ${intToAddress(start - (start % size))}/${bits})`;
    }
    const inPrivate = RFC1918.some(([base, b]) => {
        const rStart = parseAddress(base);
        return start >= rStart && start + size - 1 <= rStart + 2 ** (32 - b) - 1;
    });
    return inPrivate ? undefined : "is not inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16";
}
