package io.pryv.spring.boot.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.pryv.client.AccessLevel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metadata generated at build time (by the processors listed in the
 * compiler's annotationProcessorPaths, so also on JDK 23+): every
 * {@code pryv.*} key documented by Spring Boot's rules for IDE completion, the
 * hints, and the auto-configuration metadata.
 */
class PryvConfigurationMetadataTest {

	private static final List<String> KEYS = List.of("pryv.api-endpoint", "pryv.app-id", "pryv.auth.device-name",
			"pryv.auth.expire-after", "pryv.auth.expiry", "pryv.auth.poll-rate-floor", "pryv.batch.chunk-size",
			"pryv.client-data", "pryv.http.connect-timeout", "pryv.http.read-timeout", "pryv.language-code", "pryv.monitor.interval",
			"pryv.monitor.socket.enabled",
			"pryv.origin", "pryv.permissions", "pryv.referer", "pryv.return-url", "pryv.service-info",
			"pryv.service-info-url", "pryv.security.allowed-service-info-urls", "pryv.security.logout.revoke",
			"pryv.security.logout.revoke-parameter");

	private static final Map<String, JsonNode> properties = new TreeMap<>();

	private static final Map<String, JsonNode> hints = new TreeMap<>();

	@BeforeAll
	static void readMetadata() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		for (URL url : Collections.list(PryvConfigurationMetadataTest.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				JsonNode metadata = mapper.readTree(in);
				for (JsonNode property : metadata.path("properties")) {
					properties.put(property.path("name").asString(), property);
				}
				for (JsonNode hint : metadata.path("hints")) {
					hints.put(hint.path("name").asString(), hint);
				}
			}
		}
	}

	@Test
	void everyPryvKeyIsDocumentedByBootsRules() {
		assertThat(properties.keySet().stream().filter((name) -> name.startsWith("pryv.")))
			.containsAll(KEYS);
		assertThat(properties.values()).filteredOn((property) -> property.path("name").asString().startsWith("pryv."))
			.allSatisfy((property) -> assertThat(property.path("description").asString())
				.as(property.path("name").asString())
				.isNotBlank()
				.doesNotContain("{@code")
				.doesNotStartWith("The ")
				.doesNotStartWith("A ")
				.doesNotStartWith("An ")
				.endsWith("."));
		assertThat(properties.get("pryv.service-info-url").path("defaultValue").asString())
			.isEqualTo("https://reg.pryv.me/service/info");
		assertThat(properties.get("pryv.batch.chunk-size").path("defaultValue").asInt()).isEqualTo(1000);
		assertThat(properties.get("pryv.auth.poll-rate-floor").path("defaultValue").asString()).isEqualTo("1s");
		assertThat(properties.get("pryv.auth.expiry").path("defaultValue").asString()).isEqualTo("1h");
		assertThat(properties.get("pryv.monitor.interval").path("defaultValue").asString()).isEqualTo("30s");
		assertThat(properties.get("pryv.monitor.socket.enabled").path("defaultValue").asBoolean()).isTrue();
		// the retry defaults are RetryPolicy.DEFAULT's (not literals the processor can read: given here)
		assertThat(properties.get("pryv.http.retry.max-retries").path("defaultValue").asInt())
			.isEqualTo(io.pryv.client.RetryPolicy.DEFAULT.maxRetries());
		assertThat(java.time.Duration.ofMillis(200)).isEqualTo(io.pryv.client.RetryPolicy.DEFAULT.firstBackoff());
		assertThat(properties.get("pryv.http.retry.first-backoff").path("defaultValue").asString()).isEqualTo("200ms");
		assertThat(java.time.Duration.ofSeconds(2)).isEqualTo(io.pryv.client.RetryPolicy.DEFAULT.maxBackoff());
		assertThat(properties.get("pryv.http.retry.max-backoff").path("defaultValue").asString()).isEqualTo("2s");
		assertThat(properties.get("pryv.http.retry.jitter").path("defaultValue").asDouble())
			.isEqualTo(io.pryv.client.RetryPolicy.DEFAULT.jitter());
		assertThat(java.time.Duration.ofSeconds(10)).isEqualTo(io.pryv.client.RetryPolicy.DEFAULT.maxRetryAfter());
		assertThat(properties.get("pryv.http.retry.max-retry-after").path("defaultValue").asString()).isEqualTo("10s");
		assertThat(properties.get("pryv.http.retry.max-retries").path("description").asString()).isNotBlank();
	}

	@Test
	void noKeyOfOursInBootsObservationNamespace() {
		// Spring Boot owns management.observations.enable (a map): pryv=false already switches ours off
		assertThat(properties.keySet()).noneMatch((name) -> name.startsWith("management.observations.enable."));
		assertThat(properties.get("management.health.pryv.enabled").path("description").asString())
			.startsWith("Whether to enable");
	}

	@Test
	void theAccessLevelIsAnEnumSoIdesCompleteIt() {
		assertThat(AccessLevel.platformValues()).containsExactly("read", "contribute", "manage", "create-only");
		assertThat(properties.get("pryv.permissions").path("type").asString())
			.isEqualTo("java.util.List<io.pryv.spring.boot.autoconfigure.PryvProperties$Permission>");
	}

	@Test
	void hintsNameRealKeysAndAcceptSelfHostedValues() {
		assertThat(hints.keySet()).filteredOn((name) -> name.startsWith("pryv."))
			.containsExactlyInAnyOrder("pryv.service-info-url", "pryv.service-info.keys", "pryv.language-code")
			.allSatisfy((name) -> {
				String key = name.endsWith(".keys") ? name.substring(0, name.length() - ".keys".length()) : name;
				assertThat(properties).as("hinted key %s", name).containsKey(key);
				assertThat(hints.get(name).path("providers").findValuesAsString("name")).as(name).contains("any");
				assertThat(hints.get(name).path("values")).as(name).allSatisfy((value) -> assertThat(
						value.path("description").asString()).doesNotStartWith("The ").endsWith("."));
			});
		assertThat(hints.get("pryv.service-info-url").path("values").findValuesAsString("value"))
			.contains("https://reg.pryv.me/service/info");
		assertThat(hints.get("pryv.service-info.keys").path("values").findValuesAsString("value"))
			.contains("access", "api", "register", "name");
		assertThat(hints.get("pryv.language-code").path("values").findValuesAsString("value")).contains("en", "fr");
	}

	@Test
	void autoConfigurationMetadataIsGenerated() throws Exception {
		Properties metadata = new Properties();
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream("META-INF/spring-autoconfigure-metadata.properties")) {
			assertThat(in).as("spring-autoconfigure-metadata.properties").isNotNull();
			metadata.load(in);
		}
		assertThat(metadata.getProperty(PryvClientAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.contains("org.springframework.web.reactive.function.client.WebClient");
	}

}
