package io.archipel.identity;

import io.archipel.identity.internal.AppUserRepository;
import io.archipel.identity.internal.PlatformOperatorRepository;
import io.archipel.tenancy.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Remembers per person what login and the header's language switch tell us: last login, preferred language. */
@Component
public class LoginRecorder {

    private final AppUserRepository users;
    private final PlatformOperatorRepository operators;
    private final TransactionTemplate tx;

    LoginRecorder(AppUserRepository users, PlatformOperatorRepository operators, TransactionTemplate tx) {
        this.users = users;
        this.operators = operators;
        this.tx = tx;
    }

    public void recordLogin(ArchipelUser user) {
        if (user.tenantId() != null) {
            TenantContext.runAs(user.tenantId(), () -> tx.executeWithoutResult(s -> users.touchLastLogin(user.userId())));
        }
    }

    public void saveLocale(ArchipelUser user, String locale) {
        user.locale(locale);
        if (user.tenantId() != null) {
            TenantContext.runAs(user.tenantId(), () -> tx.executeWithoutResult(s -> users.updateLocale(user.userId(), locale)));
        } else {
            tx.executeWithoutResult(s -> operators.findById(user.userId()).ifPresent(o -> o.setLocale(locale)));
        }
    }
}
