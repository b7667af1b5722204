package io.pryv.spring.boot.test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.pryv.client.PryvFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each simulated endpoint against the answer a real open-pryv.io 2.0 server
 * gave to the same request (the recorded fixtures): same status code, same
 * content type, same keys (at the top and in the objects and items within),
 * same error ids. Only {@code integrity} (a hash the simulation does not
 * compute for events and accesses) may be missing, and the service info's
 * {@code features} announce none ({@code contentQueries} is not simulated).
 */
class RecordedAnswersTest {

	private static final String USER = "fixturejcstbv";

	private static final String PASSWORD = "fixture-passw0rd";

	private SimulatedPryvPlatform platform;

	private PlatformHttp http;

	private String token;

	@BeforeEach
	void start() {
		this.platform = SimulatedPryvPlatform.start();
		this.http = new PlatformHttp(this.platform);
	}

	@AfterEach
	void stop() {
		this.platform.close();
	}

	private PlatformHttp.Answer register() {
		PlatformHttp.Answer answer = this.http.post("/users", null, PryvFixture.load("register-user").requestBody());
		this.token = PlatformHttp.tokenOf(answer.json().path("apiEndpoint").asString());
		return answer;
	}

	/** Register, then create the recorded batch's streams and events. */
	private PlatformHttp.Answer registerAndBatch() {
		register();
		return this.http.post("/" + USER + "/", this.token, PryvFixture.load("batch-create").requestBody());
	}

	private String firstEventId() {
		return this.platform.user(USER).events().get(0).path("id").asString();
	}

	@Test
	void serviceInfo() {
		assertSameShape("service-info", this.http.get("/reg/service/info", null));
	}

	@Test
	void registration() {
		assertSameShape("register-user", register());
		assertSameShape("register-user-taken", this.http.post("/users", null, PryvFixture.load("register-user").requestBody()));
	}

	@Test
	void registerQueries() {
		register();
		this.platform.user("alice").email("alice@example.com");
		assertSameShape("user-exists-server", this.http.post("/reg/alice/server", null, "{}"));
		assertSameShape("user-exists-unknown", this.http.post("/reg/nobody99/server", null, "{}"));
		assertSameShape("check-username-reserved", this.http.get("/reg/alice/check_username", null));
		assertSameShape("uid-from-email", this.http.get("/reg/alice@example.com/uid", null));
		assertSameShape("hostings", this.http.get("/reg/hostings", null));
	}

	@Test
	void logins() {
		register();
		String origin = this.platform.baseUrl();
		JsonNode body = PryvFixture.load("login").requestBody();
		assertSameShape("login", this.http.post("/" + USER + "/auth/login", null, body, "Origin", origin));
		assertSameShape("login-wrong-password", this.http.post("/" + USER + "/auth/login", null,
				PryvFixture.load("login-wrong-password").requestBody(), "Origin", origin));
		assertSameShape("login-untrusted-origin",
				this.http.post("/" + USER + "/auth/login", null, body, "Origin", "https://evil.example"));
		assertSameShape("login-unknown-user", this.http.post("/nosuchuser123/auth/login", null,
				PryvFixture.load("login-unknown-user").requestBody(), "Origin", origin));
	}

	@Test
	void accessInfo() {
		register();
		assertSameShape("access-info", this.http.get("/" + USER + "/access-info", this.token));
		assertSameShape("access-info-invalid-token", this.http.get("/" + USER + "/access-info", "not-a-token"));
	}

	@Test
	void batches() {
		assertSameShape("batch-create", registerAndBatch());
		assertSameShape("batch-invalid-token", this.http.post("/" + USER + "/", "not-a-token",
				PryvFixture.load("batch-invalid-token").requestBody()));
		assertSameShape("batch-not-an-array", this.http.post("/" + USER + "/", this.token,
				PryvFixture.load("batch-not-an-array").requestBody()));
	}

	@Test
	void streamsAndEvents() {
		registerAndBatch();
		assertSameShape("streams-get", this.http.get("/" + USER + "/streams", this.token));
		PlatformHttp.Answer events = this.http.get("/" + USER + "/events?streams=heart&limit=10", this.token);
		assertSameShape("events-get", events);
		assertThat(events.text()).as("meta comes last, after the events").matches("(?s)\\{\"events\":.*,\"meta\":\\{[^{}]*\\}\\}");
		assertSameShape("events-get-unknown-stream", this.http.get("/" + USER + "/events?streams=no-such-stream", this.token));
		assertSameShape("events-get-bad-param", this.http.get("/" + USER + "/events?limit=notanumber", this.token));
	}

