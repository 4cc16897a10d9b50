package io.tarbox.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** /api/v1/openapi.json describes exactly the routes the API has: no more, no fewer. */
class OpenApiTest {
    @Test
    void theDocumentListsEveryRouteAndNoOther() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(ApiHandler.openApi());
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                documented.add(methods.next().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        Set<String> routes = new TreeSet<>();
        for (ApiHandler.Route route : new ApiHandler(null, null, null).routes) {
            routes.add(route.method() + " " + route.pattern());
        }
        assertEquals(routes, documented);
        for (JsonNode path : doc.get("paths")) {
            for (JsonNode op : path) {
                assertTrue(op.get("responses").has("default"), "every operation documents the error shape: " + op);
            }
        }
        assertEquals("3.0.3", doc.get("openapi").asText());
    }
}
