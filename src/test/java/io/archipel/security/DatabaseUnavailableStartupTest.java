package io.archipel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.archipel.ArchipelApplication;
import io.archipel.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

/**
 * Starting Archipel against a PostgreSQL that does not answer prints one clear report (Boot's failure analysis with
 * our words), not a wall of stack traces.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseUnavailableStartupTest {

    @Test
    void anUnreachableDatabaseGivesOneClearErrorAndNoStackTraceWall(CapturedOutput output) {
        SpringApplication app = new SpringApplication(ArchipelApplication.class);
        // the test-only listener would point the datasource at the test database: this run must use the bad URL
        List<ApplicationListener<?>> listeners = new ArrayList<>(app.getListeners());
        listeners.removeIf(TestDatabase.class::isInstance);
        app.setListeners(listeners);
        app.setRegisterShutdownHook(false);

        assertThatThrownBy(() -> app.run(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/archipel?password=query-secret",
                "--spring.datasource.username=archipel_app", "--spring.datasource.password=secret",
                "--spring.flyway.user=archipel_owner", "--spring.flyway.password=secret",
                "--archipel.demo-data.enabled=false", "--server.port=0"))
                .isInstanceOf(Exception.class);

        String console = output.getAll();
        assertThat(console).contains("APPLICATION FAILED TO START",
                "Archipel cannot reach its PostgreSQL database at jdbc:postgresql://127.0.0.1:1/archipel",
                "connection refused", "SPRING_DATASOURCE_URL");
        assertThat(console).doesNotContain("Caused by", "\tat ", "Exception encountered during context initialization",
                "Application run failed", "query-secret");
        // this start-up runs on the test's thread ("main"); other threads belong to cached test contexts
        assertThat(console.lines().filter(line -> line.matches(".*\\s(ERROR|WARN)\\s.*\\[\\s*main\\].*")))
                .as("log lines at WARN or ERROR").hasSize(1);
    }
}
