#!/usr/bin/env bash
# Start renkei's SolrCloud test harness: builds it if needed (offline first), then runs
#   java ... renkei.SolrHarness CONFIGSET_DIR COLLECTION [NODES] [SHARDS] [REPLICAS]
# JSON protocol on stdout, logs on stderr; exits on stdin EOF / "quit" / SIGTERM.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -s "$here/target/classpath.txt" ] || [ ! -s "$here/target/solr-harness-0.1.jar" ] \
   || [ -n "$(find "$here/src" "$here/pom.xml" -newer "$here/target/solr-harness-0.1.jar" -print -quit)" ]; then
  (cd "$here" && { mvn -B -q -o package >&2 || mvn -B -q package >&2; })
fi
exec java ${RENKEI_SOLR_JAVA_OPTS:--Xms256m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.net.preferIPv4Stack=true} \
  -cp "$here/target/solr-harness-0.1.jar:$(cat "$here/target/classpath.txt")" renkei.SolrHarness "$@"
