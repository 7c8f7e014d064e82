#!/usr/bin/env bash
# Fetches the Apache Kafka broker (KRaft), its admin tools and their runtime
# dependencies from Maven Central with Maven, checksums enforced, into one
# directory of jars: $PL_KAFKA_HOME (default <repo>/var/kafka/dist).
# The version is pinned in deploy/kafka/pom.xml.
# Idempotent: when the jars for this exact pom.xml are present it does nothing.
# Env: PL_KAFKA_HOME   where the jars go
#      PL_MAVEN_ARGS   extra arguments for mvn (e.g. -s settings.xml, -o)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
home=${PL_KAFKA_HOME:-$root/var/kafka/dist}
pom="$here/pom.xml"
version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom")
[ -n "$version" ] || { echo "fetch: no <kafka.version> in $pom" >&2; exit 1; }

# The stamp names the pom it was made from, so editing the pom refetches.
stamp="$home/.fetched"
want="kafka $version pom-sha256 $(sha256sum "$pom" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] \
    && [ -f "$home/kafka_2.13-$version.jar" ]; then
  echo "fetch: Kafka $version already in $home"
  exit 0
fi

command -v mvn >/dev/null || { echo "fetch: mvn not found (apt-get install maven)" >&2; exit 1; }
command -v java >/dev/null || { echo "fetch: java not found (OpenJDK 17)" >&2; exit 1; }

echo "fetch: resolving Kafka $version from Maven Central into $home"
start=$(date +%s)
mkdir -p "$(dirname "$home")"
# Build the new directory beside the old one and swap, so an interrupted
# fetch never leaves a half-filled dist behind a valid stamp.
tmp="$home.tmp.$$"
rm -rf "$tmp"
trap 'rm -rf "$tmp"' EXIT
# -C: fail on a checksum mismatch instead of warning. -B: no progress output.
# The sed drops the bare colour resets Debian's Maven 3.8 prints even with -q
# (pipefail keeps mvn's exit status).
# shellcheck disable=SC2086
mvn -q -B -C -f "$pom" ${PL_MAVEN_ARGS:-} \
  dependency:copy-dependencies \
  -DincludeScope=runtime \
  -DoutputDirectory="$tmp" \
  | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
[ -f "$tmp/kafka_2.13-$version.jar" ] || { echo "fetch: kafka_2.13-$version.jar missing after mvn" >&2; exit 1; }
(cd "$tmp" && sha256sum ./*.jar >SHA256SUMS)
echo "$want" >"$tmp/.fetched"
rm -rf "$home"
mv "$tmp" "$home"
trap - EXIT
echo "fetch: $(find "$home" -name '*.jar' | wc -l) jars, $(du -sh "$home" | cut -f1), $(( $(date +%s) - start ))s"
