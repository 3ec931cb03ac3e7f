package io.archipel.delivery.sandbox;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.TenantContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's mail sandbox: the e-mails the embedded SMTP sink received for it, newest first. Reading and
 * clearing is for HQ admins and marketers. The sink files each received mail with {@link #record} (as trusted code of
 * the tenant named in the mail) and keeps the newest {@code archipel.mail.sandbox.keep} per tenant.
 */
@Service
public class MailSandbox {

    private final SandboxMessageStore store;
    private final ObjectProvider<MailSandboxServer> server;
    private final int keep;

    MailSandbox(SandboxMessageStore store, ObjectProvider<MailSandboxServer> server,
            @Value("${archipel.mail.sandbox.keep:200}") int keep) {
        this.store = store;
        this.server = server;
        this.keep = Math.max(1, keep);
    }

    /** Whether the embedded SMTP sink runs (no SMTP host configured and the sandbox enabled). */
    public boolean running() {
        MailSandboxServer s = server.getIfAvailable();
        return s != null && s.running();
    }

    /** How many messages are kept per tenant. */
    public int keep() {
        return keep;
    }

    @Transactional(readOnly = true)
    public List<SandboxMessages.Summary> list() {
        requireViewer();
        return store.list(TenantContext.require(), keep);
    }

    @Transactional(readOnly = true)
    public SandboxMessages.Message get(UUID messageId) {
        requireViewer();
        return store.find(TenantContext.require(), messageId).orElseThrow(() -> new NotFoundException("Mail"));
    }

    /** The message as received (RFC 822), when it was small enough to keep. */
    @Transactional(readOnly = true)
    public Optional<byte[]> source(UUID messageId) {
        requireViewer();
        UUID tenantId = TenantContext.require();
        store.find(tenantId, messageId).orElseThrow(() -> new NotFoundException("Mail"));
        return store.source(tenantId, messageId);
    }

    /** Empties the tenant's sandbox; returns how many messages were removed. */
    @Transactional
    public int clear() {
        requireViewer();
        return store.clear(TenantContext.require());
    }

    /** Files a received mail for the tenant of the context (called by the SMTP sink, as trusted code). */
    @Transactional
    public UUID record(SandboxMessages.Received received) {
        UUID tenantId = TenantContext.require();
        UUID id = UUID.randomUUID();
        store.insert(tenantId, id, received);
        store.trim(tenantId, keep);
        return id;
    }

    private static void requireViewer() {
        if (TenantContext.isSystem()) {
            return;
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
            throw new AccessDeniedInScopeException("mail sandbox");
        }
    }
}
