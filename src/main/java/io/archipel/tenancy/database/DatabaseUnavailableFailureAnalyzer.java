package io.archipel.tenancy.database;

import java.net.ConnectException;
import java.sql.SQLException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns "database down / wrong credentials" at start-up into one clear message instead of a wall of stack traces.
 */
public class DatabaseUnavailableFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException
                    || (t instanceof SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("28P01")
                                    || sql.getSQLState().equals("3D000")))) {
                return new FailureAnalysis(
                        "Archipel cannot reach its PostgreSQL database: " + t.getMessage(),
                        "Check that PostgreSQL is running and that SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME/"
                                + "PASSWORD and SPRING_FLYWAY_USER/PASSWORD are right, or unset SPRING_DATASOURCE_URL "
                                + "to use the embedded database.",
                        failure);
            }
        }
        return null;
    }
}
