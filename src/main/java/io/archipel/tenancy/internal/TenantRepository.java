package io.archipel.tenancy.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TenantRepository extends JpaRepository<Tenant, UUID> {

    @Query("select count(t) > 0 from Tenant t where lower(t.slug) = lower(?1)")
    boolean existsBySlug(String slug);

    List<Tenant> findAllByOrderByNameAsc();

    @Query("select t from Tenant t where lower(t.slug) = lower(?1)")
    java.util.Optional<Tenant> findBySlug(String slug);
}
