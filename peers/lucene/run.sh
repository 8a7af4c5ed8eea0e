#!/usr/bin/env bash
# Lucene peer: run.sh <articles.jsonl> <queries.tsv> <index_dir> <out.json>
# Builds LuceneBench.java against Debian's liblucene8-java jars and runs it. Exits 0 with a
# "skipped" message when Java or the Lucene jars cannot be had.
set -euo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 <articles.jsonl> <queries.tsv> <index_dir> <out.json>" >&2
    exit 2
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="$HERE/LuceneBench.java"
BUILD="$HERE/build"
JARDIR=/usr/share/java
# Only the modules the peer needs (the full glob would drag in test-framework, icu, opennlp, ... whose
# own dependencies are not installed).
MODULES="core analyzers-common analyzers-smartcn queryparser highlighter memory queries"

if ! command -v java >/dev/null 2>&1 || ! command -v javac >/dev/null 2>&1; then
    echo "lucene peer skipped: java not found"
    exit 0
fi

find_jar() {  # prints the first lucene-<module>[-version].jar under $JARDIR, or nothing
    local m="$1" j
    for j in "$JARDIR"/lucene-"$m".jar "$JARDIR"/lucene-"$m"-[0-9]*.jar; do
        [ -f "$j" ] && { echo "$j"; return 0; }
    done
    return 0
}

build_cp() {
    CP=""
    local m j
    for m in $MODULES; do
        j="$(find_jar "$m")"
        [ -n "$j" ] || return 1
        CP="${CP:+$CP:}$j"
    done
}

if ! build_cp; then
    echo "lucene peer: jars missing under $JARDIR, installing liblucene8-java" >&2
    if ! apt-get update >&2; then
        echo "lucene peer skipped: apt-get update failed"
        exit 0
    fi
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y liblucene8-java >&2 || ! build_cp; then
        echo "lucene peer skipped: could not install liblucene8-java"
        exit 0
    fi
fi

if [ ! -f "$BUILD/LuceneBench.class" ] || [ "$SRC" -nt "$BUILD/LuceneBench.class" ]; then
    mkdir -p "$BUILD"
    javac -encoding UTF-8 -nowarn -cp "$CP" -d "$BUILD" "$SRC"
fi

echo "lucene peer classpath: $CP" >&2
# LUCENE_PEER_JAVA_OPTS e.g. "-Dlucene.peer.stockOr=true" (unpatched OR parsing) or "-Dlucene.peer.debug=true".
exec java -Xmx2g -Dfile.encoding=UTF-8 ${LUCENE_PEER_JAVA_OPTS:-} -cp "$CP:$BUILD" LuceneBench "$1" "$2" "$3" "$4"
