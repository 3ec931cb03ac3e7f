package io.archipel.identity;

import java.util.Optional;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The authenticated person of the current request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static Optional<ArchipelUser> find() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof ArchipelUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    public static ArchipelUser require() {
        return find().orElseThrow(() -> new IllegalStateException("No authenticated user"));
    }
}
