#!/usr/bin/env bash
# Installs one pinned Pulumi CLI on a Linux x64 agent and puts it on PATH for the job's later steps.
#
# Verified before use: the archive comes from get.pulumi.com, its SHA-256 from the release's checksums file on GitHub
# (a second host), and `sha256sum --check` must match before anything is unpacked. Both files are what Pulumi's
# release workflow publishes for a tag: goreleaser names them `pulumi-v<version>-linux-x64.tar.gz` (archive
# name_template) and `pulumi-<version>-checksums.txt` (checksum name_template), attaches them to the GitHub release
# v<version>, and copies the same files to s3://get.pulumi.com/releases/sdk (pulumi/pulumi v3.248.0,
# .goreleaser.yml and .github/workflows/release.yml, job "s3 blobs": `gh release download --pattern 'pulumi-*'`,
# `aws s3 sync artifacts s3://get.pulumi.com/releases/sdk`). The archive unpacks to pulumi/ (wrap_in_directory).
#
# The version is the one the program's @pulumi/pulumi is locked at (package-lock.json): tests/pipelines checks that
# the CLI is never older than the SDK it runs.
set -euo pipefail

PULUMI_VERSION="3.248.0"
ARCHIVE="pulumi-v${PULUMI_VERSION}-linux-x64.tar.gz"
CHECKSUMS="pulumi-${PULUMI_VERSION}-checksums.txt"
DEST="${AGENT_TOOLSDIRECTORY:-${RUNNER_TOOL_CACHE:-$HOME/.tools}}/pulumi/${PULUMI_VERSION}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 --retry 3 \
    --output "$ARCHIVE" "https://get.pulumi.com/releases/sdk/${ARCHIVE}"
curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 --retry 3 \
    --output "$CHECKSUMS" "https://github.com/pulumi/pulumi/releases/download/v${PULUMI_VERSION}/${CHECKSUMS}"
# Exactly one line for the archive, and it must match (an absent line is a failure, not a skip).
grep -E "^[0-9a-f]{64}  ${ARCHIVE}\$" "$CHECKSUMS" > archive.sha256
test "$(wc -l < archive.sha256)" -eq 1
sha256sum --check --strict archive.sha256

mkdir -p "$DEST"
tar -xzf "$ARCHIVE" -C "$DEST" --strip-components=1
"$DEST/pulumi" version | grep -qx "v${PULUMI_VERSION}"
# Azure Pipelines logging command: later steps of this job find `pulumi` first on PATH
# (https://learn.microsoft.com/en-us/azure/devops/pipelines/scripts/logging-commands#prependpath-prepend-a-path-to-the--path-environment-variable).
echo "##vso[task.prependpath]${DEST}"
