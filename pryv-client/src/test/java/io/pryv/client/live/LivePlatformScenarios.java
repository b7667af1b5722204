package io.pryv.client.live;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import io.pryv.client.AccessInfo;
import io.pryv.client.ApiCall;
import io.pryv.client.ApiResult;
import io.pryv.client.AttachmentSource;
import io.pryv.client.AuthResponse;
import io.pryv.client.AuthStatus;
import io.pryv.client.CreatedUser;
import io.pryv.client.Event;
import io.pryv.client.EventDeletion;
import io.pryv.client.EventsQuery;
import io.pryv.client.EventsStreamResult;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.ServiceInfo;
import io.pryv.client.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The main scenarios of the client, run for real against a Pryv platform: the
 * live-platform suite ({@code -Plive}, {@link LivePlatformTest}) runs them on the
 * platform named by {@code PRYV_TEST_SERVICE_INFO_URL}, and
 * {@link LivePlatformReplayTest} runs them against the recorded answers of an
 * open-pryv.io 2.0 server, so that the suite is known to work.
 * <p>
 * Each step asserts what the platform must answer; they run in order, later
 * steps using what earlier ones created.
 */
final class LivePlatformScenarios {

	/** A 1x1 PNG. */
	static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0,
			0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, (byte) 0xc4, (byte) 0x89, 0, 0, 0, 13, 'I', 'D', 'A', 'T',
			0x78, (byte) 0x9c, 0x63, (byte) 0xf8, (byte) 0xcf, (byte) 0xc0, (byte) 0xf0, 0x1f, 0, 5, 0, 1, (byte) 0xff,
			(byte) 0x89, (byte) 0x99, 0x3d, 0x1d, 0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 'B', 0x60, (byte) 0x82 };

	/** The app id of the suite's logins and registrations. */
	static final String APP_ID = "pryv-fixture-app";

	private final PryvService service;

	private final LiveSettings settings;

	private final List<String> log = new ArrayList<>();

	private String username;

	private String password;

	private PryvConnection connection;

	private String stream;

	private String eventId;

	LivePlatformScenarios(PryvService service, LiveSettings settings) {
		this.service = service;
		this.settings = settings;
	}

	/** What the suite is given: the platform, and optionally a user and the Origin of logins. */
	record LiveSettings(String serviceInfoUrl, String username, String password, String origin) {

		static LiveSettings fromEnvironment() {
			return new LiveSettings(env("PRYV_TEST_SERVICE_INFO_URL"), env("PRYV_TEST_USERNAME"),
					env("PRYV_TEST_PASSWORD"), env("PRYV_TEST_ORIGIN"));
		}

		private static String env(String name) {
			String value = System.getenv(name);
			return (value == null || value.isBlank()) ? null : value.strip();
		}

		@Override
		public String toString() {
			return "LiveSettings[" + this.serviceInfoUrl + ", user " + this.username + "]";
		}

	}

	/** @return one line per step done, for the report */
	List<String> log() {
		return this.log;
	}

	/** Service info, then a user (registered when none is given) and a login. */
	void signIn() {
		ServiceInfo info = this.service.info();
		assertThat(info.api()).contains("{username}");
		assertThat(info.register()).isNotNull();
		if (this.settings.username() != null) {
			this.username = this.settings.username();
			this.password = this.settings.password();
			this.stream = "live" + randomLetters(8);
		}
		else {
			// a fresh user: the recorded session of the replay, created through the register
			String candidate = "pryvtest" + randomLetters(10);
			this.password = (this.settings.password() != null) ? this.settings.password() : "Pw-" + randomLetters(16);
			CreatedUser created = this.service.createUser(Map.of("appId", APP_ID, "username", candidate, "password",
					this.password, "email", candidate + "@example.com", "language", "en"));
			this.username = created.username();
			this.stream = "heart";
			this.log.add("registered user " + this.username);
		}
		this.connection = this.service.login(this.username, this.password, APP_ID, this.settings.origin());
		this.log.add("logged in as " + this.username);
	}

	void accessInfo() {
		AccessInfo info = this.connection.accessInfo();
		assertThat(info.username()).isEqualTo(this.username);
		assertThat(info.type()).isEqualTo("personal");
		this.log.add("access info: personal access of " + info.username());
	}

	void batchWithAFailingCall() {
		String rate = this.stream + "-rate";
		List<ApiCall> calls = List.of(
				ApiCall.of("streams.create", ordered("id", this.stream, "name", "Heart")),
				ApiCall.of("streams.create", ordered("id", rate, "name", "Heart rate", "parentId", this.stream)),
				ApiCall.of("events.create", ordered("time", 1385046854.282, "streamIds", List.of(rate), "type",
						"frequency/bpm", "content", 90)),
				ApiCall.of("events.create", ordered("time", 1385046854.283, "streamIds", List.of(rate), "type",
						"frequency/bpm", "content", 120)),
				ApiCall.of("events.create", ordered("streamIds", List.of("no-such-stream"), "type", "note/txt",
						"content", "fails")),
				ApiCall.of("streams.create", ordered("id", this.stream, "name", "Heart again")),
				ApiCall.of("no.such.method", Map.of()));
		List<ApiResult> results = this.connection.api(calls);
		assertThat(results).hasSize(7);
		assertThat(results.subList(0, 4)).allMatch(ApiResult::isSuccess);
		assertThat(results.get(4).error().id()).isEqualTo("unknown-referenced-resource");
		assertThat(results.get(5).error().id()).isEqualTo("item-already-exists");
		assertThat(results.get(6).error().id()).isEqualTo("invalid-method");
		this.eventId = results.get(3).get("event").get("id").asString();
		this.log.add("batch of 7 calls: 4 done, 3 failed in their slots as expected");
	}

	void twoThousandFiveHundredCallsInChunks() {
		List<ApiCall> calls = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			calls.add(ApiCall.of("events.get", ordered("streams", List.of(this.stream), "limit", 1)));
		}
		List<Integer> progress = new ArrayList<>();
		List<ApiResult> results = this.connection.api(calls, progress::add);
		assertThat(results).hasSize(2500).allMatch(ApiResult::isSuccess);
		assertThat(progress).containsExactly(40, 80, 100);
		this.log.add("2,500 calls in 3 chunks");
	}

	void streamsTree() {
		List<Stream> roots = this.connection.streams();
		Stream parent = roots.stream().filter((s) -> s.id().equals(this.stream)).findFirst().orElseThrow();
		assertThat(parent.children()).extracting(Stream::id).contains(this.stream + "-rate");
		this.log.add("streams tree: " + roots.size() + " roots");
	}

	void eventUpdateTrashDelete() {
		Event updated = this.connection.updateEvent(this.eventId, Map.of("content", 95));
		assertThat(updated.content().asInt()).isEqualTo(95);
		JsonNode trashed = this.connection.reactive().delete("events/" + this.eventId).block();
		assertThat(trashed.path("event").path("trashed").asBoolean()).isTrue();
		JsonNode deleted = this.connection.reactive().delete("events/" + this.eventId).block();
		assertThat(deleted.path("eventDeletion").path("id").asString()).isEqualTo(this.eventId);
		this.log.add("event updated, trashed, deleted");
	}

	void streamingWithDeletions() {
		List<Event> events = new ArrayList<>();
		List<EventDeletion> deletions = new ArrayList<>();
		EventsStreamResult result = this.connection.streamEvents(
				EventsQuery.builder().includeDeletions(true).modifiedSince(0).state("all").build(), events::add,
				deletions::add);
		assertThat(result.eventsCount()).isEqualTo(events.size()).isPositive();
		assertThat(deletions).extracting(EventDeletion::id).contains(this.eventId);
		this.log.add("streamed " + events.size() + " events and " + deletions.size() + " deletions");
	}

	void attachmentRoundTrip() {
		Event created = this.connection.createEventWithAttachments(
				Map.of("streamIds", List.of(this.stream), "type", "picture/attached"),
				List.of(AttachmentSource.of(PNG, "pixel.png")));
		assertThat(created.attachments()).hasSize(1);
		assertThat(created.attachments().get(0).fileName()).isEqualTo("pixel.png");
		ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
		this.connection.writeAttachment(created.id(), created.attachments().get(0).id(), downloaded);
		assertThat(downloaded.toByteArray()).isEqualTo(PNG);
		this.log.add("attachment uploaded and downloaded byte for byte");
	}

	/** @return whether the platform has HF series (else the step is skipped) */
	boolean hfSeriesRoundTrip() {
		if (!this.service.info().features().supportsHF()) {
			this.log.add("HF series skipped: the platform says features.noHF");
			return false;
		}
		Event series = this.connection.createEvent(
				Map.of("streamIds", List.of(this.stream + "-rate"), "type", "series:frequency/bpm"));
		this.connection.addPointsToHFEvent(series.id(), List.of("deltaTime", "value"),
				List.of(List.of(0, 60), List.of(1, 61), List.of(2, 63.5)));
		JsonNode points = this.connection.hfSeries(series.id(), null, null).get("points");
		assertThat(points.size()).isEqualTo(3);
		assertThat(points.get(2).get(1).asDouble()).isEqualTo(63.5);
		this.log.add("HF series: 3 points written and read back");
		return true;
	}

	void consentRequestStartedAndPolled() {
		Map<String, Object> request = ordered("requestingAppId", "sample-app", "requestedPermissions",
				List.of(ordered("streamId", "heart", "defaultName", "Heart", "level", "read")), "languageCode", "en",
				"returnURL", "http://localhost:8080/login/return?", "clientData",
				Map.of("app-web-auth:description", ordered("type", "note/txt", "content", "Consent message")));
		AuthResponse started = this.service.startAuthRequest(request);
		assertThat(started.status()).isEqualTo(AuthStatus.NEED_SIGNIN);
		assertThat(started.pollUrl()).startsWith(this.service.info().access());
		AuthResponse polled = this.service.pollAuthRequest(started.pollUrl());
		assertThat(polled.status()).isEqualTo(AuthStatus.NEED_SIGNIN);
		this.log.add("consent request started and polled: NEED_SIGNIN");
	}

	void revocation() {
		JsonNode access = this.connection.post("accesses", ordered("name", "sample-app", "type", "app", "permissions",
				List.of(ordered("streamId", this.stream, "level", "read")))).get("access");
		PryvConnection app = new PryvConnectionFactory(this.service).connect(access.get("apiEndpoint").asString());
		String revoked = app.revoke();
		assertThat(revoked).isEqualTo(access.get("id").asString());
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> app.get("events", Map.of("limit", 1)))
			.satisfies((ex) -> assertThat(ex.getId()).isEqualTo("invalid-access-token"));
		this.log.add("app access created, revoked, its token refused");
	}

	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private static String randomLetters(int count) {
		SecureRandom random = new SecureRandom();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			text.append((char) ('a' + random.nextInt(26)));
		}
		return text.toString();
	}

}
