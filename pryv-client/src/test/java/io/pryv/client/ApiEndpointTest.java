package io.pryv.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiEndpointTest {

	@Test
	void parsesTokenHostAndUserPath() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://ck60yn9yv00011hd3vu1ocpi7@host.example/alice/");
		assertThat(endpoint.token()).isEqualTo("ck60yn9yv00011hd3vu1ocpi7");
		assertThat(endpoint.baseUrl()).isEqualTo("https://host.example/alice/");
		assertThat(endpoint.hasToken()).isTrue();
	}

	@Test
	void parsesPerUserSubdomainAndAddsTrailingSlash() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://tok@alice.pryv.me");
		assertThat(endpoint.baseUrl()).isEqualTo("https://alice.pryv.me/");
		assertThat(endpoint.toUrlString()).isEqualTo("https://tok@alice.pryv.me/");
	}

	@Test
	void tokenRunsToTheLastAt() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://to@ken@host.example/bob/");
		assertThat(endpoint.token()).isEqualTo("to@ken");
		assertThat(endpoint.baseUrl()).isEqualTo("https://host.example/bob/");
	}

	@Test
	void noAtMeansNoToken() {
		ApiEndpoint endpoint = ApiEndpoint.parse("http://127.0.0.1:3000/alice");
		assertThat(endpoint.token()).isNull();
		assertThat(endpoint.hasToken()).isFalse();
		assertThat(endpoint.baseUrl()).isEqualTo("http://127.0.0.1:3000/alice/");
		assertThat(endpoint.toUrlString()).isEqualTo("http://127.0.0.1:3000/alice/");
	}

	@Test
	void fullFormRoundTrips() {
		String text = "http://fq2ipgpirm3ogtn510y149nh@127.0.0.1:3000/fixturejcstbv/";
		assertThat(ApiEndpoint.parse(text).toUrlString()).isEqualTo(text);
		assertThat(ApiEndpoint.parse(text)).isEqualTo(ApiEndpoint.of("http://127.0.0.1:3000/fixturejcstbv", "fq2ipgpirm3ogtn510y149nh"));
	}

	@Test
	void stringWithoutSchemeSeparatorIsRejectedClearlyAndMasked() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.parse("secrettoken@alice.pryv.me/"))
			.withMessageContaining("no '://'")
			.withMessageContaining("***@alice.pryv.me/")
			.withMessageNotContaining("secrettoken");
	}

	@Test
	void emptyAndNonHttpAndHostlessAreRejected() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> ApiEndpoint.parse("  "))
			.withMessageContaining("empty");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.parse("ftp://secrettoken@files.example/"))
			.withMessageContaining("http or https")
			.withMessageNotContaining("secrettoken");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.parse("https://secrettoken@/alice/"))
			.withMessageNotContaining("secrettoken");
	}

	@Test
	void baseUrlWithUserInfoOrQueryIsRejected() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.of("https://secrettoken@alice.pryv.me/", "other"))
			.withMessageContaining("user-info")
			.withMessageNotContaining("secrettoken");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.of("https://alice.pryv.me/?auth=x", null))
			.withMessageContaining("query");
	}

	@Test
	void toStringMasksTheToken() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://secrettoken@alice.pryv.me/");
		assertThat(endpoint.toString()).isEqualTo("ApiEndpoint[https://***@alice.pryv.me/]").doesNotContain("secrettoken");
	}

	@Test
	void resolvesPathsAgainstTheBaseUrl() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://tok@host.example/alice/");
		assertThat(endpoint.resolve("events")).isEqualTo("https://host.example/alice/events");
		assertThat(endpoint.resolve("/access-info")).isEqualTo("https://host.example/alice/access-info");
		assertThat(endpoint.resolve("")).isEqualTo("https://host.example/alice/");
	}

	@Test
	void withTokenKeepsTheBaseUrl() {
		ApiEndpoint endpoint = ApiEndpoint.of("https://alice.pryv.me/", null).withToken("t2");
		assertThat(endpoint.toUrlString()).isEqualTo("https://t2@alice.pryv.me/");
	}

}