	@Test
	void eventUpdateTrashDeleteThenDeletions() {
		registerAndBatch();
		String id = firstEventId();
		assertSameShape("event-update", this.http.send("PUT", "/" + USER + "/events/" + id, this.token, "{\"content\":95}"));
		assertSameShape("event-trash", this.http.send("DELETE", "/" + USER + "/events/" + id, this.token, null));
		assertSameShape("event-delete", this.http.send("DELETE", "/" + USER + "/events/" + id, this.token, null));
		PlatformHttp.Answer deletions = this.http
			.get("/" + USER + "/events?includeDeletions=true&modifiedSince=0&state=all", this.token);
		assertSameShape("events-get-deletions", deletions);
		assertThat(deletions.json().path("eventDeletions").get(0).path("id").asString()).isEqualTo(id);
		assertThat(deletions.text()).matches("(?s)\\{\"events\":.*,\"eventDeletions\":.*,\"meta\":\\{[^{}]*\\}\\}");
	}

	@Test
	void highFrequencySeries() {
		registerAndBatch();
		PlatformHttp.Answer created = this.http.post("/" + USER + "/events", this.token,
				PryvFixture.load("hf-event-create").requestBody());
		assertSameShape("hf-event-create", created);
		String id = created.json().path("event").path("id").asString();
		String series = "/" + USER + "/events/" + id + "/series";
		assertSameShape("hf-add-points", this.http.post(series, this.token, PryvFixture.load("hf-add-points").requestBody()));
		assertSameShape("hf-add-points-bad-fields",
				this.http.post(series, this.token, PryvFixture.load("hf-add-points-bad-fields").requestBody()));
		PlatformHttp.Answer points = this.http.get(series, this.token);
		assertSameShape("hf-get-series", points);
		assertThat(points.json().path("points")).isEqualTo(PryvFixture.load("hf-get-series").responseJson("").path("points"));
	}

