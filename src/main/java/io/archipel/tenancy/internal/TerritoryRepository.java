package io.archipel.tenancy.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TerritoryRepository extends JpaRepository<Territory, UUID> {

    List<Territory> findAllByOrderByPathAsc();

    @Query("select t from Territory t where t.path like concat(?1, '%') order by t.path")
    List<Territory> findSubtree(String pathPrefix);

    List<Territory> findByParentId(UUID parentId);

    List<Territory> findByParentIdIsNull();

    boolean existsByParentId(UUID parentId);
}
