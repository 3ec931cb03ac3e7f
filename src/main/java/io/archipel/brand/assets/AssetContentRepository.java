package io.archipel.brand.assets;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface AssetContentRepository extends JpaRepository<AssetContent, AssetContent.Key> {

    @Modifying
    @Query("delete from AssetContent c where c.assetId = :assetId")
    int deleteByAssetId(UUID assetId);
}
