package io.archipel.tenancy.database;

import java.sql.PreparedStatement;

import io.archipel.tenancy.TenantContext;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every transaction starts by telling PostgreSQL which tenant it works for ({@code set_config(..., true)} lasts until
 * the transaction ends), so row-level security filters every statement, native SQL included.
 */
@Configuration(proxyBeanMethods = false)
class TenantTransactionConfiguration {

    @Bean
    JpaTransactionManager transactionManager(EntityManagerFactory entityManagerFactory) {
        return new TenantAwareTransactionManager(entityManagerFactory);
    }

    static final class TenantAwareTransactionManager extends JpaTransactionManager {

        TenantAwareTransactionManager(EntityManagerFactory emf) {
            super(emf);
        }

        @Override
        protected void doBegin(Object transaction, TransactionDefinition definition) {
            super.doBegin(transaction, definition);
            var holder = (EntityManagerHolder) TransactionSynchronizationManager.getResource(obtainEntityManagerFactory());
            String tenant = TenantContext.current().map(Object::toString).orElse("");
            holder.getEntityManager().unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement ps = connection.prepareStatement("select set_config('app.tenant_id', ?, true)")) {
                    ps.setString(1, tenant);
                    ps.execute();
                }
            });
        }
    }
}
