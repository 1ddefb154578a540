// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.

// Export sub-modules:
import * as input from "./input";
import * as output from "./output";

export {
    input,
    output,
};
