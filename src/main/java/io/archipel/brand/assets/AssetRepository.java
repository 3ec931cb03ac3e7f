package io.archipel.brand.assets;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

public interface AssetRepository extends JpaRepository<Asset, UUID> {

    List<Asset> findAllByOrderByCreatedAtDescNameAsc();

    Optional<Asset> findBySha256(String sha256);
}
