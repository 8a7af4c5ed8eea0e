#!/usr/bin/env bash
# Installs what the benchmark runs beside the product, on Debian or Ubuntu (as root, or with sudo):
#   wrk              the HTTP load test
#   a JDK            the Lucene peers (java, javac)
#   liblucene8-java  the Lucene 8 jars (/usr/share/java), SmartChineseAnalyzer and CJKAnalyzer
# The benchmark itself never installs anything: it says what is missing and skips that part.
# CI can run this script before `cargo run --release -p dangjian-bench`.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
fi

want=()
command -v wrk >/dev/null 2>&1 || want+=(wrk)
command -v javac >/dev/null 2>&1 || want+=(default-jdk-headless)
ls /usr/share/java/lucene-analyzers-smartcn*.jar >/dev/null 2>&1 || want+=(liblucene8-java)

if [ ${#want[@]} -eq 0 ]; then
    echo "bench/install.sh: wrk, a JDK and the Lucene jars are already installed"
    exit 0
fi
echo "bench/install.sh: installing ${want[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${want[@]}"
