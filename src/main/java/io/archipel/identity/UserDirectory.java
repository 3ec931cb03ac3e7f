package io.archipel.identity;

import io.archipel.identity.internal.AppUser;
import io.archipel.identity.internal.AppUserRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Small read API over the current tenant's users for other modules' pages (the HQ overview counts them). */
@Component
@Transactional(readOnly = true)
public class UserDirectory {

    private final AppUserRepository users;

    UserDirectory(AppUserRepository users) {
        this.users = users;
    }

    /** Active users of the current tenant. */
    public long countActiveUsers() {
        return users.findAll().stream().filter(AppUser::isActive).count();
    }
}
