# syntax=docker/dockerfile:1
# Archipel production image: built with the Maven wrapper on a JDK, run on a JRE as a non-root user.
# Needs an external PostgreSQL (see docker-compose.yml): the embedded database is for development only.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN chmod +x mvnw
COPY src/ src/
# The tests run in CI (.ci/run); the image build only packages.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -DskipTests package \
    && cp target/archipel-*.jar /archipel.jar \
    && mkdir /layers && cd /layers && java -Djarmode=tools -jar /archipel.jar extract --layers --launcher

FROM eclipse-temurin:17-jre
RUN groupadd --system archipel \
    && useradd --system --gid archipel --home-dir /app --no-create-home --shell /usr/sbin/nologin archipel
WORKDIR /app
# dependencies first: they change less often than the application, so the layers cache well
COPY --from=build /layers/archipel/dependencies/ ./
COPY --from=build /layers/archipel/spring-boot-loader/ ./
COPY --from=build /layers/archipel/snapshot-dependencies/ ./
COPY --from=build /layers/archipel/application/ ./
USER archipel:archipel
ENV ARCHIPEL_EMBEDDED_DATABASE_ENABLED=false \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# bash's /dev/tcp: no curl or wget needed in the image
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
