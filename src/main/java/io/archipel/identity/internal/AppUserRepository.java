package io.archipel.identity.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface AppUserRepository extends JpaRepository<AppUser, UUID> {

    List<AppUser> findAllByOrderByDisplayNameAsc();

    /** Not through the entity: a login must not bump the version an admin's open form relies on. */
    @Modifying
    @Query("update AppUser u set u.lastLoginAt = CURRENT_TIMESTAMP where u.id = ?1")
    int touchLastLogin(UUID id);

    @Modifying
    @Query("update AppUser u set u.locale = ?2 where u.id = ?1")
    int updateLocale(UUID id, String locale);
}
