package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.netty.http.client.HttpClient;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The fault matrix: every operation that talks to the platform against every
 * way the platform (or the network) can fail. Each cell asserts the exception
 * type and message, that no token leaks into it, the events or bytes delivered
 * before the fault, and how many requests the platform received: idempotent
 * operations (service info, event stream, attachment download, auth poll) are
 * retried on connection errors before the answer, 503 and 429; writes (batch,
 * upload) are sent exactly once, whatever happens.
 * <p>
 * The table in {@code SECURITY.md} is this test's outcome.
 */
@WireMockTest
class FaultMatrixTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String POLL_KEY = "AFDUqvBLzWXLrTgi";

	/** Quick retries for the test: 3, from 50 ms; a Retry-After of 1 s is honoured. */
	static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200), 0.5,
			Duration.ofSeconds(2));

	/** Generous: a loaded machine must not turn a good answer into a timeout. */
	private static final long READ_TIMEOUT_MS = 1000;

	private static boolean warm;

	private String base;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		if (!warm) {
			// the first answer of a fresh WireMock can take longer than the read timeout
			WireMock.stubFor(get(urlEqualTo("/warm-up")).willReturn(aResponse().withBody("{}")));
			WebClient.create(this.base + "/warm-up").get().retrieve().toBodilessEntity().block(Duration.ofSeconds(30));
			warm = true;
		}
	}

	/** The operations, each with its request, its good answer and how it is run. */
	enum Operation {

		SERVICE_INFO(true), BATCH(false), EVENTS_STREAM(true), ATTACHMENT_UPLOAD(false), ATTACHMENT_DOWNLOAD(true),
		AUTH_POLL(true);

		final boolean idempotent;

		Operation(boolean idempotent) {
			this.idempotent = idempotent;
		}

	}

	/** The faults. */
	enum Fault_ {

		CONNECTION_REFUSED, RESET_BEFORE_BODY, RESET_DURING_BODY, EMPTY_BODY, MALFORMED_JSON, TRUNCATED_BODY,
		SLOW_HEADERS, SLOW_BODY, HTTP_500, HTTP_503_THEN_SUCCESS, HTTP_429_RETRY_AFTER

	}

	static Stream<Arguments> matrix() {
		List<Arguments> cells = new ArrayList<>();
		for (Operation operation : Operation.values()) {
			for (Fault_ fault : Fault_.values()) {
				cells.add(Arguments.of(operation, fault));
			}
		}
		return cells.stream();
	}

	/** What a cell ran into: the error (or none), what was delivered, how long it took. */
	record Outcome(Throwable error, List<String> delivered, long millis) {
	}

	@ParameterizedTest(name = "{0} x {1}")
	@MethodSource("matrix")
	void cell(Operation operation, Fault_ fault) throws IOException {
		String url = urlOf(operation);
		String goodBody = goodBody(operation);
		stubFaulty(operation, url, fault, goodBody);
		FaultyHttpServer faulty = faultyServer(operation, fault, goodBody);
		String target = (fault == Fault_.CONNECTION_REFUSED) ? deadBase()
				: (faulty != null) ? faulty.baseUrl() : this.base;
		Outcome outcome;
		try {
			outcome = run(operation, target);
		}
		finally {
			if (faulty != null) {
				faulty.close();
			}
		}
		Expectation expected = expect(operation, fault);

		if (expected.error() == null) {
			assertThat(outcome.error()).as("no error expected").isNull();
		}
		else {
			assertThat(outcome.error()).as("error").isInstanceOf(expected.error());
			assertThat(outcome.error().getMessage()).as("message").contains(expected.messageParts());
			assertThat(outcome.error().toString()).doesNotContain(TOKEN);
			PryvException error = (PryvException) outcome.error();
			assertThat(error.getApiMethod()).as("method").isNotNull();
			if (error instanceof PryvClientException client) {
				assertThat(client.getTransportFailure()).as("transport kind").isEqualTo(transportKind(operation, fault));
			}
			assertThat(error.getHttpStatus()).as("HTTP status").isEqualTo(httpStatus(operation, fault));
		}
		assertThat(outcome.delivered()).as("delivered before the fault").isEqualTo(expected.delivered());
		if (faulty != null) {
			assertThat(faulty.requests()).as("requests received").isEqualTo(expected.requests());
		}
		else if (fault != Fault_.CONNECTION_REFUSED) {
			assertThat(WireMock.findAll(pattern(operation, url))).as("requests received").hasSize(expected.requests());
		}
		if (fault == Fault_.HTTP_429_RETRY_AFTER && operation.idempotent) {
			assertThat(outcome.millis()).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
		}
	}

	/** The expected outcome of a cell. */
	record Expectation(Class<? extends Throwable> error, String[] messageParts, List<String> delivered, int requests) {

		static Expectation success(List<String> delivered, int requests) {
			return new Expectation(null, new String[0], delivered, requests);
		}

		static Expectation failure(Class<? extends Throwable> error, List<String> delivered, int requests,
				String... messageParts) {
			return new Expectation(error, messageParts, delivered, requests);
		}

	}

	private Expectation expect(Operation operation, Fault_ fault) {
		String what = whatOf(operation);
		int retried = operation.idempotent ? 1 + RETRIES.maxRetries() : 1;
		List<String> nothing = List.of();
		List<String> all = goodDelivery(operation);
		return switch (fault) {
			case CONNECTION_REFUSED -> Expectation.failure(PryvClientException.class, nothing, 0, what,
					"Connection refused");
			case RESET_BEFORE_BODY -> Expectation.failure(PryvClientException.class, nothing, retried, what,
					"Connection reset");
			// bytes of the answer came: never retried, whatever the operation
			case RESET_DURING_BODY, SLOW_BODY -> (operation == Operation.EVENTS_STREAM)
					? Expectation.failure(PryvClientException.class, List.of("e1"), 1, what, "after 1 event delivered")
					: Expectation.failure(PryvClientException.class, nothing, 1, what);
			case EMPTY_BODY -> switch (operation) {
				case ATTACHMENT_DOWNLOAD -> Expectation.success(List.of(""), 1); // an empty file is a file
				case EVENTS_STREAM -> Expectation.failure(PryvClientException.class, nothing, 1, what,
						"answered HTTP 200 with an empty body");
				case AUTH_POLL -> Expectation.failure(PryvClientException.class, nothing, 1, what, "no JSON object");
				default -> Expectation.failure(PryvClientException.class, nothing, 1, what, "empty body");
			};
			case MALFORMED_JSON -> switch (operation) {
				case ATTACHMENT_DOWNLOAD -> Expectation.success(List.of("{\"oops"), 1); // bytes, not JSON
				case EVENTS_STREAM -> Expectation.failure(PryvClientException.class, List.of("e1"), 1, what,
						"malformed JSON after 1 event delivered");
				default -> Expectation.failure(PryvClientException.class, nothing, 1, what, "not valid JSON");
			};
			case TRUNCATED_BODY -> switch (operation) {
				case ATTACHMENT_DOWNLOAD -> Expectation.failure(PryvClientException.class, nothing, 1, what);
				case EVENTS_STREAM -> Expectation.failure(PryvClientException.class, List.of("e1"), 1, what,
						"was cut", "after 1 event delivered");
				default -> Expectation.failure(PryvClientException.class, nothing, 1, what, "not valid JSON");
			};
			// no answer in time: the platform may be working on it, so not even a GET is sent again
			case SLOW_HEADERS -> Expectation.failure(PryvClientException.class, nothing, 1, what);
			case HTTP_500 -> Expectation.failure(PryvApiException.class, nothing, 1, "unexpected-error", "HTTP 500");
			case HTTP_503_THEN_SUCCESS -> operation.idempotent ? Expectation.success(all, 2)
					: Expectation.failure(PryvClientException.class, nothing, 1, what, "HTTP 503");
			case HTTP_429_RETRY_AFTER -> operation.idempotent ? Expectation.success(all, 2)
					: Expectation.failure(PryvApiException.class, nothing, 1, "too-many-requests", "HTTP 429");
		};
	}

	/** The kind of transport failure a fault is, or {@code null} when an answer came. */
	private static TransportFailure transportKind(Operation operation, Fault_ fault) {
		return switch (fault) {
			case CONNECTION_REFUSED -> TransportFailure.CONNECT;
			case RESET_BEFORE_BODY -> TransportFailure.RESET;
			case RESET_DURING_BODY -> TransportFailure.RESET;
			case SLOW_HEADERS, SLOW_BODY -> TransportFailure.TIMEOUT;
			// a download's bytes are not JSON: the body cut short of its Content-Length is the closed connection
			case TRUNCATED_BODY -> (operation == Operation.ATTACHMENT_DOWNLOAD) ? TransportFailure.RESET : null;
			default -> null;
		};
	}

	/** The HTTP status an error carries (0: none came, or not the error's). */
	private static int httpStatus(Operation operation, Fault_ fault) {
		return switch (fault) {
			case HTTP_500 -> 500;
			case HTTP_503_THEN_SUCCESS -> operation.idempotent ? 0 : 503;
			case HTTP_429_RETRY_AFTER -> operation.idempotent ? 0 : 429;
			case EMPTY_BODY, MALFORMED_JSON -> 200;
			case TRUNCATED_BODY -> (operation == Operation.ATTACHMENT_DOWNLOAD) ? 0 : 200;
			default -> 0;
		};
	}

	// --- the operations ---

	private String urlOf(Operation operation) {
		return switch (operation) {
			case SERVICE_INFO -> "/reg/service/info";
			case BATCH -> "/" + USER + "/";
			case EVENTS_STREAM -> "/" + USER + "/events";
			case ATTACHMENT_UPLOAD -> "/" + USER + "/events";
			case ATTACHMENT_DOWNLOAD -> "/" + USER + "/events/ev1/att1";
			case AUTH_POLL -> "/reg/access/" + POLL_KEY;
		};
	}

	private static String whatOf(Operation operation) {
		return switch (operation) {
			case SERVICE_INFO -> "service info";
			case BATCH -> "batch";
			case EVENTS_STREAM -> "events.get";
			case ATTACHMENT_UPLOAD -> "events.create (with attachments)";
			case ATTACHMENT_DOWNLOAD -> "attachment download";
			case AUTH_POLL -> "auth request poll";
		};
	}

	private String goodBody(Operation operation) {
		return switch (operation) {
			case SERVICE_INFO -> PryvFixture.load("service-info").responseBody(this.base);
			case BATCH -> "{\"results\":[{\"streams\":[]}],\"meta\":{\"serverTime\":1795681882.9}}";
			case EVENTS_STREAM -> "{\"events\":[" + event("e1") + "," + event("e2") + "," + event("e3")
					+ "],\"meta\":{\"serverTime\":1795681882.9}}";
			case ATTACHMENT_UPLOAD -> PryvFixture.load("attachment-create").responseBody(this.base);
			case ATTACHMENT_DOWNLOAD -> "attached bytes";
			case AUTH_POLL -> PryvFixture.load("auth-poll-need-signin").responseBody(this.base);
		};
	}

	private static List<String> goodDelivery(Operation operation) {
		return switch (operation) {
			case SERVICE_INFO -> List.of("Local Pryv");
			case BATCH -> List.of("streams");
			case EVENTS_STREAM -> List.of("e1", "e2", "e3");
			case ATTACHMENT_UPLOAD -> List.of("x07xykxwwa2jj3201kq68p0t");
			case ATTACHMENT_DOWNLOAD -> List.of("attached bytes");
			case AUTH_POLL -> List.of("NEED_SIGNIN");
		};
	}

	private static String event(String id) {
		return "{\"id\":\"" + id + "\",\"streamIds\":[\"heart\"],\"type\":\"note/txt\",\"content\":\"" + "x".repeat(40)
				+ "\",\"time\":1795681882.9}";
	}

	private MappingBuilder request(Operation operation, String url) {
		return switch (operation) {
			case BATCH, ATTACHMENT_UPLOAD -> post(urlEqualTo(url));
			case EVENTS_STREAM -> get(urlPathEqualTo(url));
			default -> get(urlEqualTo(url));
		};
	}

	private RequestPatternBuilder pattern(Operation operation, String url) {
		return switch (operation) {
			case BATCH, ATTACHMENT_UPLOAD -> postRequestedFor(urlEqualTo(url));
			case EVENTS_STREAM -> getRequestedFor(urlPathEqualTo(url));
			default -> getRequestedFor(urlEqualTo(url));
		};
	}

	private void stubFaulty(Operation operation, String url, Fault_ fault, String goodBody) {
		if (operation != Operation.SERVICE_INFO) {
			PryvFixture.load("service-info").stub(this.base);
		}
		ResponseDefinitionBuilder good = aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(goodBody);
		String oneEventThenCut = "{\"events\":[" + event("e1") + "," + event("e2").substring(0, 30);
		ResponseDefinitionBuilder faulty = switch (fault) {
			case CONNECTION_REFUSED -> good;
			case RESET_BEFORE_BODY -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
			case RESET_DURING_BODY, SLOW_BODY -> good; // FaultyHttpServer
			case EMPTY_BODY -> aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("");
			case MALFORMED_JSON -> aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody((operation == Operation.EVENTS_STREAM) ? "{\"events\":[" + event("e1") + ",{\"id\": oops}]}"
						: "{\"oops");
			case TRUNCATED_BODY -> (operation == Operation.ATTACHMENT_DOWNLOAD)
					? aResponse().withStatus(200).withHeader("Content-Length", "1000").withBody("attached")
					: aResponse().withStatus(200)
						.withHeader("Content-Type", "application/json")
						.withBody((operation == Operation.EVENTS_STREAM) ? oneEventThenCut
								: goodBody.substring(0, goodBody.length() / 2))
						.withChunkedDribbleDelay(2, 50);
			case SLOW_HEADERS -> good.withFixedDelay((int) (READ_TIMEOUT_MS * 3));
			case HTTP_500 -> aResponse().withStatus(500)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"id\":\"unexpected-error\",\"message\":\"Unexpected error\"}}");
			case HTTP_503_THEN_SUCCESS -> aResponse().withStatus(503).withBody("<html>Service Unavailable</html>");
			case HTTP_429_RETRY_AFTER -> aResponse().withStatus(429)
				.withHeader("Retry-After", "1")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"id\":\"too-many-requests\",\"message\":\"Slow down\"}}");
		};
		if (fault == Fault_.HTTP_503_THEN_SUCCESS || fault == Fault_.HTTP_429_RETRY_AFTER) {
			stubFor(request(operation, url).inScenario("fault")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(faulty)
				.willSetStateTo("answered once"));
			stubFor(request(operation, url).inScenario("fault").whenScenarioStateIs("answered once").willReturn(good));
		}
		else {
			stubFor(request(operation, url).willReturn(faulty));
		}
	}

	/** The server of the faults WireMock cannot make, or {@code null} for the others. */
	private FaultyHttpServer faultyServer(Operation operation, Fault_ fault, String goodBody) throws IOException {
		if (fault != Fault_.RESET_DURING_BODY && fault != Fault_.SLOW_BODY) {
			return null;
		}
		byte[] body = goodBody.getBytes(StandardCharsets.UTF_8);
		int firstPart = (operation == Operation.EVENTS_STREAM) ? goodBody.indexOf(event("e2")) + 10 : body.length / 2;
		return new FaultyHttpServer(body, firstPart,
				(fault == Fault_.RESET_DURING_BODY) ? FaultyHttpServer.Then.RESET : FaultyHttpServer.Then.STALL,
				READ_TIMEOUT_MS * 4);
	}

	private Outcome run(Operation operation, String target) {
		WebClient webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.doOnConnected((connection) -> connection
					.addHandlerLast(new ReadTimeoutHandler(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)))))
			.build();
		String infoBase = (operation == Operation.SERVICE_INFO) ? target : this.base;
		PryvService service = PryvService.builder()
			.serviceInfoUrl(infoBase + "/reg/service/info")
			.webClient(webClient)
			.retryPolicy(RETRIES)
			.build();
		PryvConnection connection = new PryvConnectionFactory(service)
			.connect(ApiEndpoint.of(target + "/" + USER + "/", TOKEN));
		List<String> delivered = new ArrayList<>();
		long start = System.nanoTime();
		Throwable error = catchThrowable(() -> {
			switch (operation) {
				case SERVICE_INFO -> delivered.add(service.info().name());
				case BATCH -> connection.api(List.of(ApiCall.of("streams.get", Map.of())))
					.forEach((result) -> delivered.add(result.orThrow().propertyNames().iterator().next()));
				case EVENTS_STREAM -> connection.streamEvents(EventsQuery.all(), (event) -> delivered.add(event.id()));
				case ATTACHMENT_UPLOAD -> delivered.add(connection
					.createEventWithAttachments(Map.of("streamIds", List.of("heart"), "type", "picture/attached"),
							List.of(AttachmentSource.of("pixel".getBytes(StandardCharsets.UTF_8), "pixel.png")))
					.id());
				case ATTACHMENT_DOWNLOAD -> {
					ByteArrayOutputStream out = new ByteArrayOutputStream();
					connection.writeAttachment("ev1", "att1", out);
					delivered.add(out.toString(StandardCharsets.UTF_8));
				}
				case AUTH_POLL -> delivered.add(service.pollAuthRequest(target + "/reg/access/" + POLL_KEY).status().name());
			}
		});
		return new Outcome(error, delivered, (System.nanoTime() - start) / 1_000_000);
	}

	/** A loopback address where nothing listens: the port of a socket just closed. */
	private static String deadBase() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

}
