package io.pryv.spring.boot.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated configuration metadata documents every {@code pryv.*} key, for IDE completion. */
class PryvConfigurationMetadataTest {

	private static final List<String> KEYS = List.of("pryv.api-endpoint", "pryv.app-id", "pryv.auth.device-name",
			"pryv.auth.expire-after", "pryv.auth.expiry", "pryv.auth.poll-rate-floor", "pryv.batch.chunk-size",
			"pryv.client-data", "pryv.http.connect-timeout", "pryv.http.read-timeout", "pryv.language-code",
			"pryv.origin", "pryv.permissions", "pryv.referer", "pryv.return-url", "pryv.service-info",
			"pryv.service-info-url", "pryv.security.allowed-service-info-urls", "pryv.security.logout.revoke",
			"pryv.security.logout.revoke-parameter");

	@Test
	void everyKeyHasADescriptionAndTheLevelsAreHinted() throws Exception {
		Map<String, JsonNode> properties = new TreeMap<>();
		List<String> hints = new ArrayList<>();
		JsonMapper mapper = JsonMapper.builder().build();
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = mapper.readTree(in);
				for (JsonNode property : metadata.path("properties")) {
					if (property.path("name").asString().startsWith("pryv.")) {
						properties.put(property.path("name").asString(), property);
					}
				}
				for (JsonNode hint : metadata.path("hints")) {
					if (hint.path("name").asString().startsWith("pryv.")) {
						hints.add(hint.path("name").asString() + "=" + hint.path("values").findValuesAsString("value"));
					}
				}
			}
		}
		assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(KEYS);
		assertThat(properties.values()).allSatisfy((property) -> assertThat(property.path("description").asString())
			.as(property.path("name").asString())
			.isNotBlank()
			.doesNotContain("{@code"));
		assertThat(properties.get("pryv.service-info-url").path("defaultValue").asString())
			.isEqualTo("https://reg.pryv.me/service/info");
		assertThat(properties.get("pryv.batch.chunk-size").path("defaultValue").asInt()).isEqualTo(1000);
		assertThat(hints).contains("pryv.permissions.level=[read, contribute, manage, create-only]");
	}

}
