package io.archipel.tenancy.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;

/**
 * Turns "database down / wrong credentials / no such database" at start-up into one clear message instead of a wall
 * of stack traces. Together with the logging levels under "start-up diagnostics" in application.properties, the
 * console then shows Boot's "APPLICATION FAILED TO START" report and nothing else at WARN or above.
 */
public class DatabaseUnavailableFailureAnalyzer implements FailureAnalyzer {

    private final Environment environment;

    /** Boot instantiates failure analyzers itself and passes the application's environment. */
    public DatabaseUnavailableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        String problem = null;
        Throwable reported = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            String found = problem(t);
            if (found != null) {
                // the driver's SQLException has the readable message; a network cause names the problem best
                if (reported == null || t instanceof SQLException) {
                    reported = reported instanceof SQLException ? reported : t;
                }
                if (problem == null || !(t instanceof SQLException)) {
                    problem = found;
                }
            }
        }
        if (problem == null) {
            return null;
        }
        return new FailureAnalysis(
                "Archipel cannot reach its PostgreSQL database" + where() + ": " + problem + ".\n\n    "
                        + firstLine(reported.getMessage()),
                "Check that PostgreSQL is running and reachable, and that SPRING_DATASOURCE_URL, "
                        + "SPRING_DATASOURCE_USERNAME/PASSWORD (the application role) and "
                        + "SPRING_FLYWAY_USER/PASSWORD (the owner role) are right. To use the embedded database "
                        + "instead, unset SPRING_DATASOURCE_URL.",
                failure);
    }

    private static String problem(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "unknown host";
        }
        if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
            return "connection refused";
        }
        if (t instanceof SocketTimeoutException) {
            return "connection timed out";
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            if (state.startsWith("08")) {
                return "connection failed";
            }
            if (state.equals("28P01") || state.equals("28000")) {
                return "login refused (wrong user name or password)";
            }
            if (state.equals("3D000")) {
                return "the database does not exist";
            }
        }
        return null;
    }

    /** The configured URL without its query string (which could carry a password). */
    private String where() {
        String url = environment == null ? null : environment.getProperty("spring.datasource.url");
        if (url == null || url.isBlank()) {
            return "";
        }
        int query = url.indexOf('?');
        return " at " + (query < 0 ? url : url.substring(0, query));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
    }
}
