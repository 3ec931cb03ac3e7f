package io.archipel.delivery.smtp;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import io.archipel.delivery.SendingSettings;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

/**
 * "Test the connection" of the HQ page: connect to the relay, EHLO, STARTTLS or TLS as configured, authenticate, QUIT
 * (no mail is sent), and say in plain terms what went wrong.
 */
public final class RelayProbe {

    /** What went wrong, in the terms the page explains. */
    public enum Problem {
        UNKNOWN_HOST, UNREACHABLE, TIMEOUT, TLS, AUTHENTICATION, OTHER
    }

    /** {@code problem} null: the relay accepted the connection (and the credentials). */
    public record Result(Problem problem, String detail) {
        public boolean ok() {
            return problem == null;
        }
    }

    private RelayProbe() {
    }

    public static Result probe(SendingSettings.Relay relay) {
        SmtpEndpoint endpoint = SmtpEndpoint.of(relay);
        Session session = endpoint.session(8000, 12000);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(endpoint.host(), endpoint.port(), endpoint.authenticates() ? endpoint.username() : null,
                    endpoint.authenticates() ? endpoint.password() : null);
            return new Result(null, null);
        } catch (AuthenticationFailedException e) {
            return new Result(Problem.AUTHENTICATION, PooledSmtpTransport.message(e));
        } catch (MessagingException e) {
            return new Result(classify(e), PooledSmtpTransport.message(e));
        }
    }

    private static Problem classify(MessagingException e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException m && m.getNextException() != null
                ? m.getNextException() : t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnknownHostException) {
                return Problem.UNKNOWN_HOST;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return Problem.UNREACHABLE;
            }
            if (t instanceof SocketTimeoutException) {
                return Problem.TIMEOUT;
            }
            if (t instanceof SSLException) {
                return Problem.TLS;
            }
        }
        String text = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (text.contains("starttls") || text.contains("ssl") || text.contains("tls")) {
            return Problem.TLS;
        }
        if (text.contains("couldn't connect") || text.contains("connection refused")) {
            return Problem.UNREACHABLE;
        }
        return Problem.OTHER;
    }
}
