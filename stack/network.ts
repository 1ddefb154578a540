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

/** Azure subnet resource ID: `/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`. */
export const SUBNET_ID_PATTERN =
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/;
