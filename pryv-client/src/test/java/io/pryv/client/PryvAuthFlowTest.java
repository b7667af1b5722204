package io.pryv.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.findAll;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/** The consent flow against a fake platform answering as the recorded open-pryv.io server. */
@WireMockTest
class PryvAuthFlowTest {

	private static final String KEY = "AFDUqvBLzWXLrTgi";

	private static final String REFUSED_KEY = "uN2k0nkDnd6sgOz_";

	private static final String TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	/** The request recorded in auth-request-start. */
	private static final AuthRequest RECORDED_REQUEST = new AuthRequest("sample-app",
			List.of(new RequestedPermission("heart", "Heart", "read")), "en", "http://localhost:8080/login/return?",
			Map.of("app-web-auth:description", Map.of("type", "note/txt", "content", "Consent message")), null, null,
			null);

	private String base;

	private PryvService service;

	private PryvAuthFlow flow;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		this.flow = new PryvAuthFlow(new ReactivePryvAuthFlow(this.service.reactive(), RECORDED_REQUEST,
				Duration.ofMillis(10), Duration.ofMinutes(5), Clock.systemUTC()));
	}

	/** The recorded start; the service info's access URL ends with '/', the recorded request had none. */
	private void stubStart() {
		stubFor(post("/reg/access/").willReturn(PryvFixture.load("auth-request-start").response(this.base)));
	}

	private PendingAuth pendingFor(String key, Instant expiresAt) {
		return new PendingAuth(key, null, this.base + "/reg/access/" + key, 10, expiresAt);
	}

	@Test
	void startPostsTheRequestAndReturnsWhatThePlatformAnswered() {
		PryvFixture start = PryvFixture.load("auth-request-start");
		stubStart();
		Instant before = Instant.now();
		PendingAuth pending = this.flow.start();
		verify(postRequestedFor(urlEqualTo("/reg/access/"))
			.withRequestBody(equalToJson(start.requestBody().toString())));
		assertThat(pending.key()).isEqualTo(KEY);
		assertThat(pending.pollUrl()).isEqualTo(this.base + "/reg/access/" + KEY);
		assertThat(pending.authUrl()).startsWith(this.base + "/fake-auth-ui/access.html?lang=en&key=" + KEY);
		assertThat(pending.pollRateMs()).isEqualTo(1000);
		assertThat(Duration.between(before, pending.expiresAt()).toMinutes()).isEqualTo(5);
	}

	@Test
	void startWithOverridesSendsThem() {
		stubStart();
		this.flow.start(this.flow.defaults()
			.withPermissions(List.of(new RequestedPermission("diary", "Diary", "contribute")))
			.withReturnUrl("https://app.example/back#")
			.withClientData(Map.of("k", "v")));
		verify(postRequestedFor(urlEqualTo("/reg/access/")).withRequestBody(equalToJson("""
				{"requestingAppId": "sample-app", "languageCode": "en",
				 "requestedPermissions": [{"streamId": "diary", "defaultName": "Diary", "level": "contribute"}],
				 "returnURL": "https://app.example/back#", "clientData": {"k": "v"}}""")));
	}

	@Test
	void startWithoutAnAppIdSaysWhatToConfigure() {
		PryvAuthFlow noDefaults = new PryvAuthFlow(this.service, null);
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(noDefaults::start)
			.withMessageContaining("pryv.app-id");
		verify(0, postRequestedFor(urlPathMatching("/reg/access/.*")));
	}

	@Test
	void awaitPollsAtThePlatformRateUntilAccepted() {
		stubStart();
		String path = "/reg/access/" + KEY;
		stubFor(get(path).inScenario("login").whenScenarioStateIs(Scenario.STARTED)
			.willReturn(PryvFixture.load("auth-poll-need-signin").response(this.base)).willSetStateTo("one"));
		stubFor(get(path).inScenario("login").whenScenarioStateIs("one")
			.willReturn(PryvFixture.load("auth-poll-need-signin").response(this.base)).willSetStateTo("two"));
		stubFor(get(path).inScenario("login").whenScenarioStateIs("two")
			.willReturn(PryvFixture.load("auth-poll-accepted").response(this.base)));

		PendingAuth pending = this.flow.start();
		long started = System.nanoTime();
		AuthState state = this.flow.await(pending, Duration.ofSeconds(30));
		long elapsedMs = (System.nanoTime() - started) / 1_000_000;

		assertThat(state.status()).isEqualTo(AuthState.Status.ACCEPTED);
		assertThat(state.username()).isEqualTo("fixturejcstbv");
		assertThat(state.apiEndpoint().baseUrl()).isEqualTo(this.base + "/fixturejcstbv/");
		assertThat(state.apiEndpoint().token()).isEqualTo(TOKEN);
		assertThat(state.toString()).contains("ACCEPTED", "fixturejcstbv").doesNotContain(TOKEN);
		verify(3, getRequestedFor(urlEqualTo(path)));
		// two waits at the platform's poll_rate_ms (1000) between the three polls
		assertThat(elapsedMs).isGreaterThanOrEqualTo(2000);
	}

	@Test
	void pollOnceReportsNeedSigninWithThePlatformRate() {
		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		AuthState state = this.flow.poll(pendingFor(KEY, Instant.now().plusSeconds(60)));
		assertThat(state.status()).isEqualTo(AuthState.Status.NEED_SIGNIN);
		assertThat(state.isFinal()).isFalse();
		assertThat(state.pending().pollRateMs()).isEqualTo(1000);
		assertThat(state.apiEndpoint()).isNull();
	}

	@Test
	void refusedCarriesTheReason() {
		PryvFixture.load("auth-poll-refused").stub(this.base);
		AuthState state = this.flow.await(pendingFor(REFUSED_KEY, Instant.now().plusSeconds(60)), Duration.ofSeconds(10));
		assertThat(state.status()).isEqualTo(AuthState.Status.REFUSED);
		assertThat(state.reasonId()).isEqualTo("REFUSED_BY_USER");
		assertThat(state.message()).isEqualTo("The user refused to give access");
		assertThat(state.apiEndpoint()).isNull();
		verify(1, getRequestedFor(urlEqualTo("/reg/access/" + REFUSED_KEY)));
	}

	@Test
	void unknownKeyIsExpired() {
		PryvFixture.load("auth-poll-unknown-key").stub(this.base);
		AuthState state = this.flow.poll(pendingFor("no-such-key", Instant.now().plusSeconds(60)));
		assertThat(state.status()).isEqualTo(AuthState.Status.EXPIRED);
		assertThat(state.reasonId()).isEqualTo("unknown-access-key");
		assertThat(state.message()).isEqualTo("Unknown or expired access key");
	}

	@Test
	void pastItsExpiryARequestIsExpiredWithoutAsking() {
		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		AuthState state = this.flow.poll(pendingFor(KEY, Instant.now().minusSeconds(1)));
		assertThat(state.status()).isEqualTo(AuthState.Status.EXPIRED);
		verify(0, getRequestedFor(urlPathMatching("/reg/access/.*")));
	}

	@Test
	void awaitStopsAtTheExpiry() {
		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		AuthState state = this.flow.await(pendingFor(KEY, Instant.now().plusMillis(1500)), Duration.ofSeconds(30));
		assertThat(state.status()).isEqualTo(AuthState.Status.EXPIRED);
		// polled at 0 s and 1 s (the platform's rate), then expired at 2 s without a request
		verify(2, getRequestedFor(urlEqualTo("/reg/access/" + KEY)));
	}

	@Test
	void awaitTimeoutGivesTheLastPendingState() {
		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		PendingAuth pending = pendingFor(KEY, Instant.now().plusSeconds(60));
		AuthState state = this.flow.await(pending, Duration.ofMillis(300));
		assertThat(state.status()).isEqualTo(AuthState.Status.NEED_SIGNIN);
		assertThat(state.pending().key()).isEqualTo(KEY);
	}

	@Test
	void cancellingAnAwaitStopsThePolling() {
		PryvFixture.load("auth-poll-need-signin").stub(this.base);
		Disposable waiting = this.flow.reactive()
			.await(pendingFor(KEY, Instant.now().plusSeconds(60)), Duration.ofSeconds(30))
			.subscribe();
		Awaitility.await().atMost(Duration.ofSeconds(5))
			.until(() -> findAll(getRequestedFor(urlEqualTo("/reg/access/" + KEY))).size() == 1);
		waiting.dispose();
		// the platform's poll rate is 1 s: no second poll comes after the cancellation
		Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
			.until(() -> findAll(getRequestedFor(urlEqualTo("/reg/access/" + KEY))).size() == 1);
	}

	@Test
	void redirectedPollIsFollowed() {
		// REDIRECTED is not in the recordings: its shape is the documented one (HTTP 301, new poll URL)
		String moved = this.base + "/reg/access/moved-" + KEY;
		stubFor(get("/reg/access/" + KEY).willReturn(aResponse().withStatus(301)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"status\": \"REDIRECTED\", \"poll\": \"" + moved + "\"}")));
		stubFor(get("/reg/access/moved-" + KEY).willReturn(PryvFixture.load("auth-poll-accepted").response(this.base)));
		AuthState state = this.flow.poll(pendingFor(KEY, Instant.now().plusSeconds(60)));
		assertThat(state.status()).isEqualTo(AuthState.Status.ACCEPTED);
		assertThat(state.pending().pollUrl()).isEqualTo(moved);
	}

	@Test
	void resumeFromAKeyOrAPollUrlUnderTheAccessUrl() {
		PendingAuth fromKey = this.flow.resume(KEY);
		assertThat(fromKey.pollUrl()).isEqualTo(this.base + "/reg/access/" + KEY);
		assertThat(fromKey.key()).isEqualTo(KEY);
		assertThat(fromKey.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofMinutes(5)), within(Duration.ofSeconds(5)));
		PendingAuth fromPoll = this.flow.resume(this.base + "/reg/access/" + KEY);
		assertThat(fromPoll.key()).isEqualTo(KEY);
		assertThat(fromPoll.pollUrl()).isEqualTo(fromKey.pollUrl());
		assertThat(this.flow.resume(Map.of("prYvkey", KEY, "prYvstatus", "ACCEPTED")).pollUrl())
			.isEqualTo(fromKey.pollUrl());
		assertThat(this.flow.resume(Map.of("pryvPoll", this.base + "/reg/access/" + KEY, "pryvKey", KEY)).key())
			.isEqualTo(KEY);
		PryvFixture.load("auth-poll-accepted").stub(this.base);
		assertThat(this.flow.poll(fromPoll).status()).isEqualTo(AuthState.Status.ACCEPTED);
	}

	@Test
	void resumeRejectsPollUrlsNotUnderTheAccessUrlWithoutSendingAnything(WireMockRuntimeInfo wm) {
		String access = this.base + "/reg/access/";
		String otherPort = "http://localhost:" + (wm.getHttpPort() + 1) + "/reg/access/" + KEY;
		for (String bad : List.of("https://evil.example/reg/access/" + KEY, otherPort,
				"http://127.0.0.1:" + wm.getHttpPort() + "@evil.example/reg/access/" + KEY,
				access.replace("localhost", "evil.example") + KEY, access + "../../users/" + KEY,
				this.base + "/reg/other/" + KEY, access + KEY + "?next=https://evil.example/", access + KEY + "/extra",
				"https://" + access.substring(access.indexOf("://") + 3) + KEY, "../" + KEY, "key with spaces")) {
			assertThatExceptionOfType(PryvClientException.class).as(bad)
				.isThrownBy(() -> this.flow.resume(bad))
				.withMessageStartingWith("Cannot resume an auth request");
		}
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.flow.resume(Map.of("prYvpoll", "https://evil.example/reg/access/" + KEY)))
			.withMessageContaining("not under the platform's access URL");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.flow.resume(Map.of("prYvkey", "other", "prYvpoll", access + KEY)))
			.withMessageContaining("is not the one of its poll URL");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.flow.resume("forged\nERROR line"))
			.withMessageContaining("'forged?ERROR line' is not an auth request key");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.flow.resume(Map.of("prYvtoken", TOKEN)))
			.withMessageContaining("pryvPoll, prYvpoll, pryvKey, prYvkey")
			.withMessageNotContaining(TOKEN);
		// only the service info was fetched: no poll was sent anywhere
		verify(1, anyRequestedFor(urlEqualTo("/reg/service/info")));
		verify(0, getRequestedFor(urlPathMatching("/reg/access/.*")));
	}

}
