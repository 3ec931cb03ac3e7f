package io.archipel.identity.internal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface PlatformOperatorRepository extends JpaRepository<PlatformOperator, UUID> {

    @Query("select o from PlatformOperator o where lower(o.email) = lower(?1)")
    Optional<PlatformOperator> findByEmail(String email);
}
