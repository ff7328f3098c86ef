#!/usr/bin/env bash
# The GitHub Action's step (action.yml): install hplint, then run
# `hplint check --output-format github` with the `args` input.
#
# Environment (set by the runner and action.yml):
#   GITHUB_ACTION_PATH        the action's checkout: hplint's repository at the ref used
#   GITHUB_ACTION_REPOSITORY  owner/name of the action (for `version`), default hplint/hplint
#   GITHUB_SERVER_URL         default https://github.com
#   INPUT_ARGS                arguments after `check --output-format github`, split on
#                             whitespace (no quoting; globs are not expanded); default "."
#   INPUT_VERSION             a release to install instead (X.Y.Z or vX.Y.Z: tag vX.Y.Z)
#   HPLINT_ACTION_PYTHON      the interpreter to install into, default python3
# The exit status is hplint's: 1 when there are findings, 2 on errors.
set -euo pipefail

python="${HPLINT_ACTION_PYTHON:-python3}"
version="${INPUT_VERSION:-}"
if [[ -n "$version" ]]; then
    if [[ ! "$version" =~ ^v?[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
        echo "hplint action: error: version must look like 0.1.0 (the tag v0.1.0), not '$version'" >&2
        exit 2
    fi
    server="${GITHUB_SERVER_URL:-https://github.com}"
    repository="${GITHUB_ACTION_REPOSITORY:-hplint/hplint}"
    source="git+${server}/${repository}@v${version#v}"
else
    source="${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set (the runner sets it)}"
fi

echo "Installing hplint from ${source}" >&2
"$python" -m pip install --quiet --disable-pip-version-check "$source"

set -f  # split the arguments on whitespace, without expanding globs
# shellcheck disable=SC2206
args=(${INPUT_ARGS:-.})
set +f
exec "$python" -m hplint check --output-format github "${args[@]}"
