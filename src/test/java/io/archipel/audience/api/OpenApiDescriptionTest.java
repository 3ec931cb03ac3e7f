package io.archipel.audience.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.support.ArchipelTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The hand-maintained OpenAPI description is public and names every mapped /api/v1 endpoint and method. */
@ArchipelTest
class OpenApiDescriptionTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JsonMapper json;

    @Test
    void everyApiEndpointIsDescribedAndTheDescriptionIsPublic() throws Exception {
        String body = mvc.perform(get("/api/v1/openapi.json")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        JsonNode doc = json.readTree(body);
        assertThat(doc.get("openapi").asString()).startsWith("3.1");
        JsonNode paths = doc.get("paths");

        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<String> mapped = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    String label = method + " " + pattern;
                    mapped.add(label);
                    JsonNode path = paths.get(pattern);
                    if (path == null || path.get(method.name().toLowerCase(Locale.ROOT)) == null) {
                        missing.add(label);
                    }
                }
            }
        }
        assertThat(mapped).as("API endpoints found").hasSizeGreaterThanOrEqualTo(6);
        assertThat(missing).as("endpoints missing from api/openapi.json").isEmpty();
    }
}
