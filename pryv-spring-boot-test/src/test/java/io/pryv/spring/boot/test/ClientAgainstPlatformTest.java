package io.pryv.spring.boot.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.pryv.client.ApiCall;
import io.pryv.client.ApiResult;
import io.pryv.client.AuthRequest;
import io.pryv.client.AuthState;
import io.pryv.client.Event;
import io.pryv.client.EventsQuery;
import io.pryv.client.PendingAuth;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvAuthFlow;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.RequestedPermission;
import io.pryv.client.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The fluent seeding and consent API, driven through the real Pryv client as
 * an application would drive it: what a test seeds is what the app reads,
 * what the test consents to is what the app's poll sees, and what the app
 * writes is what the test reads back.
 */
class ClientAgainstPlatformTest {

	private static final AuthRequest REQUEST = new AuthRequest("my-portal",
			List.of(new RequestedPermission("heart", "Heart", "read"), new RequestedPermission("diary", "Diary", "contribute")),
			"en", "https://portal.example/login/return?", null, null, null, null);

	private SimulatedPryvPlatform platform;

	private PryvService service;

	private PryvConnectionFactory connections;

	private PryvAuthFlow flow;

	@BeforeEach
	void start() {
		this.platform = SimulatedPryvPlatform.builder().pollRate(Duration.ofMillis(50)).start();
		this.service = PryvService.builder().serviceInfoUrl(this.platform.serviceInfoUrl()).build();
		this.connections = new PryvConnectionFactory(this.service);
		this.flow = new PryvAuthFlow(this.service, REQUEST);
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	@Test
	void seededDataIsWhatTheAppReads() {
		SimulatedUser alice = this.platform.user("alice");
		alice.stream("heart", "Heart").child("heart-rate", "Heart rate").events("frequency/bpm", 72, 75, 80);
		alice.stream("diary", "Diary").events("note/txt", "Slept well");
		PryvConnection connection = this.connections.connect(alice.grant("my-portal", "heart", "read"));

		List<Event> events = new ArrayList<>();
		connection.streamEvents(EventsQuery.all(), events::add);
		assertThat(events).extracting(Event::content).extracting(JsonNode::asInt).containsExactly(80, 75, 72);
		assertThat(events).allSatisfy((event) -> assertThat(event.streamIds()).containsExactly("heart-rate"));
		List<Stream> streams = connection.streams();
		assertThat(streams).extracting(Stream::id).containsExactly("heart");
		assertThat(streams.get(0).children()).extracting(Stream::id).containsExactly("heart-rate");
		assertThat(connection.accessInfo().name()).isEqualTo("my-portal");
	}

	@Test
	void whatTheAppWritesIsWhatTheTestReadsBack() {
		SimulatedUser bob = this.platform.user("bob-user");
		bob.stream("diary");
		PryvConnection connection = this.connections.connect(bob.grant("my-portal", "diary", "contribute"));
		List<ApiResult> results = connection.api(List.of(
				ApiCall.of("events.create", Map.of("streamIds", List.of("diary"), "type", "note/txt", "content", "hello")),
				ApiCall.of("events.create", Map.of("streamIds", List.of("heart"), "type", "note/txt", "content", "no"))));
		assertThat(results.get(0).isSuccess()).isTrue();
		assertThat(results.get(1).error().id()).isEqualTo("unknown-referenced-resource");
		assertThat(bob.stream("diary").events()).extracting((event) -> event.path("content").asString()).containsExactly("hello");
		assertThat(this.platform.requests().batchCalls()).extracting((call) -> call.path("method").asString())
			.containsExactly("events.create", "events.create");
	}

	@Test
	void consentAcceptedFromTheTestIsSeenByTheAppsPoll() {
		this.platform.user("alice").stream("heart").events("frequency/bpm", 61);
		PendingAuth pending = this.flow.start();
		assertThat(this.flow.poll(pending).status()).isEqualTo(AuthState.Status.NEED_SIGNIN);

		Consent consent = this.platform.consent(pending);
		assertThat(consent.appId()).isEqualTo("my-portal");
		assertThat(consent.requestedPermissions()).extracting((p) -> p.path("streamId").asString()).containsExactly("heart", "diary");
		String back = consent.accept("alice");
		assertThat(back).startsWith("https://portal.example/login/return?prYvkey=" + pending.key())
			.contains("&prYvstatus=ACCEPTED&prYvpoll=");

		AuthState accepted = this.flow.poll(pending);
		assertThat(accepted.status()).isEqualTo(AuthState.Status.ACCEPTED);
		assertThat(accepted.username()).isEqualTo("alice");
		PryvConnection connection = this.connections.connect(accepted.apiEndpoint());
		assertThat(connection.accessInfo().permissionList()).extracting((p) -> p.streamId()).containsExactly("heart", "diary");
		assertThat(this.platform.user("alice").streamIds()).as("the consent creates the requested streams")
			.containsExactly("heart", "diary");
		assertThatIllegalStateException().isThrownBy(() -> consent.refuse()).withMessageContaining("already answered");
	}

	@Test
	void refusedAndExpiredConsents() {
		PendingAuth refused = this.flow.start();
		assertThat(this.platform.pendingConsent().key()).isEqualTo(refused.key());
		assertThat(this.platform.pendingConsent().refuse()).contains("prYvstatus=REFUSED");
		assertThat(this.flow.poll(refused).status()).isEqualTo(AuthState.Status.REFUSED);

		PendingAuth expired = this.flow.start();
		this.platform.consent(expired.authUrl()).expire();
		assertThat(this.flow.poll(expired).status()).isIn(AuthState.Status.EXPIRED, AuthState.Status.ERROR);
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.consent(expired.pollUrl()))
			.withMessageContaining("unknown or expired");
		assertThatIllegalStateException().isThrownBy(() -> this.platform.pendingConsent());
	}

