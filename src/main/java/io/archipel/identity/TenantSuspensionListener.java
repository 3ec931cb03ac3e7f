package io.archipel.identity;

import io.archipel.identity.internal.AppUser;
import io.archipel.identity.internal.AppUserRepository;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantSuspended;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/** A suspended tenant's users are signed out everywhere, at once. */
@Component
class TenantSuspensionListener {

    private final AppUserRepository users;
    private final UserSessions sessions;
    private final TransactionTemplate tx;

    TenantSuspensionListener(AppUserRepository users, UserSessions sessions, PlatformTransactionManager txManager) {
        this.users = users;
        this.sessions = sessions;
        // after commit the finished transaction is still bound to the thread: read in a new one
        this.tx = new TransactionTemplate(txManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.setReadOnly(true);
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(TenantSuspended event) {
        var emails = TenantContext.callAs(event.tenantId(),
                () -> tx.execute(s -> users.findAll().stream().map(AppUser::getEmail).toList()));
        sessions.endSessionsOf(emails);
    }
}
