package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One error model for every kind of call: plain and batch calls, blocking and
 * reactive, event streams, uploads and downloads. An answer that is not a Pryv
 * answer keeps its HTTP status and the start of its body; a Pryv error its id,
 * message and status; no answer at all says which transport failure it was.
 */
@WireMockTest
class ErrorModelTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private String base;

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		this.connection = connection(WebClient.create(), this.base);
	}

	private PryvConnection connection(WebClient client, String base) {
		PryvService service = PryvService.builder()
			.serviceInfoUrl(this.base + "/reg/service/info")
			.webClient(client)
			.build();
		return new PryvConnectionFactory(service).connect(ApiEndpoint.of(base + "/" + USER + "/", TOKEN));
	}

	/** Every kind of call of a connection, by name, blocking and reactive. */
	private Map<String, ThrowingCallable> everyCall(PryvConnection connection) {
		ReactivePryvConnection reactive = connection.reactive();
		return Map.of("GET access-info", () -> connection.get("access-info", null),
				"reactive GET access-info", () -> reactive.get("access-info", null).block(),
				"batch", () -> connection.api(List.of(ApiCall.of("events.get", Map.of()))),
				"streamEvents", () -> connection.streamEvents(EventsQuery.all(), (event) -> {
				}),
				"reactive events", () -> reactive.events(EventsQuery.all()).collectList().block(),
				"upload", () -> connection.createEventWithAttachments(Map.of("streamIds", List.of("s"), "type", "picture/attached"),
						List.of(AttachmentSource.of(new byte[] { 1, 2 }, "a.bin"))),
				"download", () -> connection.writeAttachment("ev1", "att1", new ByteArrayOutputStream()),
				"reactive download", () -> reactive.attachment("ev1", "att1").map(DataBufferUtils::release).blockLast());
	}

	private void everyCallFails(ResponseDefinitionBuilder answer, Consumer<PryvException> check) {
		everyCallFails(answer, true, check);
	}

	private void everyCallFails(ResponseDefinitionBuilder answer, boolean downloads, Consumer<PryvException> check) {
		stubFor(any(urlPathMatching("/" + USER + "/.*")).willReturn(answer));
		everyCall(this.connection).forEach((name, call) -> {
			if (!downloads && name.contains("download")) {
				return;
			}
			Throwable thrown = catchThrowable(call);
			assertThat(thrown).as(name).isInstanceOf(PryvException.class);
			assertThat(thrown.getMessage()).as(name).doesNotContain(TOKEN);
			check.accept((PryvException) thrown);
		});
	}

	@Test
	void anErrorWithoutPryvErrorBodyKeepsItsStatusAndTheBody() {
		everyCallFails(aResponse().withStatus(500).withHeader("Content-Type", "application/json").withBody("{\"foo\": \"bar\"}"),
				(ex) -> {
					assertThat(ex).isInstanceOf(PryvClientException.class);
					assertThat(ex.getHttpStatus()).isEqualTo(500);
					assertThat(ex.hasHttpStatus()).isTrue();
					assertThat(ex.getErrorId()).isNull();
					assertThat(ex.getApiMethod()).isNotBlank();
					assertThat(((PryvClientException) ex).getBodyExcerpt()).isEqualTo("{\"foo\": \"bar\"}");
					assertThat(((PryvClientException) ex).getTransportFailure()).isNull();
					assertThat(ex.getMessage()).contains("HTTP 500").contains("{\"foo\": \"bar\"}");
				});
	}

	@Test
	void anEmptyBadGatewayKeepsItsStatus() {
		everyCallFails(aResponse().withStatus(502), (ex) -> {
			assertThat(ex).isInstanceOf(PryvClientException.class);
			assertThat(ex.getHttpStatus()).isEqualTo(502);
			assertThat(((PryvClientException) ex).getBodyExcerpt()).isNull();
			assertThat(ex.getMessage()).contains("HTTP 502").contains("empty body");
		});
	}

	@Test
	void anAnswerThatIsNotJsonKeepsItsStatusAndTheStartOfItsBody() {
		// the answer lib-js's tests use: status 200, a body that is not JSON
		// (but for downloads, whose body is the file, whatever it is)
		everyCallFails(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("not valid json"),
				false, (ex) -> {
					assertThat(ex).isInstanceOf(PryvClientException.class);
					assertThat(ex.getHttpStatus()).as(ex.getApiMethod()).isEqualTo(200);
					assertThat(((PryvClientException) ex).getBodyExcerpt()).isEqualTo("not valid json");
					assertThat(ex.getMessage()).contains("not valid json").doesNotContain("answered null");
				});
	}

	@Test
	void aStreamAnsweredHtmlSaysSo() {
		stubFor(any(urlPathMatching("/" + USER + "/events")).willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html><body>Proxy login</body></html>")));
		Throwable thrown = catchThrowable(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
		}));
		assertThat(thrown).isInstanceOf(PryvClientException.class)
			.hasMessageContaining("HTML")
			.hasMessageContaining("<html><body>Proxy login</body></html>");
		assertThat(((PryvClientException) thrown).getHttpStatus()).isEqualTo(200);
	}

	@Test
	void aPryvErrorHasItsIdMessageAndStatusWhateverTheCall() {
		String body = PryvFixture.load("access-info-invalid-token").responseBody(this.base);
		everyCallFails(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(body), (ex) -> {
			assertThat(ex).isInstanceOf(PryvApiException.class);
			assertThat(ex.getHttpStatus()).isEqualTo(403);
			assertThat(ex.getErrorId()).isEqualTo("invalid-access-token");
			assertThat(((PryvApiException) ex).getId()).isEqualTo("invalid-access-token");
			assertThat(ex.getErrorMessage()).isEqualTo("Cannot find access from token.");
			assertThat(ex.getApiMethod()).isNotBlank();
		});
	}

	@Test
	void aBatchSlotErrorHasItsIdAndNoStatus() {
		PryvFixture.load("batch-create").stub(this.base);
		List<ApiCall> calls = PryvFixture.load("batch-create").requestBody().valueStream()
			.map((call) -> ApiCall.of(call.get("method").asString(), call.get("params")))
			.toList();
		List<ApiResult> results = this.connection.api(calls);
		ApiResult failed = results.stream().filter((result) -> !result.isSuccess()).findFirst().orElseThrow();
		PryvApiException ex = (PryvApiException) catchThrowable(failed::orThrow);
		assertThat(ex.getErrorId()).isEqualTo(failed.error().id());
		assertThat(ex.getHttpStatus()).isZero();
		assertThat(ex.hasHttpStatus()).isFalse();
	}

	@Test
	void aRefusedConnectionIsAConnectFailureWithoutStatus() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		PryvConnection unreachable = connection(WebClient.create(), "http://127.0.0.1:" + port);
		everyCall(unreachable).forEach((name, call) -> {
			Throwable thrown = catchThrowable(call);
			assertThat(thrown).as(name).isInstanceOf(PryvClientException.class);
			PryvClientException ex = (PryvClientException) thrown;
			assertThat(ex.getTransportFailure()).as(name).isEqualTo(TransportFailure.CONNECT);
			assertThat(ex.getHttpStatus()).as(name).isZero();
			assertThat(ex.hasHttpStatus()).as(name).isFalse();
			assertThat(ex.getMessage()).as(name).contains("could not connect").doesNotContain(TOKEN);
		});
	}

	@Test
	void aResetConnectionIsAResetFailureWithoutStatus() {
		everyCallFails(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), (ex) -> {
			assertThat(ex).isInstanceOf(PryvClientException.class);
			assertThat(((PryvClientException) ex).getTransportFailure()).as(ex.getApiMethod()).isEqualTo(TransportFailure.RESET);
			assertThat(ex.hasHttpStatus()).isFalse();
		});
		everyCallFails(aResponse().withFault(Fault.EMPTY_RESPONSE), (ex) -> {
			assertThat(((PryvClientException) ex).getTransportFailure()).as(ex.getApiMethod()).isEqualTo(TransportFailure.RESET);
			assertThat(ex.hasHttpStatus()).isFalse();
		});
	}

	@Test
	void aSlowAnswerIsATimeoutFailureWithoutStatus() {
		WebClient impatient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create().responseTimeout(Duration.ofMillis(300))))
			.build();
		PryvConnection connection = connection(impatient, this.base);
		stubFor(any(urlPathMatching("/" + USER + "/.*")).willReturn(okJson("{}").withFixedDelay(3000)));
		ThrowingCallable call = () -> connection.get("access-info", null);
		PryvClientException ex = (PryvClientException) catchThrowable(call);
		assertThat(ex.getTransportFailure()).isEqualTo(TransportFailure.TIMEOUT);
		assertThat(ex.hasHttpStatus()).isFalse();
		assertThat(ex.getMessage()).contains("timed out");
		PryvClientException streamed = (PryvClientException) catchThrowable(
				() -> connection.streamEvents(EventsQuery.all(), (event) -> {
				}));
		assertThat(streamed.getTransportFailure()).isEqualTo(TransportFailure.TIMEOUT);
	}

	@Test
	void theExcerptIsBoundedAndHasNoToken() {
		String body = "<html>token " + TOKEN + " {\"token\": \"s3cr3t\", \"apiEndpoint\": \"https://other@x.me/u/\"} see "
				+ "https://abc123@host.example/ " + "x".repeat(5000) + "</html>";
		stubFor(any(urlPathMatching("/" + USER + "/.*")).willReturn(aResponse().withStatus(503).withBody(body)));
		PryvClientException ex = (PryvClientException) catchThrowable(() -> this.connection.get("access-info", null));
		assertThat(ex.getHttpStatus()).isEqualTo(503);
		assertThat(ex.getBodyExcerpt()).startsWith("<html>token ***")
			.doesNotContain(TOKEN)
			.doesNotContain("s3cr3t")
			.doesNotContain("other@")
			.doesNotContain("abc123")
			.hasSizeLessThanOrEqualTo(BodyExcerpt.MAX_LENGTH + 3);
		assertThat(ex.getMessage()).doesNotContain(TOKEN).doesNotContain("s3cr3t");
	}

	@Test
	void anAnswerWithoutMetaIsNotAPryvAnswer() {
		// a proxy or a wrong URL answering some other JSON, status 200
		stubFor(any(urlPathMatching("/" + USER + "/.*")).willReturn(okJson("{\"streams\": []}")));
		PryvClientException ex = (PryvClientException) catchThrowable(() -> this.connection.streams());
		assertThat(ex.getHttpStatus()).isEqualTo(200);
		assertThat(ex.getMessage()).contains("not a Pryv API answer").contains("meta.serverTime");
		assertThat(ex.getBodyExcerpt()).isEqualTo("{\"streams\": []}");
		stubFor(any(urlPathMatching("/" + USER + "/.*")).willReturn(okJson("{\"results\": [{}], \"meta\": {\"serial\": \"1\"}}")));
		assertThat(catchThrowable(() -> this.connection.api(List.of(ApiCall.of("events.get", Map.of())))))
			.isInstanceOf(PryvClientException.class)
			.hasMessageContaining("meta.serverTime");
	}

	@Test
	void mfaRequiredHasItsIdAndStatus() {
		stubFor(post(urlEqualTo("/" + USER + "/auth/login")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"mfaToken\": \"mfa-secret\", \"mfaMethod\": \"totp\", \"meta\": {\"serverTime\": 1795681882.1}}")));
		PryvService service = PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build();
		MfaRequiredException ex = (MfaRequiredException) catchThrowable(() -> service.login(USER, "pw", "app"));
		assertThat(ex.getErrorId()).isEqualTo("mfa-required");
		assertThat(ex.getHttpStatus()).isEqualTo(200);
		assertThat(ex.getApiMethod()).isEqualTo("auth.login");
		assertThat(ex.getMfaMethod()).isEqualTo("totp");
		assertThat(ex.getMfaToken()).isEqualTo("mfa-secret");
		assertThat(ex.getMessage()).doesNotContain("mfa-secret");
	}


	@Test
	void aPryvAnswerWithoutTheExpectedKeyKeepsItsStatusAndBody() {
		String meta = "\"meta\": {\"apiVersion\": \"2.0.0\", \"serverTime\": 1700000000.5, \"serial\": \"1\"}";
		stubFor(any(urlPathMatching("/" + USER + "/events")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"foo\": 1, " + meta + "}")));
		stubFor(any(urlPathMatching("/" + USER + "/streams")).willReturn(okJson("{\"bar\": 2, " + meta + "}")));
		stubFor(post(urlEqualTo("/" + USER + "/")).willReturn(okJson("{\"results\": [{\"baz\": 3}], " + meta + "}")));
		Map<String, ThrowingCallable> calls = Map.of(
				"createEvent", () -> this.connection.createEvent(Map.of("streamIds", List.of("s"), "type", "note/txt")),
				"streams", () -> this.connection.streams(),
				"apiOne", () -> this.connection.apiOne("events.create", Map.of(), "event"),
				"upload", () -> this.connection.createEventWithAttachments(
						Map.of("streamIds", List.of("s"), "type", "picture/attached"),
						List.of(AttachmentSource.of(new byte[] { 1, 2 }, "a.bin"))));
		Map<String, Integer> statuses = Map.of("createEvent", 201, "streams", 200, "apiOne", 200, "upload", 201);
		Map<String, String> missing = Map.of("createEvent", "event", "streams", "streams", "apiOne", "event", "upload",
				"event");
		calls.forEach((name, call) -> {
			Throwable thrown = catchThrowable(call);
			assertThat(thrown).as(name).isInstanceOf(PryvClientException.class);
			PryvClientException ex = (PryvClientException) thrown;
			assertThat(ex.getHttpStatus()).as(name).isEqualTo(statuses.get(name));
			assertThat(ex.getMessage()).as(name)
				.contains("HTTP " + statuses.get(name))
				.contains("with no '" + missing.get(name) + "'")
				.doesNotContain(TOKEN);
			assertThat(ex.getTransportFailure()).as(name).isNull();
		});
	}

	@Test
	void aBatchAnswerWithoutOneResultPerCallKeepsItsStatus() {
		String meta = "\"meta\": {\"apiVersion\": \"2.0.0\", \"serverTime\": 1700000000.5, \"serial\": \"1\"}";
		stubFor(post(urlEqualTo("/" + USER + "/")).willReturn(okJson("{\"results\": [], " + meta + "}")));
		Throwable thrown = catchThrowable(() -> this.connection.api(List.of(ApiCall.of("events.get", Map.of()))));
		assertThat(thrown).isInstanceOfSatisfying(PryvClientException.class, (ex) -> {
			assertThat(ex.getHttpStatus()).isEqualTo(200);
			assertThat(ex.getMessage()).contains("0 results for 1 calls");
			assertThat(ex.getBodyExcerpt()).contains("\"results\": []");
		});
	}

}
