#!/usr/bin/env bash
# Runs the whole CvmSdk test suite: installs the reference tools the differential tests need (when it can),
# builds everything in Release and runs every test project. Extra arguments go to `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

bash eng/install-reference-tools.sh

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test CvmSdk.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
awk '
  /(Passed|Failed)! *- *Failed:/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") failed += $(i+1)
      if ($i == "Passed:") passed += $(i+1)
      if ($i == "Skipped:") skipped += $(i+1)
    }
  }
  END { printf "Tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }
' "$log"
exit "$status"
