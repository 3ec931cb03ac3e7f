package io.archipel.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.archipel.tenancy.database.DatabaseRoles;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives every test a real PostgreSQL, once per JVM. The switch is {@code -Darchipel.test.database=} (or the
 * environment variable {@code ARCHIPEL_TEST_DATABASE}):
 * <ul>
 * <li>{@code auto} (default): Testcontainers when a Docker engine answers, otherwise the embedded server;</li>
 * <li>{@code testcontainers}: always a PostgreSQL container;</li>
 * <li>{@code embedded}: always the embedded server (the app's own, with a fresh data directory under target/).</li>
 * </ul>
 * Either way the app connects as the RLS-bound application role and Flyway migrates as the owner, as in production.
 */
public class TestDatabase implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final String IMAGE = "postgres:17-alpine";
    private static PostgreSQLContainer container;
    private static boolean embeddedDirCleaned;

    @Override
    public int getOrder() {
        // before the app's EmbeddedDatabaseStarter
        return Ordered.LOWEST_PRECEDENCE - 20;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment env = event.getEnvironment();
        Map<String, Object> props = new HashMap<>();
        props.put("archipel.demo-data.enabled", "true");
        if (useTestcontainers()) {
            PostgreSQLContainer pg = container();
            props.put("spring.datasource.url", pg.getJdbcUrl().replace("/" + pg.getDatabaseName(), "/" + DatabaseRoles.DATABASE));
            props.put("spring.datasource.username", DatabaseRoles.APP);
            props.put("spring.datasource.password", "app");
            props.put("spring.flyway.user", DatabaseRoles.OWNER);
            props.put("spring.flyway.password", "owner");
        } else {
            Path dir = Path.of("target", "test-postgres").toAbsolutePath();
            cleanOnce(dir);
            props.put("archipel.embedded-database.data-dir", dir.toString());
            props.put("archipel.embedded-database.port", "0");
        }
        env.getPropertySources().addFirst(new MapPropertySource("archipelTestDatabase", props));
    }

    static boolean useTestcontainers() {
        String mode = System.getProperty("archipel.test.database",
                System.getenv().getOrDefault("ARCHIPEL_TEST_DATABASE", "auto")).toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "testcontainers" -> true;
            case "embedded" -> false;
            default -> dockerAvailable();
        };
    }

    private static Boolean dockerAvailable;

    private static synchronized boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable e) {
                dockerAvailable = false;
            }
            System.out.println("[TestDatabase] " + (dockerAvailable
                    ? "Docker engine found: tests use a PostgreSQL container (Testcontainers)"
                    : "No Docker engine: tests use the embedded PostgreSQL server"));
        }
        return dockerAvailable;
    }

    private static synchronized PostgreSQLContainer container() {
        if (container == null) {
            container = new PostgreSQLContainer(IMAGE);
            container.start();
            DatabaseRoles.ensure(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "owner", "app");
        }
        return container;
    }

    private static synchronized void cleanOnce(Path dir) {
        if (embeddedDirCleaned) {
            return;
        }
        embeddedDirCleaned = true;
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new IllegalStateException("Cannot clean " + dir, e);
            }
        }
    }
}