	@Test
	void attachments() {
		registerAndBatch();
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13 };
		String boundary = "----pryvtest";
		byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"event\"\r\n"
				+ "Content-Type: application/json\r\n\r\n{\"streamIds\":[\"heart\"],\"type\":\"picture/attached\"}\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pixel.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
		byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
		byte[] multipart = new byte[body.length + png.length + end.length];
		System.arraycopy(body, 0, multipart, 0, body.length);
		System.arraycopy(png, 0, multipart, body.length, png.length);
		System.arraycopy(end, 0, multipart, body.length + png.length, end.length);
		PlatformHttp.Answer created = this.http.send("POST", "/" + USER + "/events", this.token, multipart,
				"Content-Type", "multipart/form-data; boundary=" + boundary);
		assertSameShape("attachment-create", created);
		JsonNode event = created.json().path("event");
		JsonNode file = event.path("attachments").get(0);
		assertThat(file.path("size").asInt()).isEqualTo(png.length);
		PlatformHttp.Answer download = this.http.get("/" + USER + "/events/" + event.path("id").asString() + "/"
				+ file.path("id").asString() + "?readToken=" + file.path("readToken").asString(), null);
		assertThat(download.status()).isEqualTo(PryvFixture.load("attachment-get-readtoken").status());
		assertThat(download.contentType()).isEqualTo("image/png");
		assertThat(download.bytes()).isEqualTo(png);
	}

	@Test
	void appAccessForbiddenWriteRevocation() {
		registerAndBatch();
		PlatformHttp.Answer created = this.http.post("/" + USER + "/accesses", this.token,
				PryvFixture.load("access-create-app").requestBody());
		assertSameShape("access-create-app", created);
		JsonNode access = created.json().path("access");
		String appToken = access.path("token").asString();
		assertSameShape("forbidden-write-with-read-access", this.http.post("/" + USER + "/events", appToken,
				PryvFixture.load("forbidden-write-with-read-access").requestBody()));
		assertSameShape("access-delete-revoke",
				this.http.send("DELETE", "/" + USER + "/accesses/" + access.path("id").asString(), this.token, null));
		assertSameShape("revoked-token-use", this.http.get("/" + USER + "/events?limit=1", appToken));
	}

	@Test
	void authRequests() {
		PlatformHttp.Answer started = this.http.post("/reg/access", null, PryvFixture.load("auth-request-start").requestBody());
		assertSameShape("auth-request-start", started);
		assertSameShape("auth-request-start-invalid",
				this.http.post("/reg/access", null, PryvFixture.load("auth-request-start-invalid").requestBody()));
		assertSameShape("auth-request-start-with-return-url",
				this.http.post("/reg/access/", null, PryvFixture.load("auth-request-start-with-return-url").requestBody()));
		String poll = started.json().path("poll").asString();
		assertSameShape("auth-poll-need-signin", this.http.get(poll, null));
		assertSameShape("auth-accept-by-ui", this.http.post(poll, null, PryvFixture.load("auth-accept-by-ui").requestBody()));
		assertSameShape("auth-poll-accepted", this.http.get(poll, null));
		String refusedPoll = this.http.post("/reg/access", null, PryvFixture.load("auth-request-start").requestBody())
			.json()
			.path("poll")
			.asString();
		assertSameShape("auth-refuse-by-ui",
				this.http.post(refusedPoll, null, PryvFixture.load("auth-refuse-by-ui").requestBody()));
		assertSameShape("auth-poll-refused", this.http.get(refusedPoll, null));
		assertSameShape("auth-poll-unknown-key", this.http.get("/reg/access/no-such-key", null));
	}

	@Test
	void anExpiredAuthRequestPollsAsUnknown() {
		String poll = this.http.post("/reg/access", null, PryvFixture.load("auth-request-start").requestBody())
			.json()
			.path("poll")
			.asString();
		this.platform.consent(poll).expire();
		assertSameShape("auth-poll-unknown-key", this.http.get(poll, null));
	}

	// the comparison

	private void assertSameShape(String fixtureName, PlatformHttp.Answer actual) {
		PryvFixture fixture = PryvFixture.load(fixtureName);
		assertThat(actual.status()).as(fixtureName + ": status").isEqualTo(fixture.status());
		JsonNode expected = fixture.responseJson(this.platform.baseUrl());
		String expectedType = PlatformHttp.MAPPER.readTree(recordedHeaders(fixtureName)).path("content-type").asString(null);
		if (expectedType != null) {
			assertThat(actual.contentType()).as(fixtureName + ": content type").isEqualToIgnoringCase(expectedType);
		}
		List<String> differences = new ArrayList<>();
		compare(expected, actual.json(), "", differences);
		assertThat(differences).as(fixtureName + ": differences with the recorded answer").isEmpty();
		if (expected.has("error")) {
			assertThat(actual.json().path("error").path("id").asString()).as(fixtureName + ": error id")
				.isEqualTo(expected.path("error").path("id").asString());
		}
	}

	private static String recordedHeaders(String fixtureName) {
		try (var in = PryvFixture.class.getResourceAsStream("/fixtures/" + fixtureName + ".json")) {
			return PlatformHttp.MAPPER.readTree(in).path("response").path("headers").toString();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Keys and error ids; for arrays, the user items (ids not starting with ':') pairwise, or the batch results by slot. */
	private static void compare(JsonNode expected, JsonNode actual, String path, List<String> differences) {
		if (expected.isObject()) {
			if (!actual.isObject()) {
				differences.add(path + ": expected an object, got " + actual.getNodeType());
				return;
			}
			Set<String> expectedKeys = keys(expected);
			Set<String> actualKeys = keys(actual);
			if (!expectedKeys.equals(actualKeys)) {
				differences.add(path + ": keys " + actualKeys + ", recorded " + expectedKeys);
			}
			if (path.endsWith("error") && expected.has("id") && !expected.path("id").equals(actual.path("id"))) {
				differences.add(path + ".id: " + actual.path("id") + ", recorded " + expected.path("id"));
			}
			for (String key : expectedKeys) {
				if (actual.has(key) && !key.equals("clientData") && !key.equals("content") && !key.equals("data")
						&& !key.equals("features")) {
					compare(expected.get(key), actual.get(key), path + "." + key, differences);
				}
			}
		}
		else if (expected.isArray() && actual.isArray()) {
			List<JsonNode> expectedItems = userItems(expected);
			List<JsonNode> actualItems = userItems(actual);
			boolean bySlot = path.endsWith("results");
			if (bySlot && expectedItems.size() != actualItems.size()) {
				differences.add(path + ": " + actualItems.size() + " results, recorded " + expectedItems.size());
			}
			for (int i = 0; i < Math.min(expectedItems.size(), actualItems.size()) && (bySlot || i < 1); i++) {
				compare(expectedItems.get(i), actualItems.get(i), path + "[" + i + "]", differences);
			}
		}
		else if (!expected.isNull() && expected.getNodeType() != actual.getNodeType()
				&& !(expected.isNumber() && actual.isNumber())) {
			differences.add(path + ": a " + actual.getNodeType() + ", recorded a " + expected.getNodeType());
		}
	}

	private static Set<String> keys(JsonNode object) {
		Set<String> keys = new TreeSet<>();
		for (Iterator<String> names = object.propertyNames().iterator(); names.hasNext();) {
			keys.add(names.next());
		}
		keys.remove("integrity");
		return keys;
	}

	private static List<JsonNode> userItems(JsonNode array) {
		List<JsonNode> items = new ArrayList<>();
		for (JsonNode item : array) {
			if (!item.path("id").asString("").startsWith(":")) {
				items.add(item);
			}
		}
		return items;
	}

}
