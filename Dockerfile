# Multi-stage build of the console API. The runtime image is a JRE, runs as a non-root user and
# starts from Spring Boot's extracted layers (dependencies change less often than our classes).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q -DskipTests package \
    && java -Djarmode=tools -jar target/gahorouter-console-*.jar extract --layers --launcher --destination /app

FROM eclipse-temurin:17-jre
RUN groupadd --system gahorouter && useradd --system --gid gahorouter --home-dir /app gahorouter
WORKDIR /app
COPY --from=build /app/dependencies/ ./
COPY --from=build /app/spring-boot-loader/ ./
COPY --from=build /app/snapshot-dependencies/ ./
COPY --from=build /app/application/ ./
USER gahorouter
EXPOSE 8080
# Production points spring.r2dbc.url at a real PostgreSQL; the embedded one is for bare machines only.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
