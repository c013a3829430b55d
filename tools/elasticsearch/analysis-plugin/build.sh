#!/usr/bin/env bash
# Builds the test-only analysis plugin and prints the folder to copy into $ES_HOME/plugins/.
# Idempotent: re-running just rebuilds target/. Needs JDK 17+ and Maven (Maven Central only).
#   --zip   print the installable zip instead (for `bin/elasticsearch-plugin install file:///...`)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mvn -q -B -Dstyle.color=never -f "$here/pom.xml" package >&2
if [[ "${1:-}" == "--zip" ]]; then
  echo "$here/target/test-analysis-common-8.19.21.zip"
else
  echo "$here/target/plugin/test-analysis-common"
fi
