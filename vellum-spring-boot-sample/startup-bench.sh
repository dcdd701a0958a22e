#!/usr/bin/env bash
# How much the Vellum starter adds to a Boot application's startup (issue 15; results in
# vellum-bench/README.md). Each run is a fresh JVM that starts an application, answers one
# /actuator/health request and prints the JVM's uptime at that moment:
#   plain          a Boot app (Spring MVC, actuator, JDBC starter; one controller), no Vellum jar on the class path
#   plain+starter  the same app with the starter (and vellum-server) on the class path, no Vellum bean:
#                  nothing of Vellum's is opened or started (decision record 42)
#   starter-alone  the plain app with only the starter and what it depends on added (no vellum-server, whose
#                  Prometheus registry Boot then starts, and not the sample's application.properties, which
#                  the two variants above read from target/classes): what the starter itself costs
#   sample         the order sample: the starter with a command handler, a projection and a reactor
# Usage (it compiles what it needs first):
#   vellum-spring-boot-sample/startup-bench.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
./mvnw -q -B -ntp -o -pl vellum-spring-boot-sample -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
  -Dmdep.outputFile=target/startup.classpath -Dmdep.includeScope=test >/dev/null
cd vellum-spring-boot-sample
full="target/test-classes:target/classes:$(cat target/startup.classpath)"
# without the starter: no vellum jar or module, nor what only Vellum brings (drivers, Javalin, Jetty, picocli)
plain="target/test-classes:$(tr ':' '\n' < target/startup.classpath \
  | grep -v -E '/vellum-[a-z-]+/|/dev/vellum/|sqlite-jdbc|/org/postgresql/|/io/javalin/|/org/eclipse/jetty/|picocli|embedded-postgres|prometheus' \
  | paste -sd:)"
alone="$plain:$(tr ':' '\n' < target/startup.classpath \
  | grep -E '/vellum-(spring-boot-starter|spring-boot-autoconfigure|core|jdbc|sqlite|postgres|metrics)/|sqlite-jdbc|/org/postgresql/' \
  | paste -sd:)"
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
common=(--server.port=0 --spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration
        --logging.level.root=WARN --spring.main.banner-mode=off)
for i in $(seq 1 "$runs"); do
  for variant in plain plain+starter starter-alone sample; do
    dir=$(mktemp -d)
    case $variant in
      plain) cp="$plain"; app=plain ;;
      plain+starter) cp="$full"; app=plain ;;
      starter-alone) cp="$alone"; app=plain ;;
      sample) cp="$full"; app=sample ;;
    esac
    line=$("$java" -cp "$cp" dev.vellum.spring.sample.startup.StartupProbe "$app" "${common[@]}" \
      --vellum.sqlite.path="$dir/vellum.db" 2>/dev/null | grep '^STARTUP')
    # files: what the run left in its store directory (the SQLite files, when the starter opened them)
    echo "run $i $variant ${line#STARTUP * } files=$(find "$dir" -type f | wc -l) load=$(cut -d' ' -f1 /proc/loadavg)"
    rm -rf "$dir"
  done
done
