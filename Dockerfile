# syntax=docker/dockerfile:1
# OpenLines image: built with Maven on JDK 21, runs on a JRE 21.

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
COPY src src
COPY bpmn bpmn
COPY dmn dmn
# The BPMN lint and the test suite run in CI (`mvn verify`); the image only packages.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q package -DskipTests

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home openlines
WORKDIR /app
COPY --from=build /src/target/openlines-*.jar app.jar
USER openlines
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
