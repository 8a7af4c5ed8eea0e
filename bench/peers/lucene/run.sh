#!/usr/bin/env bash
# Lucene peer: run.sh <articles.jsonl> <queries.tsv> <index_dir> <out.json> <smartcn|cjk> <timed>
# Builds LuceneBench.java against the Lucene 8 jars under /usr/share/java (Debian's liblucene8-java)
# and runs it. Installs nothing: when Java or the jars are missing it says what is missing and exits 3;
# bench/install.sh installs them.
set -euo pipefail

if [ $# -ne 6 ]; then
    echo "usage: $0 <articles.jsonl> <queries.tsv> <index_dir> <out.json> <smartcn|cjk> <timed>" >&2
    exit 2
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/LuceneBench.java"
BUILD="$HERE/build"
JARDIR=${LUCENE_JARS:-/usr/share/java}
# Only the modules the peer needs (the full glob would drag in test-framework, icu, opennlp, ... whose
# own dependencies are not installed).
MODULES="core analyzers-common analyzers-smartcn queryparser highlighter memory queries"

if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    echo "missing: a JDK (java and javac); run bench/install.sh" >&2
    exit 3
fi

find_jar() {  # prints the first lucene-<module>[-version].jar under $JARDIR, or nothing
    local m="$1" j
    for j in "$JARDIR"/lucene-"$m".jar "$JARDIR"/lucene-"$m"-[0-9]*.jar; do
        [ -f "$j" ] && { echo "$j"; return 0; }
    done
    return 0
}

CP=""
for m in $MODULES; do
    j="$(find_jar "$m")"
    if [ -z "$j" ]; then
        echo "missing: lucene-$m.jar under $JARDIR (liblucene8-java); run bench/install.sh" >&2
        exit 3
    fi
    CP="${CP:+$CP:}$j"
done

if [ ! -f "$BUILD/LuceneBench.class" ] || [ "$SRC" -nt "$BUILD/LuceneBench.class" ]; then
    mkdir -p "$BUILD"
    javac -encoding UTF-8 -nowarn -cp "$CP" -d "$BUILD" "$SRC"
fi

echo "lucene peer classpath: $CP" >&2
# LUCENE_PEER_JAVA_OPTS e.g. "-Dlucene.peer.stockOr=true" (unpatched OR parsing) or "-Dlucene.peer.debug=true".
exec java -Xmx2g -Dfile.encoding=UTF-8 ${LUCENE_PEER_JAVA_OPTS:-} -cp "$CP:$BUILD" LuceneBench "$@"