	@Test
	void awaitSeesAConsentGivenMeanwhile() throws Exception {
		PendingAuth pending = this.flow.start();
		Thread user = new Thread(() -> {
			sleep(300);
			this.platform.consent(pending.key()).accept("carol-user");
		});
		user.start();
		AuthState state = this.flow.await(pending, Duration.ofSeconds(30));
		user.join();
		assertThat(state.status()).isEqualTo(AuthState.Status.ACCEPTED);
		assertThat(state.username()).isEqualTo("carol-user");
	}

	@Test
	void loginChecksPasswordAndOrigin() {
		this.platform.user("dave-user").password("s3cret-pass");
		PryvConnection connection = this.service.login("dave-user", "s3cret-pass", "my-portal");
		assertThat(connection.accessInfo().type()).isEqualTo("personal");
		this.platform.requests().assertLoginsSentOrigin(this.platform.baseUrl());
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.login("dave-user", "wrong-pass", "my-portal"))
			.satisfies((ex) -> assertThat(ex.getId()).isEqualTo("invalid-credentials"));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.service.login("dave-user", "s3cret-pass", "my-portal", "https://evil.example"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("not trusted"));
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.platform.requests().assertLoginsSentOrigin(this.platform.baseUrl()))
			.withMessageContaining("https://evil.example");
	}

	@Test
	void aLoginFromAnotherOriginNeedsItTrusted() {
		try (SimulatedPryvPlatform strict = SimulatedPryvPlatform.builder()
			.trustOrigins("https://*.example.org")
			.distrustOwnOrigin()
			.start()) {
			strict.user("erin-user").password("s3cret-pass");
			PryvService client = PryvService.builder().serviceInfoUrl(strict.serviceInfoUrl()).build();
			assertThatExceptionOfType(PryvApiException.class)
				.isThrownBy(() -> client.login("erin-user", "s3cret-pass", "my-portal"));
			assertThat(client.login("erin-user", "s3cret-pass", "my-portal", "https://portal.example.org").username())
				.isEqualTo("erin-user");
		}
	}

	@Test
	void noTokenInUrlsIsChecked() {
		String endpoint = this.platform.user("alice").grant("my-portal", "*", "read");
		PryvConnection connection = this.connections.connect(endpoint);
		connection.accessInfo();
		connection.get("events", Map.of("limit", 1));
		this.platform.requests().assertNoTokenInUrls();

		String token = PlatformHttp.tokenOf(endpoint);
		new PlatformHttp(this.platform).get("/alice/access-info?auth=" + token, null);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.platform.requests().assertNoTokenInUrls())
			.withMessageContaining("GET /alice/access-info?auth=****")
			.withMessageNotContaining(token);
		assertThat(this.platform.requests().all().toString()).doesNotContain(token);
	}

	@Test
	void newUserHookSeedsEveryNewAccount() {
		try (SimulatedPryvPlatform seeded = SimulatedPryvPlatform.builder()
			.onNewUser((user) -> user.stream("diary", "Diary").events("note/txt", "Welcome"))
			.start()) {
			PryvAuthFlow flow = new PryvAuthFlow(PryvService.builder().serviceInfoUrl(seeded.serviceInfoUrl()).build(), REQUEST);
			PendingAuth pending = flow.start();
			seeded.consent(pending).accept("frank-user");
			assertThat(seeded.user("frank-user").stream("diary").events()).hasSize(1);
			assertThat(seeded.usernames()).containsExactly("frank-user");
		}
	}

	@Test
	void badSeedsAreRefusedWithTheReason() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.user("Al"))
			.withMessageContaining("not a Pryv username");
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.user("alice").stream("s").events("bpm", 1))
			.withMessageContaining("not a Pryv event type");
		assertThatIllegalArgumentException().isThrownBy(() -> this.platform.user("alice").grant("app", "s", "write"))
			.withMessageContaining("not a Pryv access level");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
