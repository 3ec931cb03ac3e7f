package io.archipel.delivery.sandbox;

import java.util.Properties;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.util.StringUtils;

/**
 * Development mail: when no SMTP server is configured ({@code spring.mail.host} and {@code spring.mail.jndi-name}
 * unset) and {@code archipel.mail.sandbox.enabled} is true (the default), starts the SMTP sink on
 * {@code archipel.mail.sandbox.port} (default 2525, 0 = any free port) on the loopback interface and points the
 * application's {@code JavaMailSender} at it. In production set {@code spring.mail.host}: Spring Boot then builds the
 * sender from {@code spring.mail.*} and no sink starts.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(MailSandboxConfiguration.SandboxWanted.class)
class MailSandboxConfiguration {

    @Bean(destroyMethod = "stop")
    MailSandboxServer mailSandboxServer(MailSandbox sandbox,
            @Value("${archipel.mail.sandbox.port:2525}") int port,
            @Value("${archipel.mail.sandbox.bind-address:127.0.0.1}") String bindAddress) {
        return new MailSandboxServer(bindAddress, port, new SandboxReceiver(sandbox));
    }

    @Bean
    JavaMailSenderImpl mailSender(MailSandboxServer server) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(server.host());
        sender.setPort(server.port());
        sender.setDefaultEncoding("UTF-8");
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", "5000");
        properties.setProperty("mail.smtp.timeout", "10000");
        properties.setProperty("mail.smtp.writetimeout", "10000");
        sender.setJavaMailProperties(properties);
        return sender;
    }

    static final class SandboxWanted implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment env = context.getEnvironment();
            return !StringUtils.hasText(env.getProperty("spring.mail.host"))
                    && !StringUtils.hasText(env.getProperty("spring.mail.jndi-name"))
                    && env.getProperty("archipel.mail.sandbox.enabled", Boolean.class, Boolean.TRUE);
        }
    }
}
