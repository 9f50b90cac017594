# syntax=docker/dockerfile:1
# netseg operator image, built with a Docker daemon:
#   docker build -t ghcr.io/netseg/netseg-operator:0.1.0 .
# Without a daemon, `./mvnw -B -Pimage -DskipTests package` (jib) builds the same image from the
# same JRE base into target/jib-image.tar.

# --- build: the shaded jar, with the project's own Maven wrapper on a JDK 17 ----------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
# The cache mount keeps ~/.m2 between builds without putting it in a layer. Tests run in CI,
# not here.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && cp target/netseg.jar /netseg.jar

# --- runtime: a small JRE 17, non-root ---------------------------------------------------------
FROM eclipse-temurin:17-jre
# A fixed numeric UID/GID (the chart's runAsUser) so that runAsNonRoot can verify it.
RUN groupadd --system --gid 65532 netseg \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin netseg
COPY --from=build --chown=0:0 --chmod=0444 /netseg.jar /app/netseg.jar
USER 65532:65532
# Heap from the container's memory limit; the chart sets the same through JAVA_TOOL_OPTIONS.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
LABEL org.opencontainers.image.title="netseg" \
      org.opencontainers.image.source="https://github.com/netseg/netseg" \
      org.opencontainers.image.licenses="Apache-2.0"
ENTRYPOINT ["java", "-jar", "/app/netseg.jar"]
CMD ["operator"]
