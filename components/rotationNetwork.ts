import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { DEFAULTS } from "../stack/defaults";

export interface RotationNetworkArgs {
    /** Environment name, used in names. */
    readonly environment: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** Address space of the virtual network, a private IPv4 CIDR of /26 or larger. Default: 10.42.0.0/26. */
    readonly addressPrefix?: string;
    readonly tags?: Readonly<Record<string, string>>;
}

/** The rotation function's outbound path to the vault and its storage: Key Vault and Storage service endpoints. */
export const ROTATION_SERVICE_ENDPOINTS = ["Microsoft.KeyVault", "Microsoft.Storage"] as const;

/** Flex Consumption apps integrate with a subnet delegated to Microsoft.App/environments. */
export const FLEX_SUBNET_DELEGATION = "Microsoft.App/environments";

/**
 * The network the rotation function reaches the vault through. Azure Functions are not a "trusted Microsoft
 * service" for the Key Vault firewall, so a deny-by-default vault would refuse them: the function app joins this
 * subnet (VNet integration), the subnet has the Microsoft.KeyVault service endpoint, and the vault's network
 * rules list the subnet. No public IP of the function needs to be allowed.
 */
export class RotationNetwork extends pulumi.ComponentResource {
    public readonly subnetId: pulumi.Output<string>;
    public readonly virtualNetwork: network.VirtualNetwork;
    public readonly subnet: network.Subnet;

    constructor(name: string, args: RotationNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("keyvault-devops:index:RotationNetwork", name, {}, opts);
        const parent = { parent: this };
        const prefix = args.addressPrefix ?? DEFAULTS.rotation.addressPrefix;

        this.virtualNetwork = new network.VirtualNetwork(
            `${name}-vnet`,
            {
                resourceGroupName: args.resourceGroupName,
                virtualNetworkName: `vnet-${args.environment}-rotation`,
                location: args.location,
                addressSpace: { addressPrefixes: [prefix] },
                tags: args.tags,
            },
            // The subnet is its own resource; do not let the VNet's (empty) inline list fight it.
            { ...parent, ignoreChanges: ["subnets"] },
        );
        this.subnet = new network.Subnet(
            `${name}-subnet`,
            {
                resourceGroupName: args.resourceGroupName,
                virtualNetworkName: this.virtualNetwork.name,
                subnetName: "snet-rotation-function",
                addressPrefix: prefix,
                delegations: [{ name: "flex-consumption", serviceName: FLEX_SUBNET_DELEGATION }],
                serviceEndpoints: ROTATION_SERVICE_ENDPOINTS.map((service) => ({ service })),
                privateEndpointNetworkPolicies: "Disabled",
            },
            parent,
        );
        this.subnetId = this.subnet.id.apply((id) => id);
        this.registerOutputs({ subnetId: this.subnetId });
    }
}
