package io.archipel.tenancy.database;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * When no {@code spring.datasource.url} is configured, starts a real PostgreSQL server from the embedded binaries,
 * keeps its data under {@code archipel.embedded-database.data-dir}, creates the owner and application roles and points
 * the datasource (application role) and Flyway (owner) at it. Runs before the context exists so that Boot's own
 * datasource and Flyway auto-configuration work unchanged. One server per JVM and data directory.
 */
public class EmbeddedDatabaseStarter implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Log log = LogFactory.getLog(EmbeddedDatabaseStarter.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new HashMap<>();
    static final String OWNER_PASSWORD = "archipel_owner";
    static final String APP_PASSWORD = "archipel_app";

    @Override
    public int getOrder() {
        // after the config files are read, before anything uses the datasource
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        boolean enabled = env.getProperty("archipel.embedded-database.enabled", Boolean.class, true);
        if (!enabled || StringUtils.hasText(env.getProperty("spring.datasource.url"))) {
            return;
        }
        Path dataDir = Path.of(env.getProperty("archipel.embedded-database.data-dir", "./data/postgres"))
                .toAbsolutePath().normalize();
        int port = env.getProperty("archipel.embedded-database.port", Integer.class, 5433);
        EmbeddedPostgres postgres = start(dataDir, port);
        String superuserUrl = postgres.getJdbcUrl("postgres", "postgres");
        DatabaseRoles.ensure(superuserUrl, "postgres", "postgres", OWNER_PASSWORD, APP_PASSWORD);

        Map<String, Object> props = new HashMap<>();
        // zonky appends ?user=…; the datasource and Flyway get their own users
        String url = postgres.getJdbcUrl("postgres", DatabaseRoles.DATABASE).replaceFirst("\\?.*$", "");
        props.put("spring.datasource.url", url);
        props.put("spring.datasource.username", DatabaseRoles.APP);
        props.put("spring.datasource.password", APP_PASSWORD);
        props.put("spring.flyway.user", DatabaseRoles.OWNER);
        props.put("spring.flyway.password", OWNER_PASSWORD);
        props.put("archipel.embedded-database.active", "true");
        env.getPropertySources().addFirst(new MapPropertySource("archipelEmbeddedDatabase", props));
        log.info("Embedded PostgreSQL ready at " + url + " (data in " + dataDir + ")");
    }

    private static synchronized EmbeddedPostgres start(Path dataDir, int port) {
        return RUNNING.computeIfAbsent(dataDir, dir -> {
            try {
                Files.createDirectories(dir);
                stopOrphanedServer(dir);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dir.toFile())
                        .setCleanDataDirectory(false)
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("max_connections", "100")
                        // as in docker-compose.yml: data in memory / on SSD, index reads are cheap
                        .setServerConfig("random_page_cost", "1.1");
                if (port > 0) {
                    builder.setPort(port);
                }
                return builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dir + ": "
                        + e.getMessage(), e);
            }
        });
    }

    /** A JVM killed without its shutdown hook leaves postgres running on our data directory: stop it first. */
    private static void stopOrphanedServer(Path dir) throws IOException {
        File pidFile = dir.resolve("postmaster.pid").toFile();
        if (!pidFile.exists()) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile.toPath()).stream().findFirst().orElse("").trim();
        Optional<ProcessHandle> process = firstLine.matches("\\d+")
                ? ProcessHandle.of(Long.parseLong(firstLine)) : Optional.empty();
        if (process.isPresent() && process.get().isAlive()) {
            log.warn("Stopping a PostgreSQL server left running on " + dir + " (pid " + firstLine + ")");
            process.get().destroy();
            try {
                process.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                process.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(pidFile.toPath());
    }
}
