package io.pryv.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The bad-input matrix: endpoint strings, service info answers, ids placed in
 * URL paths, header values, URLs outside the platform, oversized inputs. Each
 * bad input gets a {@link PryvClientException} naming the problem (and never
 * the secret in it) before any request is sent, or, for ids, is encoded so
 * that the platform receives exactly the URL asserted.
 */
@WireMockTest
class BadInputMatrixTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private String base;

	private PryvService service;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info")
			.retryPolicy(RetryPolicy.NONE)
			.build();
	}

	// --- endpoint strings ---

	static Stream<Arguments> badEndpoints() {
		return Stream.of(
				Arguments.of("alice.pryv.me", "no '://' found", null),
				Arguments.of("s3crettok@alice.pryv.me/", "no '://' found", "s3crettok"),
				Arguments.of("", "it is empty", null),
				Arguments.of("   ", "it is empty", null),
				Arguments.of("https://@alice.pryv.me/", "the token before '@' is empty", null),
				Arguments.of("https://tok en@alice.pryv.me/", "space or a control character (at position 3)", "tok en"),
				Arguments.of("https://tok\r\nX-Evil: 1@alice.pryv.me/", "space or a control character", "X-Evil"),
				Arguments.of("https://tok\tx@alice.pryv.me/", "space or a control character", "tok\tx"),
				Arguments.of("https://tok@alice .pryv.me/", "Invalid Pryv API base URL", null),
				Arguments.of("https://tok@alice.pryv.me/\r\nX-Evil: 1", "Invalid Pryv API base URL", null),
				Arguments.of("ftp://tok@alice.pryv.me/", "expected an http or https URL", "tok"),
				Arguments.of("javascript:alert(document.cookie)", "no '://' found", null),
				Arguments.of("file:///etc/passwd", "expected an http or https URL", null),
				Arguments.of("ws://tok@alice.pryv.me/", "expected an http or https URL", "tok"),
				Arguments.of("https://alice:s3cret-pass@alice.pryv.me/", "user name and password", "s3cret-pass"),
				Arguments.of("https://tok@/", "no host", "tok"),
				Arguments.of("https://tok@alice.pryv.me/?auth=x", "must not have a query or fragment", "tok"),
				Arguments.of("https://tok@alice.pryv.me/#frag", "must not have a query or fragment", "tok"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("badEndpoints")
	void refusesABadEndpointStringNamingTheProblemButNotTheSecret(String endpoint, String problem, String secret) {
		PryvClientException error = catchThrowableOfType(PryvClientException.class, () -> ApiEndpoint.parse(endpoint));
		assertThat(error).as(endpoint).isNotNull();
		assertThat(error.getMessage()).contains(problem);
		if (secret != null) {
			assertThat(error.getMessage()).doesNotContain(secret);
		}
		assertThat(error.getMessage()).doesNotContain("\r").doesNotContain("\n");
	}

	@Test
	void aTokenRunsToTheLastAtSignAsInLibJs() {
		ApiEndpoint endpoint = ApiEndpoint.parse("https://to@ken@alice.pryv.me/");
		assertThat(endpoint.token()).isEqualTo("to@ken");
		assertThat(endpoint.baseUrl()).isEqualTo("https://alice.pryv.me/");
		assertThat(endpoint.toString()).doesNotContain("to@ken");
	}

	@Test
	void refusesATokenWithALineBreakGivenApartFromTheUrl() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN + "\r\nX-Evil: 1"))
			.withMessageContaining("control character")
			.withMessageNotContaining(TOKEN);
	}

	// --- service info ---

	static Stream<Arguments> badServiceInfos() {
		String big = "x".repeat(10 * 1024 * 1024);
		return Stream.of(
				Arguments.of("not JSON", "<html><body>Welcome to nginx</body></html>", "not valid JSON"),
				Arguments.of("a JSON array", "[1, 2]", "JSON that is not an object"),
				Arguments.of("no name", "{\"api\": \"https://{username}.pryv.me/\"}", "it has no 'name'"),
				Arguments.of("name of a wrong type", "{\"name\": {\"a\": 1}, \"api\": \"https://{username}.pryv.me/\"}",
						"it has no 'name'"),
				Arguments.of("api of a wrong type", "{\"name\": \"P\", \"api\": 42}", "'api' must be a URL string, not number"),
				Arguments.of("register of a wrong type", "{\"name\": \"P\", \"register\": [\"https://reg/\"]}",
						"'register' must be a URL string, not array"),
				Arguments.of("api without {username}", "{\"name\": \"P\", \"api\": \"https://api.pryv.me/\"}",
						"has no {username} placeholder"),
				Arguments.of("api not http", "{\"name\": \"P\", \"api\": \"javascript:alert(1)//{username}\"}",
						"must be an http or https URL"),
				Arguments.of("access with user-info", "{\"name\": \"P\", \"access\": \"https://u:p@evil.example/access/\"}",
						"must be an http or https URL with a host and no user-info"),
				Arguments.of("10 MB body", big, "not valid JSON"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("badServiceInfos")
	void refusesABadServiceInfoNamingTheProblem(String what, String body, String problem) {
		stubFor(get(urlEqualTo("/bad/service/info")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(body)));
		PryvService bad = PryvService.builder().serviceInfoUrl(this.base + "/bad/service/info").build();
		PryvClientException error = catchThrowableOfType(PryvClientException.class, bad::info);
		assertThat(error).as(what).isNotNull();
		assertThat(error.getMessage()).contains(problem).hasSizeLessThan(2000);
	}

	@Test
	void aServiceInfoWithoutApiFailsOnlyWhereTheApiIsNeeded() {
		stubFor(get(urlEqualTo("/bad/service/info"))
			.willReturn(aResponse().withStatus(200).withBody("{\"name\": \"No API\", \"register\": \"https://reg.example/\"}")));
		PryvService bad = PryvService.builder().serviceInfoUrl(this.base + "/bad/service/info").build();
		assertThat(bad.info().name()).isEqualTo("No API");
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(() -> bad.apiEndpointFor("alice", null))
			.withMessageContaining("has no 'api' URL");
	}

	// --- ids in URL paths: the exact URL the platform received ---

	static Stream<Arguments> idsInPaths() {
		return Stream.of(
				Arguments.of("a/b", "/" + USER + "/events/a%2Fb"),
				Arguments.of("a?b=c", "/" + USER + "/events/a%3Fb=c"),
				Arguments.of("a#b", "/" + USER + "/events/a%23b"),
				Arguments.of("a%2Fb", "/" + USER + "/events/a%252Fb"),
				Arguments.of("../accesses", "/" + USER + "/events/..%2Faccesses"),
				Arguments.of("a b", "/" + USER + "/events/a%20b"),
				Arguments.of("é", "/" + USER + "/events/%C3%A9"));
	}

	@ParameterizedTest(name = "[{index}] event id {0}")
	@MethodSource("idsInPaths")
	void anEventIdCannotReachAnotherPath(String id, String expectedPath) {
		stubFor(WireMock.any(anyUrl()).willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"id\":\"unknown-resource\",\"message\":\"no\"}}")));
		PryvConnection connection = connection();
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> connection.getEvent(id));
		assertThat(receivedPaths()).containsExactly(expectedPath);
	}

	@ParameterizedTest(name = "[{index}] id {0} in the update, series and attachment paths")
	@MethodSource("idsInPaths")
	void anIdCannotReachAnotherPathOfAWriteSeriesOrAttachmentRequest(String id, String expectedEventPath) {
		stubFor(WireMock.any(anyUrl()).willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"id\":\"unknown-resource\",\"message\":\"no\"}}")));
		PryvFixture.load("service-info").stub(this.base); // HF calls check the platform's features
		PryvConnection connection = connection();
		String encoded = expectedEventPath.substring(("/" + USER + "/events/").length());
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> connection.updateEvent(id, Map.of("content", 1)));
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(
				() -> connection.addPointsToHFEvent(id, List.of("deltaTime", "value"), List.of(List.of(0, 1))));
		assertThatExceptionOfType(PryvApiException.class).isThrownBy(() -> connection.hfSeries(id, null, null));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> connection.writeAttachment("ev1", id, OutputStream.nullOutputStream()));
		List<LoggedRequest> received = WireMock.findAll(anyRequestedFor(urlPathMatching("/" + USER + "/.*")));
		assertThat(received).extracting((request) -> request.getMethod().value() + " " + request.getUrl())
			.containsExactly("PUT " + expectedEventPath, "POST " + expectedEventPath + "/series",
					"GET " + expectedEventPath + "/series", "GET /" + USER + "/events/ev1/" + encoded);
	}

	@Test
	void anAttachmentIdCannotReachAnotherPath() throws IOException {
		stubFor(WireMock.any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("bytes")));
		connection().writeAttachment("ev/1", "../../accesses?x#y", OutputStream.nullOutputStream());
		assertThat(receivedPaths()).containsExactly("/" + USER + "/events/ev%2F1/..%2F..%2Faccesses%3Fx%23y");
	}

	@Test
	void dotIdsAreRefusedBeforeAnyRequest() {
		PryvConnection connection = connection();
		for (String id : new String[] { ".", "..", "", "  " }) {
			assertThatExceptionOfType(PryvClientException.class).as(id).isThrownBy(() -> connection.getEvent(id));
			assertThatExceptionOfType(PryvClientException.class).as(id)
				.isThrownBy(() -> connection.openAttachment("ev1", id));
			assertThatExceptionOfType(PryvClientException.class).as(id)
				.isThrownBy(() -> connection.updateEvent(id, Map.of("content", 1)));
		}
		assertThat(receivedPaths()).isEmpty();
	}

	// --- header injection and usernames in URLs ---

	static Stream<Arguments> badUsernames() {
		return Stream.of(Arguments.of("alice\r\nX-Evil: 1"), Arguments.of("../admin"), Arguments.of("alice/events?x"),
				Arguments.of("evil.example#"), Arguments.of("alice@evil.example"), Arguments.of("alice bob"),
				Arguments.of("alice%2F.."));
	}

	@ParameterizedTest(name = "[{index}] username {0}")
	@MethodSource("badUsernames")
	void aUsernameCannotReachAnotherPathOrForgeAHeader(String username) {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.login(username, "secret-password", "my-app"))
			.withMessageContaining("Invalid Pryv username")
			.withMessageContaining("only letters, digits and '-'")
			.withMessageNotContaining("secret-password")
			.withMessageNotContaining("\n");
		assertThat(receivedPaths()).containsOnly("/reg/service/info");
	}

	@Test
	void anOriginWithALineBreakIsRefusedAtOnce() {
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info")
				.origin("https://app.example\r\nX-Evil: 1").build())
			.withMessageContaining("Origin of logins")
			.withMessageContaining("control character");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.service.login(USER, "pw", "app", "https://a.example\nX-Evil: 1"))
			.withMessageContaining("control character");
		assertThat(receivedPaths()).containsOnly("/reg/service/info");
	}

	@Test
	void anAppIdWithALineBreakStaysInsideTheJsonBody() {
		stubFor(post(urlEqualTo("/" + USER + "/auth/login")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"token\":\"t0k3n\",\"meta\":{\"serverTime\":1}}")));
		this.service.login(USER, "pw", "app\r\nX-Evil: 1");
		LoggedRequest login = WireMock.findAll(WireMock.postRequestedFor(urlEqualTo("/" + USER + "/auth/login"))).get(0);
		assertThat(login.containsHeader("X-Evil")).isFalse();
		JsonNode body = JsonMapper.builder().build().readTree(login.getBodyAsString());
		assertThat(body.get("appId").asString()).isEqualTo("app\r\nX-Evil: 1");
	}

	// --- URLs outside the platform ---

	static Stream<Arguments> foreignPollUrls() {
		return Stream.of(Arguments.of("https://evil.example/reg/access/KEY"),
				Arguments.of("{base}/reg/access/../users"), Arguments.of("{base}/reg/access/%2e%2e/users"),
				Arguments.of("{base}/other/access/KEY"), Arguments.of("{base}/reg/access/KEY?x=1"),
				Arguments.of("http://user@{host}/reg/access/KEY"), Arguments.of("javascript:alert(1)"),
				Arguments.of("{base}/reg/access/KEY#x"));
	}

	@ParameterizedTest(name = "[{index}] poll URL {0}")
	@MethodSource("foreignPollUrls")
	void aPollUrlOutsideThePlatformsAccessUrlIsRefusedWithoutARequest(String pollUrl) {
		String url = pollUrl.replace("{base}", this.base).replace("{host}", this.base.substring("http://".length()));
		PryvAuthFlow flow = new PryvAuthFlow(this.service, null);
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> flow.resume(Map.of("prYvpoll", url)))
			.withMessageContaining("Cannot resume an auth request");
		assertThat(receivedPaths()).containsOnly("/reg/service/info");
	}

	// --- oversized inputs ---

	@Test
	void aBatchOf100000CallsIsSentInChunksAndCompletesInOrder() throws IOException {
		AtomicInteger requests = new AtomicInteger();
		JsonMapper mapper = JsonMapper.builder().build();
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", (exchange) -> {
			requests.incrementAndGet();
			JsonNode calls = mapper.readTree(exchange.getRequestBody().readAllBytes());
			StringBuilder answer = new StringBuilder("{\"results\":[");
			for (int i = 0; i < calls.size(); i++) {
				answer.append((i > 0) ? "," : "").append("{\"n\":").append(calls.get(i).path("params").path("n").asInt()).append('}');
			}
			byte[] bytes = answer.append("],\"meta\":{\"serverTime\":1}}").toString().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			exchange.getResponseBody().write(bytes);
			exchange.close();
		});
		server.start();
		try {
			PryvConnection connection = new PryvConnectionFactory(this.service)
				.connect(ApiEndpoint.of("http://127.0.0.1:" + server.getAddress().getPort() + "/" + USER + "/", TOKEN));
			List<ApiCall> calls = new ArrayList<>();
			for (int i = 0; i < 100_000; i++) {
				calls.add(ApiCall.of("events.get", Map.of("n", i)));
			}
			List<Integer> progress = new ArrayList<>();
			List<ApiResult> results = connection.api(calls, progress::add);
			assertThat(results).hasSize(100_000);
			for (int i = 0; i < results.size(); i += 997) {
				assertThat(results.get(i).get("n").asInt()).isEqualTo(i);
			}
			assertThat(requests.get()).isEqualTo(100);
			assertThat(progress).hasSize(100).endsWith(100);
		}
		finally {
			server.stop(0);
		}
	}

	private PryvConnection connection() {
		return new PryvConnectionFactory(this.service).connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	private static List<String> receivedPaths() {
		return WireMock.findAll(anyRequestedFor(urlPathMatching(".*"))).stream().map(LoggedRequest::getUrl).toList();
	}

}
