package io.archipel.tenancy.internal;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface BranchRepository extends JpaRepository<Branch, UUID> {

    List<Branch> findAllByOrderByNameAsc();

    List<Branch> findByIdInOrderByNameAsc(Collection<UUID> ids);

    List<Branch> findByTerritoryIdInOrderByNameAsc(Collection<UUID> territoryIds);

    boolean existsByTerritoryId(UUID territoryId);

    @Query("select count(b) > 0 from Branch b where lower(b.code) = lower(?1) and (?2 is null or b.id <> ?2)")
    boolean codeTaken(String code, UUID exceptId);

    /** Branches per territory (direct children only), as [territoryId, count] pairs. */
    @Query("select b.territoryId, count(b) from Branch b group by b.territoryId")
    List<Object[]> countByTerritory();
}
