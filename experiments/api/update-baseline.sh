#!/usr/bin/env bash
# Makes platform-api's current classes the API baseline that `mvn verify` checks compatibility against
# (japicmp, see platform-api/pom.xml). Run it when a release is cut, on the release's commit, with the
# release's version; commit the new jar and the pom change together:
#   experiments/api/update-baseline.sh 0.7
# Between releases the baseline stays the last release's: an incompatible change to an EXPERIMENTAL
# element is allowed by an <exclude> in platform-api/pom.xml instead (README, "API compatibility"),
# which this script's next run makes unnecessary; remove it then.
set -euo pipefail
cd "$(dirname "$0")/../.."

version="${1:-}"
if [[ ! "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]]; then
  echo "usage: $0 VERSION   (the release whose API becomes the baseline, e.g. 0.7; found '${version}')" >&2
  exit 2
fi

dir=platform-api/api-baseline
pom=platform-api/pom.xml
# Clean, then compile only: no stale class of a deleted source may enter the baseline.
mvn -q -B -ntp -Dstyle.color=never -pl platform-api clean compile
mkdir -p "$dir"
rm -f "$dir"/platform-api-*.jar
# A fixed date and no manifest: the same classes give the same bytes, so an unchanged API gives no diff.
jar --create --no-manifest --date=2020-01-01T00:00:00Z --file "$dir/platform-api-$version.jar" \
  -C platform-api/target/classes io
sed -i -E "s|<api.baseline.version>[^<]*</api.baseline.version>|<api.baseline.version>$version</api.baseline.version>|" "$pom"
echo "baseline: $dir/platform-api-$version.jar ($(jar --list --file "$dir/platform-api-$version.jar" | grep -c '\.class$') classes); commit it (git add -A $dir) with $pom"
