# syntax=docker/dockerfile:1
# Build stage: compile and package the jar with the Maven wrapper.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q package -DskipTests

# Run stage: a JRE, a non-root user, settings mounted at /app/config, data (H2, roster files) at /app/data.
FROM eclipse-temurin:17-jre
RUN groupadd --system rostersync && useradd --system --gid rostersync --home-dir /app rostersync
WORKDIR /app
COPY --from=build /src/target/roster-sync.jar /app/roster-sync.jar
RUN mkdir -p /app/config /app/data && chown -R rostersync:rostersync /app
USER rostersync
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/roster-sync.jar"]
