# syntax=docker/dockerfile:1
# OpenLines image: built with the Maven wrapper on JDK 21, runs on a JRE 21 as a non-root user.
#
#   docker build -t openlines .
#   docker run -p 8080:8080 -v openlines-data:/data openlines      # embedded engine and store (evaluation)
#
#   docker build --build-arg MAVEN_PROFILES=external -t openlines .  # production: no embedded runtime inside
#   docker run -p 8080:8080 -e SPRING_PROFILES_ACTIVE=external \
#     -e SPRING_DATA_MONGODB_URI=... -e CAMUNDA_CLIENT_GRPC_ADDRESS=... openlines
#
# Built without MAVEN_PROFILES, the image carries the embedded runtime, whose Zeebe engine is under the
# Camunda License 1.0 (non-production use only): see docs/deployment.md. MAVEN_PROFILES=external builds
# the jar without it (docs/embedded-engine.md); that image runs only against an external cluster.

FROM eclipse-temurin:21-jdk AS build
# Maven profiles for the build: `external` leaves the embedded engine and store out of the jar.
ARG MAVEN_PROFILES=
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline -Dbpmnlint.skip=true ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} || true
COPY src src
COPY bpmn bpmn
COPY dmn dmn
# The BPMN lint and the test suite run in CI (`./mvnw verify`); the image only packages.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests -Dbpmnlint.skip=true ${MAVEN_PROFILES:+-P$MAVEN_PROFILES}

# Spring Boot's layers: dependencies change rarely, the application often, so rebuilds reuse the big layers.
FROM eclipse-temurin:21-jre AS layers
WORKDIR /layers
COPY --from=build /src/target/openlines-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home openlines \
 && mkdir -p /data && chown openlines /data
WORKDIR /app
COPY --from=layers /layers/extracted/dependencies/ ./
COPY --from=layers /layers/extracted/spring-boot-loader/ ./
COPY --from=layers /layers/extracted/snapshot-dependencies/ ./
COPY --from=layers /layers/extracted/application/ ./
# The embedded store and engine state live in the volume, which the non-root user owns.
# MALLOC_ARENA_MAX=2: glibc gives busy threads their own 64 MB malloc arenas (RocksDB, Netty, ~180 threads);
# with two, one run at 25 new conversations/s peaked at 948 MB RSS against 1,014-1,115 MB without (-Xmx1g);
# bench/RESULTS.md, fifth sitting, has the runs that showed no difference too.
ENV OPENLINES_EMBEDDED_STORE_PATH=/data/store.mv.db \
    OPENLINES_EMBEDDED_ENGINE_STATE_DIR=/data/engine \
    MALLOC_ARENA_MAX=2 \
    JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75
VOLUME /data
USER openlines
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=6 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" >&3 && head -n 1 <&3 | grep -q " 200"'
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
