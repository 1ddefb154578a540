// Secret rotation: every vault publishes its secret expiry events through an Event Grid system topic to a
// subscription that retries and dead-letters, so a rotation function cannot silently miss an expiring secret.
import type { StackValidationPolicy } from "@pulumi/policy";
import { refersToVault, vaultLabel } from "./keyVault";
import {
    anyMatch,
    arr,
    displayName,
    equalsIgnoreCase,
    field,
    idBelow,
    isObj,
    isOpaque,
    Match,
    mustMessage,
    ofType,
    refersTo,
    sameAzureId,
    StackResource,
    str,
    Types,
    UNKNOWN,
    validateStackPlain,
} from "./util";

export const ROTATION_EVENT_TYPES = ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"];
const VAULT_TOPIC_TYPE = "Microsoft.KeyVault.vaults";

/** Whether a system topic publishes the vault's events. */
function topicOfVault(topic: StackResource, vault: StackResource): Match {
    const type = str(topic.props["topicType"]);
    if (type !== UNKNOWN && !equalsIgnoreCase(type, VAULT_TOPIC_TYPE)) {
        return false;
    }
    const source = refersToVault(topic, "source", vault);
    return source === true && type === UNKNOWN ? UNKNOWN : source;
}

/** Whether an event subscription is on the topic: by systemTopicName (the topic's name) and resource group. */
function subscriptionOfTopic(subscription: StackResource, topic: StackResource): Match {
    const byName = anyMatch([
        refersTo(subscription, "systemTopicName", topic, [topic.props["name"], topic.props["systemTopicName"], topic.name]),
        idBelow(subscription, topic),
    ]);
    if (byName !== true) {
        return byName;
    }
    const a = str(subscription.props["resourceGroupName"]);
    const b = str(topic.props["resourceGroupName"]);
    return typeof a === "string" && typeof b === "string" ? sameAzureId(a, b) : true;
}

/** Which rotation events a subscription delivers: true for both, false when it lacks one, unknown when unsure. */
function coversRotationEvents(subscription: StackResource): { covers: Match; types: string[] } {
    const included = arr(field(subscription.props, "filter", "includedEventTypes"));
    if (included === UNKNOWN) {
        return { covers: UNKNOWN, types: [] };
    }
    if (included === undefined) {
        return { covers: true, types: [] }; // no filter: every event type
    }
    const types = included.filter((t): t is string => typeof t === "string" && !isOpaque(t));
    const covers = ROTATION_EVENT_TYPES.every((e) => types.some((t) => equalsIgnoreCase(t, e)));
    return { covers: covers ? true : included.some(isOpaque) ? UNKNOWN : false, types };
}

function subscriptionName(subscription: StackResource): string {
    return displayName(subscription.props["eventSubscriptionName"] ?? subscription.props["name"], subscription.name);
}

function subscriptionLabel(subscription: StackResource): string {
    return `Event subscription '${subscriptionName(subscription)}'`;
}

export const keyVaultSecretRotationEvents: StackValidationPolicy = {
    name: "keyvault-secret-rotation-events",
    description:
        "Checks whether every Key Vault has an Event Grid system topic with a subscription to Microsoft.KeyVault.SecretNearExpiry and Microsoft.KeyVault.SecretExpired that sets a retryPolicy and a dead-letter destination.",
    enforcementLevel: "mandatory",
    validateStack: validateStackPlain((resources, _args, report) => {
        const topics = ofType(resources, Types.SystemTopic);
        const subscriptions = ofType(resources, Types.SystemTopicEventSubscription);
        const reported = new Set<string>();
        for (const vault of ofType(resources, Types.Vault)) {
            const label = vaultLabel(vault.props, vault.name);
            const topicMatches = topics.map((topic) => ({ topic, match: topicOfVault(topic, vault) }));
            const vaultTopics = topicMatches.filter((t) => t.match === true).map((t) => t.topic);
            if (vaultTopics.length === 0) {
                if (!topicMatches.some((t) => t.match === UNKNOWN)) {
                    report(
                        mustMessage(label, `have an Event Grid system topic (topicType ${VAULT_TOPIC_TYPE}) on the vault`, "none"),
                        vault.urn,
                    );
                }
                continue;
            }
            const subMatches = subscriptions.map((s) => ({
                subscription: s,
                match: anyMatch(vaultTopics.map((t) => subscriptionOfTopic(s, t))),
            }));
            const vaultSubs = subMatches.filter((s) => s.match === true).map((s) => s.subscription);
            const unsureSubs = subMatches.some((s) => s.match === UNKNOWN);
            const requirement = `have an Event Grid subscription to ${ROTATION_EVENT_TYPES.join(" and ")}`;
            const topicNames = vaultTopics.map((t) => `'${displayName(t.props["name"], t.name)}'`).join(", ");

            const coverage = vaultSubs.map((s) => ({ subscription: s, ...coversRotationEvents(s) }));
            if (!coverage.some((c) => c.covers !== false) && !unsureSubs) {
                const found =
                    coverage.length === 0
                        ? `no subscription on system topic ${topicNames}`
                        : coverage
                              .map((c) => `subscription '${subscriptionName(c.subscription)}' with ${c.types.join(", ") || "no event types"}`)
                              .join("; ");
                report(mustMessage(label, requirement, found), vault.urn);
            }

            // Every subscription that delivers rotation events must retry and dead-letter.
            for (const c of coverage) {
                const delivers =
                    c.covers !== false || c.types.some((t) => ROTATION_EVENT_TYPES.some((e) => equalsIgnoreCase(t, e)));
                if (!delivers || reported.has(c.subscription.urn)) {
                    continue;
                }
                reported.add(c.subscription.urn);
                const subLabel = subscriptionLabel(c.subscription);
                const retry = field(c.subscription.props, "retryPolicy");
                if (!isOpaque(retry) && !isObj(retry)) {
                    report(mustMessage(subLabel, "set a retryPolicy", retry), c.subscription.urn);
                }
                const deadLetter = field(c.subscription.props, "deadLetterDestination");
                const deadLetterIdentity = field(c.subscription.props, "deadLetterWithResourceIdentity", "deadLetterDestination");
                if (!isOpaque(deadLetter) && !isOpaque(deadLetterIdentity) && !isObj(deadLetter) && !isObj(deadLetterIdentity)) {
                    report(
                        mustMessage(
                            subLabel,
                            "set a dead-letter destination (deadLetterDestination or deadLetterWithResourceIdentity)",
                            "not set",
                        ),
                        c.subscription.urn,
                    );
                }
            }
        }
    }),
};
