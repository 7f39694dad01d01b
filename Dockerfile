# Multi-stage build of the console API. The runtime image is a JRE, runs as a non-root numeric user and starts
# from Spring Boot's extracted layers (dependencies change less often than our classes).
#
# Base images are pinned to a full Temurin version; pin the digest too in your registry's mirror
# (docker buildx imagetools inspect eclipse-temurin:<tag>) and bump both together.
ARG TEMURIN_VERSION=17.0.19_10
FROM eclipse-temurin:${TEMURIN_VERSION}-jdk-noble AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
# The embedded-db profile (zonky's PostgreSQL binaries, ~79 MiB) is off: production uses spring.r2dbc.url.
RUN ./mvnw -B -q -P '!embedded-db' dependency:go-offline
COPY src src
RUN ./mvnw -B -q -P '!embedded-db' -DskipTests package \
    && java -Djarmode=tools -jar target/gahorouter-console-*.jar extract --layers --launcher --destination /app

FROM eclipse-temurin:${TEMURIN_VERSION}-jre-noble
# A numeric user, so that Kubernetes' runAsNonRoot can verify it (k8s/deployment.yaml runs as 10001 too).
RUN groupadd --system --gid 10001 gahorouter \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home gahorouter
WORKDIR /app
COPY --from=build /app/dependencies/ ./
COPY --from=build /app/spring-boot-loader/ ./
COPY --from=build /app/snapshot-dependencies/ ./
COPY --from=build /app/application/ ./
USER 10001:10001
# 8080: API, console, /docs, /livez, /readyz. 8081: the actuator (management port, never public).
EXPOSE 8080 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
