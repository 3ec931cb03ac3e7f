package io.archipel.identity;

import java.util.Collection;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends the sessions of people who must not keep working: a deactivated user, the users of a suspended tenant. Sessions
 * live in PostgreSQL, so this takes effect on every instance at their next request.
 */
@Component
public class UserSessions {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    UserSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    public int endSessionsOf(String email) {
        var found = sessions.findByPrincipalName(email.toLowerCase(java.util.Locale.ROOT));
        found.keySet().forEach(sessions::deleteById);
        return found.size();
    }

    public int endSessionsOf(Collection<String> emails) {
        return emails.stream().mapToInt(this::endSessionsOf).sum();
    }
}
