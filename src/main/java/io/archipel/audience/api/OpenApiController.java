package io.archipel.audience.api;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The OpenAPI 3.1 description of {@code /api/v1}, public (no key). Hand-maintained in {@code api/openapi.json}:
 * OpenApiDescriptionTest fails when a mapped {@code /api/v1} endpoint is missing from it.
 */
@RestController
class OpenApiController {

    private final byte[] description;

    OpenApiController() throws IOException {
        try (InputStream in = new ClassPathResource("api/openapi.json").getInputStream()) {
            this.description = in.readAllBytes();
        }
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> openApi() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.APPLICATION_JSON)
                .body(description);
    }
}
