package io.pryv.client;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where users rely on lib-js's behaviour: {@code hosting: 'auto'}, a platform
 * without assets, auth requests checked before they are sent. Against the
 * answers recorded from open-pryv.io 2.0.
 */
@WireMockTest
class LibJsParityTest {

	private static final String USER = "fixturejcstbv";

	private String base;

	private PryvService service;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
	}

	private Map<String, Object> newUser(String hosting) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("appId", "pryv-fixture-app");
		fields.put("username", USER);
		fields.put("password", "fixture-passw0rd");
		fields.put("email", USER + "@example.com");
		fields.put("hosting", hosting);
		return fields;
	}

	@Test
	void hostingAutoIsTheFirstAvailableHosting() {
		PryvFixture.load("hostings").stub(this.base);
		stubFor(post("/reg/users").willReturn(PryvFixture.load("register-user").response(this.base)));
		CreatedUser user = this.service.createUser(newUser("auto"));
		assertThat(user.username()).isEqualTo(USER);
		verify(postRequestedFor(urlEqualTo("/reg/users")).withRequestBody(matchingJsonPath("$.hosting", WireMock.equalTo("default")))
			.withRequestBody(matchingJsonPath("$.username", WireMock.equalTo(USER))));
	}

	@Test
	void hostingAutoSkipsUnavailableHostingsAndFailsWhenNoneIs() {
		String hostings = "{\"regions\": {\"eu\": {\"zones\": {\"ch\": {\"hostings\": {"
				+ "\"full\": {\"name\": \"Full\", \"available\": false}, \"open\": {\"name\": \"Open\", \"available\": true}}}}}},"
				+ "\"meta\": {\"serverTime\": 1796093243.166}}";
		stubFor(get("/reg/hostings").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(hostings)));
		stubFor(post("/reg/users").willReturn(PryvFixture.load("register-user").response(this.base)));
		this.service.reactive().createUser(newUser("auto")).block();
		verify(postRequestedFor(urlEqualTo("/reg/users")).withRequestBody(matchingJsonPath("$.hosting", WireMock.equalTo("open"))));

		WireMock.resetAllRequests();
		stubFor(get("/reg/hostings").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody(hostings.replace("\"available\": true", "\"available\": false"))));
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.service.createUser(newUser("auto")))
			.withMessageContaining("hosting 'auto'")
			.withMessageContaining("no hosting flagged available");
		verify(0, postRequestedFor(urlEqualTo("/reg/users")));
	}

	@Test
	void anExplicitHostingIsSentAsGiven() {
		stubFor(post("/reg/users").withRequestBody(matchingJsonPath("$.hosting", WireMock.equalTo("ch-1")))
			.willReturn(PryvFixture.load("register-user").response(this.base)));
		assertThat(this.service.createUser(newUser("ch-1")).username()).isEqualTo(USER);
		verify(0, WireMock.getRequestedFor(urlEqualTo("/reg/hostings")));
	}

	@Test
	void createUserWithOnlyAUsernameIsRejectedBeforeAnyCall() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.createUser(Map.of("username", USER)))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("fields.password"))
			.withMessageContaining("'fields.password' is missing");
		assertThat(WireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void aPlatformWithoutAssetsHasNone() {
		stubFor(get("/reg/service/info").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody(noAssets())));
		PryvService bare = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		assertThat(bare.assets()).isEmpty();
		assertThat(bare.reactive().assets().blockOptional()).isEmpty();
	}

	private String noAssets() {
		tools.jackson.databind.node.ObjectNode info = (tools.jackson.databind.node.ObjectNode) PryvFixture
			.load("service-info")
			.responseJson(this.base);
		info.remove("assets");
		return info.toString();
	}

	@Test
	void anAuthRequestWithoutPermissionsOrAppIdIsRejectedBeforeAnyCall() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.service.startAuthRequest(Map.of()))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("body.requestingAppId"));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.startAuthRequest(Map.of("requestingAppId", "app")))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("body.requestedPermissions"));
		assertThat(WireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		// the recorded request, complete, is sent
		PryvFixture start = PryvFixture.load("auth-request-start");
		stubFor(post("/reg/access/").withRequestBody(equalToJson(start.requestBody().toString()))
			.willReturn(start.response(this.base)));
		assertThat(this.service.startAuthRequest(start.requestBody()).key()).isNotBlank();
	}

	@Test
	void mfaCallsWithoutTheirTokenOrCodeAreRejectedBeforeAnyCall() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.service.mfaVerify(USER, "mfa", null))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("code"));
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.service.mfaChallenge(USER, ""))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("mfaToken"));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.requestPasswordReset(USER, null))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("appId"));
		assertThat(WireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

}
