package io.archipel.delivery.smtp;

import java.util.Properties;

import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.SendingSettings.Security;
import jakarta.mail.Session;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Where campaign mails go: a tenant's own relay or the platform default ({@code spring.mail.*}, in development the
 * embedded mail sandbox), and the Jakarta Mail session for it, with TCP_NODELAY sockets.
 */
record SmtpEndpoint(String host, int port, Security security, String username, String password, Properties extra) {

    static SmtpEndpoint of(SendingSettings.Relay relay) {
        return new SmtpEndpoint(relay.host(), relay.port(), relay.security(), relay.username(), relay.password(),
                new Properties());
    }

    /** The platform default, or null when no SMTP server is configured at all. */
    static SmtpEndpoint platform(JavaMailSender sender) {
        if (!(sender instanceof JavaMailSenderImpl impl) || impl.getHost() == null) {
            return null;
        }
        Properties props = impl.getJavaMailProperties();
        boolean tls = "smtps".equalsIgnoreCase(impl.getProtocol())
                || Boolean.parseBoolean(props.getProperty("mail.smtp.ssl.enable"));
        boolean starttls = Boolean.parseBoolean(props.getProperty("mail.smtp.starttls.enable"));
        Security security = tls ? Security.TLS : starttls ? Security.STARTTLS : Security.NONE;
        int port = impl.getPort() > 0 ? impl.getPort() : SendingSettings.defaultPort(security);
        Properties extra = new Properties();
        props.forEach((k, v) -> {
            String key = String.valueOf(k);
            // our own socket factories and timeouts win; the rest (e.g. ssl.trust, localhost) is kept
            if (key.startsWith("mail.smtp.") && !key.contains("socketFactory") && !key.endsWith("timeout")) {
                extra.put(key, v);
            }
        });
        return new SmtpEndpoint(impl.getHost(), port, security, impl.getUsername(), impl.getPassword(), extra);
    }

    boolean authenticates() {
        return username != null && !username.isBlank();
    }

    Session session(int connectTimeoutMillis, int readTimeoutMillis) {
        Properties p = new Properties();
        p.putAll(extra);
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", host);
        p.put("mail.smtp.port", String.valueOf(port));
        p.put("mail.smtp.connectiontimeout", String.valueOf(connectTimeoutMillis));
        p.put("mail.smtp.timeout", String.valueOf(readTimeoutMillis));
        p.put("mail.smtp.quitwait", "false");
        p.put("mail.smtp.auth", String.valueOf(authenticates()));
        p.put("mail.smtp.socketFactory", NoDelaySocketFactory.INSTANCE);
        p.put("mail.smtp.socketFactory.fallback", "false");
        switch (security) {
            case NONE -> {
                p.put("mail.smtp.starttls.enable", "false");
            }
            case STARTTLS -> {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            case TLS -> {
                p.put("mail.smtp.ssl.enable", "true");
                p.put("mail.smtp.ssl.socketFactory", NoDelaySocketFactory.Ssl.defaults());
                p.remove("mail.smtp.socketFactory");
            }
        }
        return Session.getInstance(p);
    }

    @Override
    public String toString() {
        return host + ":" + port + " (" + security + (authenticates() ? ", user " + username : "") + ")";
    }
}
