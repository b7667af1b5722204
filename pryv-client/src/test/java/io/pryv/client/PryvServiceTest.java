package io.pryv.client;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@WireMockTest
class PryvServiceTest {

	private static final String USER = "fixturejcstbv";

	private String base;

	private PryvService service;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
	}

	@Test
	void readsServiceInfo() {
		ServiceInfo info = this.service.info();
		assertThat(info.name()).isEqualTo("Local Pryv");
		assertThat(info.api()).isEqualTo(this.base + "/{username}/");
		assertThat(info.register()).isEqualTo(this.base + "/reg/");
		assertThat(info.access()).isEqualTo(this.base + "/reg/access/");
		assertThat(info.version()).isEqualTo("2.0.0-pre.4");
		assertThat(info.assetsDefinitions()).isEqualTo(this.base + "/www/assets/index.json");
		assertThat(info.features().supportsContentQueries()).isTrue();
		assertThat(info.features().supportsHF()).isTrue();
		assertThat(info.raw().get("meta")).as("meta is not service info").isNull();
	}

	@Test
	void fetchesOnceThenCachesUntilForced() {
		this.service.info();
		this.service.info();
		this.service.apiEndpointFor(USER, null);
		verify(1, getRequestedFor(urlEqualTo("/reg/service/info")));
		this.service.info(true);
		verify(2, getRequestedFor(urlEqualTo("/reg/service/info")));
	}

	@Test
	void failedFetchIsNotCached() {
		stubFor(get("/other/service/info").willReturn(aResponse().withStatus(503).withBody("<html>down</html>")));
		PryvService down = PryvService.builder().serviceInfoUrl(this.base + "/other/service/info").build();
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(down::info)
			.withMessageContaining("HTTP 503")
			.withMessageContaining("not valid JSON");
		stubFor(get("/other/service/info").willReturn(PryvFixture.load("service-info").response(this.base)));
		assertThat(down.info().name()).isEqualTo("Local Pryv");
	}

	@Test
	void missingNameIsAClearErrorNamingTheUrl() {
		stubFor(get("/bad/service/info").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"api\": \"https://{username}.x.me/\", \"register\": \"https://reg.x.me/\"}")));
		PryvService bad = PryvService.builder().serviceInfoUrl(this.base + "/bad/service/info").build();
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(bad::info)
			.withMessageContaining("no 'name'")
			.withMessageContaining(this.base + "/bad/service/info");
	}

	@Test
	void overridesAreMergedOverTheFetchedInfoAndNormalised() {
		PryvService custom = PryvService.builder()
			.serviceInfoUrl(this.base + "/reg/service/info")
			.overrides(Map.of("name", "My Pryv", "access", "https://access.example/access", "features", Map.of("noHF", true)))
			.build();
		ServiceInfo info = custom.info();
		assertThat(info.name()).isEqualTo("My Pryv");
		assertThat(info.access()).isEqualTo("https://access.example/access/");
		assertThat(info.register()).isEqualTo(this.base + "/reg/");
		assertThat(info.features().supportsHF()).isFalse();
		assertThat(info.features().supportsContentQueries()).as("features replaced as a whole (shallow merge)").isFalse();
	}

	@Test
	void overridesAloneFormTheServiceInfoWithoutAnyRequest() {
		PryvService offline = PryvService.builder()
			.overrides(Map.of("name", "Offline", "api", "https://{username}.offline.example", "register",
					"https://reg.offline.example", "access", "https://access.offline.example/access"))
			.build();
		assertThat(offline.info().register()).isEqualTo("https://reg.offline.example/");
		assertThat(offline.apiEndpointFor("alice", "tok").toUrlString()).isEqualTo("https://tok@alice.offline.example/");
		verify(0, getRequestedFor(WireMock.anyUrl()));
	}

	@Test
	void noUrlAndNoOverridesIsRejected() {
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> PryvService.builder().build())
			.withMessageContaining("service info URL");
	}

	@Test
	void buildsEndpointsFromTheApiTemplate() {
		assertThat(this.service.apiEndpointFor(USER, "tok").toUrlString())
			.isEqualTo(this.base.replace("http://", "http://tok@") + "/" + USER + "/");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> this.service.apiEndpointFor(" ", "tok"))
			.withMessageContaining("username");
	}

	@Test
	void logsInWithTheRegisterOriginAndReturnsAConnection() {
		PryvFixture login = PryvFixture.load("login");
		stubFor(login.request().withRequestBody(equalToJson(login.requestBody().toString())).willReturn(login.response(this.base)));
		PryvConnection connection = this.service.login(USER, "fixture-passw0rd", "pryv-fixture-app");
		assertThat(connection.endpoint().token()).isEqualTo("fq2ipgpirm3ogtn510y149nh");
		assertThat(connection.endpoint().baseUrl()).isEqualTo(this.base + "/" + USER + "/");
		verify(postRequestedFor(urlEqualTo("/" + USER + "/auth/login")).withHeader("Origin", equalTo(this.base))
			.withHeader("Content-Type", equalTo("application/json")));
	}

	@Test
	void wrongPasswordIsAnApiError() {
		PryvFixture.load("login-wrong-password").stub(this.base);
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.login(USER, "nope", "pryv-fixture-app"))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-credentials");
				assertThat(ex.getHttpStatus()).isEqualTo(401);
				assertThat(ex.getApiMethod()).isEqualTo("auth.login");
				assertThat(ex.getMessage()).contains("username/password pair is invalid").doesNotContain("nope");
			});
	}

	@Test
	void untrustedOriginIsRefused() {
		PryvFixture refused = PryvFixture.load("login-untrusted-origin");
		stubFor(refused.request().withHeader("Origin", equalTo("https://evil.example")).willReturn(refused.response(this.base)));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.login(USER, "fixture-passw0rd", "pryv-fixture-app", "https://evil.example"))
			.withMessageContaining("not trusted");
	}

	@Test
	void unknownUserIsAnApiError() {
		PryvFixture.load("login-unknown-user").stub(this.base);
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.login("nosuchuser123", "fixture-passw0rd", "pryv-fixture-app"))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-resource");
				assertThat(ex.getHttpStatus()).isEqualTo(404);
			});
	}

	@Test
	void mfaAnswerRaisesMfaRequiredWithTheTokenOutOfTheMessage() {
		stubFor(WireMock.post("/" + USER + "/auth/login").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json; charset=utf-8")
			.withBody("{\"mfaToken\": \"mfa-secret-123\", \"meta\": {\"serverTime\": 1795681882.4}}")));
		assertThatExceptionOfType(MfaRequiredException.class)
			.isThrownBy(() -> this.service.login(USER, "fixture-passw0rd", "pryv-fixture-app"))
			.satisfies((ex) -> {
				assertThat(ex.getMfaToken()).isEqualTo("mfa-secret-123");
				assertThat(ex.getUsername()).isEqualTo(USER);
				assertThat(ex.getMessage()).doesNotContain("mfa-secret-123");
				assertThat(ex.toString()).doesNotContain("mfa-secret-123");
			});
	}

	@Test
	void mfaVerifySendsTheMfaTokenAndReturnsAConnection() {
		stubFor(WireMock.post("/" + USER + "/mfa/verify").withHeader("Authorization", equalTo("mfa-secret-123"))
			.withRequestBody(equalToJson("{\"code\": \"123456\"}"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
				.withBody("{\"token\": \"personal-tok\", \"meta\": {\"serverTime\": 1795681882.4}}")));
		PryvConnection connection = this.service.mfaVerify(USER, "mfa-secret-123", "123456");
		assertThat(connection.endpoint().toUrlString()).isEqualTo(this.base.replace("http://", "http://personal-tok@") + "/" + USER + "/");
	}

	@Test
	void fetchesAssetsAndLooksThemUpByPath() {
		stubFor(get("/www/assets/index.json").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"lib-js\": {\"buttonSignIn\": {\"css\": \"button.css\", \"text\": \"Sign in\"}}}")));
		PryvAssets assets = this.service.assets().orElseThrow();
		assertThat(assets.get("lib-js:buttonSignIn:text").asString()).isEqualTo("Sign in");
		assertThat(assets.get("lib-js:nothing:here")).isNull();
		assertThat(assets.relativeUrl(assets.get("lib-js:buttonSignIn:css").asString()))
			.isEqualTo(this.base + "/www/assets/button.css");
		this.service.assets();
		verify(1, getRequestedFor(urlEqualTo("/www/assets/index.json")));
	}

	@Test
	void startsAndPollsAnAuthRequest() {
		PryvFixture start = PryvFixture.load("auth-request-start");
		stubFor(WireMock.post("/reg/access/").withRequestBody(equalToJson(start.requestBody().toString()))
			.willReturn(start.response(this.base)));
		AuthResponse started = this.service.startAuthRequest(start.requestBody());
		assertThat(started.status()).isEqualTo(AuthStatus.NEED_SIGNIN);
		assertThat(started.key()).isEqualTo("AFDUqvBLzWXLrTgi");
		assertThat(started.pollUrl()).isEqualTo(this.base + "/reg/access/AFDUqvBLzWXLrTgi");
		assertThat(started.pollRateMs()).isEqualTo(1000);
		assertThat(started.authUrl()).startsWith(this.base + "/fake-auth-ui/access.html?lang=en&key=AFDUqvBLzWXLrTgi");

		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		assertThat(this.service.pollAuthRequest(started.pollUrl()).status()).isEqualTo(AuthStatus.NEED_SIGNIN);

		PryvFixture.load("auth-poll-accepted").stub(this.base);
		AuthResponse accepted = this.service.pollAuthRequest("AFDUqvBLzWXLrTgi");
		assertThat(accepted.status()).isEqualTo(AuthStatus.ACCEPTED);
		assertThat(accepted.username()).isEqualTo(USER);
		assertThat(accepted.apiEndpoint().token()).isEqualTo("ad4fi6057t5vm0xy8ns6bco9");
		assertThat(accepted.toString()).doesNotContain("ad4fi6057t5vm0xy8ns6bco9");
	}

	@Test
	void refusedAuthRequestIsAStateNotAnException() {
		PryvFixture.load("auth-poll-refused").stub(this.base);
		AuthResponse refused = this.service.pollAuthRequest("uN2k0nkDnd6sgOz_");
		assertThat(refused.status()).isEqualTo(AuthStatus.REFUSED);
		assertThat(refused.reasonId()).isEqualTo("REFUSED_BY_USER");
		assertThat(refused.message()).isEqualTo("The user refused to give access");
	}

	@Test
	void unknownKeyAndInvalidStartAreApiErrors() {
		PryvFixture.load("auth-poll-unknown-key").stub(this.base);
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> this.service.pollAuthRequest("no-such-key"))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-access-key");
				assertThat(ex.getHttpStatus()).isEqualTo(400);
			});
		// the recorded request without requestingAppId is refused before it is sent, as the platform would
		PryvFixture invalid = PryvFixture.load("auth-request-start-invalid");
		stubFor(WireMock.post("/reg/access/").willReturn(invalid.response(this.base)));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.startAuthRequest(invalid.requestBody()))
			.satisfies((ex) -> assertThat(ex.getArgument()).isEqualTo("body.requestingAppId"));
		verify(0, WireMock.postRequestedFor(urlEqualTo("/reg/access/")));
		// the platform's own refusal (of an app id it does not accept, say) is an API error with its status
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.startAuthRequest(Map.of("requestingAppId", "app", "requestedPermissions", List.of())))
			.satisfies((ex) -> {
				assertThat(ex.getHttpStatus()).isEqualTo(400);
				assertThat(ex.getId()).isEqualTo("invalid-parameters");
			});
	}

	@Test
	void redirectedPollGivesTheNewPollUrl() {
		stubFor(get("/reg/access/old-key").willReturn(aResponse().withStatus(301)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\": \"REDIRECTED\", \"poll\": \"" + this.base + "/reg/access/new-key\"}")));
		AuthResponse redirected = this.service.pollAuthRequest("old-key");
		assertThat(redirected.status()).isEqualTo(AuthStatus.REDIRECTED);
		assertThat(redirected.pollUrl()).isEqualTo(this.base + "/reg/access/new-key");
	}

	@Test
	void createsUsersAndReportsTakenNames() {
		PryvFixture created = PryvFixture.load("register-user");
		stubFor(WireMock.post("/reg/users").withRequestBody(equalToJson(created.requestBody().toString()))
			.willReturn(created.response(this.base)));
		Map<String, String> fields = Map.of("appId", "pryv-fixture-app", "username", USER, "password",
				"fixture-passw0rd", "email", USER + "@example.com", "language", "en");
		CreatedUser user = this.service.createUser(fields);
		assertThat(user.username()).isEqualTo(USER);
		assertThat(user.apiEndpoint().token()).isEqualTo("fq2ipgpirm3ogtn510y149nh");
		assertThat(user.toString()).doesNotContain("fq2ipgpirm3ogtn510y149nh");

		stubFor(WireMock.post("/reg/users").willReturn(PryvFixture.load("register-user-taken").response(this.base)));
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> this.service.createUser(fields))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("item-already-exists");
				assertThat(ex.getHttpStatus()).isEqualTo(409);
				assertThat(ex.getData().path("username").asString()).isEqualTo(USER);
			});
	}

	@Test
	void tellsWhetherAUserExists() {
		stubFor(WireMock.post("/reg/" + USER + "/server").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"server\": \"127.0.0.1\", \"alias\": \"127.0.0.1\"}")));
		stubFor(WireMock.post("/reg/nobody/server").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\": {\"id\": \"unknown-resource\", \"message\": \"Unknown user\"}}")));
		assertThat(this.service.userExists(USER)).isTrue();
		assertThat(this.service.userExists("nobody")).isFalse();
	}

	@Test
	void listsHostingsAndResetsPasswords() {
		stubFor(get("/reg/hostings").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"regions\": {\"europe\": {\"name\": \"Europe\"}}}")));
		assertThat(this.service.hostings().path("regions").path("europe").path("name").asString()).isEqualTo("Europe");

		stubFor(WireMock.post("/" + USER + "/account/request-password-reset").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"meta\": {\"serverTime\": 1}}")));
		this.service.requestPasswordReset(USER, "pryv-fixture-app");
		verify(postRequestedFor(urlEqualTo("/" + USER + "/account/request-password-reset")).withHeader("Origin", equalTo(this.base))
			.withRequestBody(equalToJson("{\"appId\": \"pryv-fixture-app\", \"username\": \"" + USER + "\"}")));

		stubFor(WireMock.post("/" + USER + "/account/reset-password").willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\": {\"id\": \"invalid-access-token\", \"message\": \"The reset token is invalid or expired\"}}")));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.resetPassword(USER, "pryv-fixture-app", "bad-reset", "n3w"))
			.withMessageContaining("reset token is invalid")
			.withMessageNotContaining("bad-reset");
	}

	@Test
	void unreachablePlatformIsAClientError() {
		PryvService unreachable = PryvService.builder().serviceInfoUrl("http://127.0.0.1:1/reg/service/info").build();
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(unreachable::info)
			.withMessageContaining("GET service info")
			.withMessageContaining("http://127.0.0.1:1/reg/service/info");
	}

}
