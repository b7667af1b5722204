package io.pryv.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.netty.handler.logging.LogLevel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import reactor.netty.transport.logging.AdvancedByteBufFormat;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Secret hygiene at TRACE: the main flows (login, batch, stream, upload and
 * download, consent flow, sign-out with revocation, failing calls) run with
 * every logger at TRACE, wire logging on ({@link PryvWireLogging}), Spring's
 * request-details logging asked for, and observations recorded; no token, read
 * token or password may appear in any log line, observation key value,
 * exception message or {@code toString()}.
 * <p>
 * A second test shows why Reactor Netty's own {@code wiretap} must stay off:
 * it prints the {@code Authorization} header, token included.
 */
@WireMockTest
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTraceTest {

	private static final String USER = "fixturejcstbv";

	/** The personal token of the recorded login. */
	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String PASSWORD = "fixture-passw0rd";

	/** The read token of the recorded attachment. */
	private static final String READ_TOKEN = "equf3sjkqnblmaztk9cf2x3r-TcR0oEiW-O8g4bFNpxvVsZkfV-s";

	/** The token of the recorded accepted auth request. */
	private String acceptedToken;

	private Level rootLevel;

	@BeforeEach
	void allLoggersAtTrace() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		this.rootLevel = root.getLevel();
		root.setLevel(Level.TRACE);
	}

	@AfterEach
	void restoreLevels() {
		((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.setLevel(this.rootLevel);
	}

	@Test
	void noSecretInLogsObservationsMessagesOrToStringsAtTrace(WireMockRuntimeInfo wm, CapturedOutput output) {
		String base = wm.getHttpBaseUrl();
		stubPlatform(base);
		List<Observation.Context> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				observed.add(context);
			}
		});
		WebClient webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(PryvWireLogging.apply(HttpClient.create())))
			// what spring.codec.log-request-details=true does: PryvService turns it off for its client
			.codecs((codecs) -> codecs.defaultCodecs().enableLoggingRequestDetails(true))
			.build();
		PryvService service = PryvService.builder()
			.serviceInfoUrl(base + "/reg/service/info")
			.webClient(webClient)
			.observationRegistry(observations)
			.build();
		List<Object> shown = new ArrayList<>();

		// login, batch, stream, upload and download, failing calls
		PryvConnection connection = service.login(USER, PASSWORD, "pryv-fixture-app");
		shown.add(connection);
		shown.add(connection.accessInfo());
		shown.add(connection.api(List.of(ApiCall.of("accesses.create", Map.of("name", "x")))));
		shown.add(connection.streamEvents(EventsQuery.all(), shown::add));
		Event withFile = connection.createEventWithAttachments(Map.of("streamIds", List.of("heart"), "type",
				"picture/attached"), List.of(AttachmentSource.of(new byte[] { 1, 2, 3 }, "pixel.png")));
		shown.add(withFile);
		shown.add(withFile.attachments());
		connection.writeAttachment(withFile.id(), withFile.attachments().get(0).id(), java.io.OutputStream.nullOutputStream());
		shown.add(catchThrowable(() -> connection.get("events", Map.of("limit", 1, "failing", "yes"))));
		shown.add(catchThrowable(() -> service.login(USER, "wrong-" + PASSWORD, "pryv-fixture-app")));

		// the consent flow: start, poll until accepted
		PryvAuthFlow flow = new PryvAuthFlow(new ReactivePryvAuthFlow(service.reactive(),
				AuthRequest.of("sample-app", List.of(new RequestedPermission("heart", "Heart", "read"))),
				Duration.ofMillis(10), Duration.ofMinutes(1), Clock.systemUTC()));
		PendingAuth pending = flow.start();
		shown.add(pending);
		AuthState accepted = flow.poll(pending);
		shown.add(accepted);
		assertThat(accepted.status()).isEqualTo(AuthState.Status.ACCEPTED);
		assertThat(accepted.apiEndpoint().token()).isEqualTo(this.acceptedToken);

		// sign-out with revocation
		PryvConnection app = new PryvConnectionFactory(service).connect(accepted.apiEndpoint());
		shown.add(app.revoke());
		shown.add(catchThrowable(() -> app.get("events", Map.of("limit", 1))));

		List<String> texts = new ArrayList<>();
		for (Object value : shown) {
			for (Throwable t = (value instanceof Throwable e) ? e : null; t != null; t = t.getCause()) {
				texts.add(String.valueOf(t.getMessage()));
			}
			texts.add(String.valueOf(value));
		}
		for (Observation.Context context : observed) {
			for (KeyValue keyValue : context.getAllKeyValues()) {
				texts.add(keyValue.getKey() + "=" + keyValue.getValue());
			}
			texts.add(String.valueOf(context.getContextualName()));
			texts.add(String.valueOf(context.getError()));
		}
		assertThat(observed).extracting(Observation.Context::getName).contains("pryv.api.batch", "pryv.events.stream",
				"pryv.auth.start", "pryv.auth.poll");
		assertThat(output.getAll()).as("wire logging is on").contains("io.pryv.client.wire").contains("Authorization: ***");
		assertThat(output.getAll()).as("TRACE is on").contains("TRACE");
		for (String secret : List.of(TOKEN, PASSWORD, READ_TOKEN, this.acceptedToken)) {
			assertThat(texts).allSatisfy((text) -> assertThat(text).doesNotContain(secret));
			assertThat(output.getAll()).as("no " + secret + " in the logs").doesNotContain(secret);
		}
	}

	@Test
	void reactorNettysOwnWiretapPrintsTheTokenSoItMustStayOff(WireMockRuntimeInfo wm, CapturedOutput output) {
		String base = wm.getHttpBaseUrl();
		stubPlatform(base);
		WebClient webClient = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.wiretap("reactor.netty.http.client.HttpClient", LogLevel.DEBUG, AdvancedByteBufFormat.TEXTUAL)))
			.build();
		PryvService service = PryvService.builder().serviceInfoUrl(base + "/reg/service/info").webClient(webClient).build();
		new PryvConnectionFactory(service).connect(ApiEndpoint.of(base + "/" + USER + "/", TOKEN)).accessInfo();
		assertThat(output.getAll()).contains("Authorization: " + TOKEN);
	}

	private void stubPlatform(String base) {
		PryvFixture.load("service-info").stub(base);
		PryvFixture.load("login").stub(base);
		PryvFixture wrong = PryvFixture.load("login-wrong-password");
		stubFor(wrong.request().atPriority(1)
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.password",
					com.github.tomakehurst.wiremock.client.WireMock.equalTo("wrong-" + PASSWORD)))
			.willReturn(wrong.response(base)));
		PryvFixture.load("access-info").stub(base);
		stubFor(post(urlEqualTo("/" + USER + "/")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"results\":[{\"access\":{\"id\":\"a1\",\"token\":\"" + TOKEN + "x\"}}],\"meta\":{\"serverTime\":1}}")));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).atPriority(5)
			.willReturn(PryvFixture.load("events-get").response(base)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).atPriority(2)
			.withQueryParam("failing", com.github.tomakehurst.wiremock.client.WireMock.equalTo("yes"))
			.willReturn(aResponse().withStatus(400)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\":{\"id\":\"invalid-parameters-format\",\"message\":\"bad " + TOKEN + "\"}}")));
		PryvFixture attachment = PryvFixture.load("attachment-create");
		stubFor(post(urlEqualTo("/" + USER + "/events")).willReturn(attachment.response(base)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events/x07xykxwwa2jj3201kq68p0t/mr7q8pxcmchst4wu3lqfn9h5"))
			.willReturn(aResponse().withBody(new byte[] { 1, 2, 3 })));
		stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/reg/access/?")).willReturn(PryvFixture.load("auth-request-start").response(base)));
		PryvFixture poll = PryvFixture.load("auth-poll-accepted");
		stubFor(get(urlEqualTo("/reg/access/AFDUqvBLzWXLrTgi")).willReturn(poll.response(base)));
		this.acceptedToken = ApiEndpoint.parse(poll.responseJson(base).get("apiEndpoint").asString()).token();
		stubFor(get(urlEqualTo("/" + USER + "/access-info")).atPriority(1)
			.withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(this.acceptedToken))
			.willReturn(aResponse().withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"latrjsyicmwu5m8796wlasi0\",\"type\":\"app\",\"name\":\"sample-app\","
						+ "\"user\":{\"username\":\"" + USER + "\"},\"meta\":{\"serverTime\":1}}")));
		PryvFixture.load("access-delete-revoke").stub(base);
		stubFor(get(urlEqualTo("/" + USER + "/events?limit=1")).atPriority(1)
			.withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(this.acceptedToken))
			.willReturn(PryvFixture.load("revoked-token-use").response(base)));
	}

}
