package io.pryv.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import io.pryv.client.PryvWireLogging;
import io.pryv.spring.boot.PryvWebClientCustomizer;
import io.pryv.spring.boot.test.AutoConfigurePryvPlatform;
import io.pryv.spring.boot.test.SimulatedPryvPlatform;
import io.pryv.spring.boot.test.SimulatedUser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secret hygiene of the sample portal at TRACE: with every logger of the app at
 * TRACE, wire logging on ({@link PryvWireLogging}, through a
 * {@link PryvWebClientCustomizer}), Spring's request-details logging asked for
 * ({@code spring.mvc.log-request-details}, {@code spring.http.codecs.log-request-details}),
 * observations recorded and turned into meters, a browser (real HTTP) signs in
 * through the consent flow, reads the page, streams and events, adds an event,
 * uploads and downloads a file, meets failing calls (an API error, a platform
 * 500, a connection reset) and signs out with revocation, against the simulated
 * platform of pryv-spring-boot-test.
 * <p>
 * No token, read token or password may appear in any log line of the app
 * (message, arguments, exception, MDC), meter tag, observation key value, value
 * stored in the HTTP session ({@code toString()}), or anything the browser
 * receives (every page, JSON answer, download and header). The simulated
 * platform's own server logs are left out (they are the platform's, not the
 * app's, and a server sees its tokens).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.mvc.log-request-details=true", "spring.http.codecs.log-request-details=true" })
@AutoConfigurePryvPlatform
@Import(SecretHygieneAtTraceTest.Recording.class)
class SecretHygieneAtTraceTest {

	private static final String PASSWORD = "alice-s3cret-passw0rd";

	/**
	 * Loggers outside the app: the simulated platform (WireMock, its Jetty) and
	 * the test's browser (the JDK's HTTP client).
	 */
	private static final List<String> PLATFORM_LOGGERS = List.of("wiremock", "com.github.tomakehurst",
			"org.eclipse.jetty", "io.pryv.spring.boot.test", "jdk.internal.httpclient");

	/**
	 * The loggers that print a request's line (its query included) at DEBUG,
	 * before the app sees it: Tomcat's request reader and parameter parser, and
	 * Spring Security's filter chain.
	 */
	static final List<String> REQUEST_LINE_LOGGERS = List.of("org.apache.coyote.http11.Http11InputBuffer",
			"org.apache.tomcat.util.http.Parameters", "org.springframework.security.web.FilterChainProxy");

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	SimulatedPryvPlatform platform;

	@Autowired
	Recording recording;

	private final List<String> logLines = new CopyOnWriteArrayList<>();

	private final Map<String, Level> levelsBefore = new java.util.HashMap<>();

	private Appender<ILoggingEvent> capture;

	/** What the test adds to the app: observations and meters recorded, session values and wire logging seen. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		final List<Observation.Context> observations = new CopyOnWriteArrayList<>();

		final List<String> sessionValues = new CopyOnWriteArrayList<>();

		final MeterRegistry meters = new SimpleMeterRegistry();

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(this.meters));
			registry.observationConfig().observationHandler(new ObservationHandler<>() {
				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

				@Override
				public void onStop(Observation.Context context) {
					Recording.this.observations.add(context);
				}
			});
			return registry;
		}

		@Bean
		PryvWebClientCustomizer wireLogging() {
			return (builder) -> builder
				.clientConnector(new ReactorClientHttpConnector(PryvWireLogging.apply(HttpClient.create())));
		}

		@Bean
		HttpSessionAttributeListener sessionValues() {
			return new HttpSessionAttributeListener() {
				@Override
				public void attributeAdded(HttpSessionBindingEvent event) {
					Recording.this.sessionValues.add(event.getName() + "=" + event.getValue());
				}

				@Override
				public void attributeReplaced(HttpSessionBindingEvent event) {
					Recording.this.sessionValues.add(event.getName() + "=" + event.getSession().getAttribute(event.getName()));
				}
			};
		}

	}

	@BeforeEach
	void everyLoggerOfTheAppAtTrace() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		setLevel(context, org.slf4j.Logger.ROOT_LOGGER_NAME, Level.TRACE);
		for (Logger logger : context.getLoggerList()) {
			if (logger.getLevel() != null) {
				setLevel(context, logger.getName(), Level.TRACE); // the few Spring Boot sets
			}
		}
		for (String platformLogger : PLATFORM_LOGGERS) {
			setLevel(context, platformLogger, Level.WARN);
		}
		this.capture = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (PLATFORM_LOGGERS.stream().anyMatch((name) -> event.getLoggerName().startsWith(name))) {
					return;
				}
				StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
					.append(event.getFormattedMessage());
				if (event.getArgumentArray() != null) {
					for (Object argument : event.getArgumentArray()) {
						line.append(" | ").append(argument);
					}
				}
				line.append(' ').append(event.getMDCPropertyMap());
				if (event.getThrowableProxy() != null) {
					line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
				}
				SecretHygieneAtTraceTest.this.logLines.add(line.toString());
			}
		};
		this.capture.setContext(context);
		this.capture.start();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(this.capture);
	}

	private void setLevel(LoggerContext context, String name, Level level) {
		Logger logger = context.getLogger(name);
		this.levelsBefore.putIfAbsent(name, logger.getLevel());
		logger.setLevel(level);
	}

	@AfterEach
	void levelsBack() {
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.capture);
		this.levelsBefore.forEach((name, level) -> context.getLogger(name).setLevel(level));
	}

	@Test
	void noSecretInAnyLogLineTagObservationSessionValueOrPageOfTheMainFlows() throws IOException {
		Flows flows = runMainFlows("alice", false);

		// the settings really were on: request details, wire logging, observations
		assertThat(this.logLines).anyMatch((line) -> line.startsWith("org.springframework.web.servlet.DispatcherServlet")
				&& line.contains("headers={") && !line.contains("headers={masked}"));
		assertThat(this.logLines).anyMatch((line) -> line.startsWith(PryvWireLogging.LOGGER_NAME)
				&& line.contains("Authorization: ***"));
		assertThat(this.logLines).anyMatch((line) -> line.startsWith("org.springframework.security"));
		assertThat(this.logLines).anyMatch((line) -> line.startsWith("org.apache.coyote"));
		assertThat(this.recording.observations).anyMatch((context) -> context.getName().startsWith("pryv"));
		assertThat(this.recording.meters.getMeters()).isNotEmpty();
		assertThat(this.recording.sessionValues).anyMatch((value) -> value.contains("alice"));

		assertNoSecret(flows.secrets(), "log line", this.logLines);
		assertNoSecret(flows.secrets(), "meter", meters());
		assertNoSecret(flows.secrets(), "observation", observations());
		assertNoSecret(flows.secrets(), "session value", this.recording.sessionValues);
		assertNoSecret(flows.secrets(), "what the browser received", flows.received());
	}

	/**
	 * A legacy consent page appends {@code prYvtoken} (and {@code prYvapiEndpoint})
	 * to the return URL: the browser sends the token to the app in the request
	 * line, before any code of the app or the starter runs. The app never trusts,
	 * stores, shows or logs it; only the container's and Spring Security's
	 * request-line loggers, at DEBUG, print it. SECURITY.md names them; at INFO
	 * (the default) nothing shows it.
	 */
	@Test
	void aLegacyConsentPagesTokenInTheReturnUrlShowsOnlyInTheRequestLineLoggersAtDebug() throws IOException {
		Flows flows = runMainFlows("bobby", true);

		List<String> leaking = this.logLines.stream()
			.filter((line) -> flows.secrets().stream().anyMatch(line::contains))
			.toList();
		assertThat(leaking).as("the legacy token does reach the request-line loggers").isNotEmpty();
		assertThat(leaking).allSatisfy((line) -> {
			assertThat(line).contains("prYvtoken=");
			assertThat(REQUEST_LINE_LOGGERS.stream().anyMatch(line::startsWith))
				.as("only a request-line logger shows it: %s", line.substring(0, Math.min(200, line.length())))
				.isTrue();
		});
		List<String> atInfo = this.logLines.stream()
			.filter((line) -> REQUEST_LINE_LOGGERS.stream().noneMatch(line::startsWith))
			.toList();
		assertNoSecret(flows.secrets(), "log line of another logger", atInfo);
		assertNoSecret(flows.secrets(), "meter", meters());
		assertNoSecret(flows.secrets(), "observation", observations());
		assertNoSecret(flows.secrets(), "session value", this.recording.sessionValues);
		assertNoSecret(flows.secrets(), "what the browser received", flows.received());
	}

	/** What the flows gave: the secrets the platform knows for the user, what the browser received. */
	record Flows(Set<String> secrets, List<String> received) {
	}

	/**
	 * Sign in through the consent flow, read, write, upload, download, fail, and
	 * sign out with revocation, as a browser does.
	 * @param username the user, new on the platform
	 * @param legacyReturn whether the consent page appends the token to the return URL, as legacy ones do
	 */
	private Flows runMainFlows(String username, boolean legacyReturn) throws IOException {
		SimulatedUser user = this.platform.user(username).password(PASSWORD);
		user.stream("heart", "Heart").events("frequency/bpm", 62, 64);
		String app = "http://localhost:" + this.port;
		HttpBrowser browser = new HttpBrowser();
		List<String> received = new ArrayList<>();

		// the page, then sign-in through the consent flow
		String csrf = csrfOf(keep(received, browser.get(app + "/")));
		HttpResponse<String> start = keep(received,
				browser.postForm(app + "/login/pryv", "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)));
		assertThat(start.statusCode()).isEqualTo(302);
		String back = this.platform.consent(start.headers().firstValue("Location").orElseThrow()).accept(username);
		String appToken = user.accesses().get(user.accesses().size() - 1).path("token").asString();
		if (legacyReturn) {
			back += "&prYvusername=" + username + "&prYvtoken=" + appToken;
		}
		assertThat(keep(received, browser.get(back)).statusCode()).isEqualTo(302);
		HttpResponse<String> signedIn = keep(received, browser.get(app + "/"));
		assertThat(signedIn.body()).contains("id=\"username\">" + username + "<");
		csrf = csrfOf(signedIn);
		String csrfParameter = "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);

		// reads: streams, events as NDJSON and as JSON
		assertThat(keep(received, browser.get(app + "/api/streams")).statusCode()).isEqualTo(200);
		received.add(read(browser.stream(app + "/api/events?limit=10")));
		received.add(read(browser.streamAccepting(app + "/api/events", "application/json")));

		// writes: an event (JSON and form), a file (API and form), then its download
		assertThat(keep(received, browser.postJson(app + "/api/events",
				"{\"streamId\":\"heart\",\"type\":\"frequency/bpm\",\"value\":\"70\"}", csrf)).statusCode())
			.isEqualTo(201);
		keep(received, browser.postForm(app + "/events", csrfParameter + "&streamId=heart&note=from+the+form"));
		HttpResponse<String> uploaded = keep(received, browser.postFile(app + "/api/files?" + csrfParameter,
				Map.of("streamId", "heart"), "scan.png", new byte[] { (byte) 0x89, 'P', 'N', 'G' }));
		assertThat(uploaded.statusCode()).isEqualTo(201);
		JsonNode event = MAPPER.readTree(uploaded.body()).path("event");
		HttpResponse<InputStream> file = browser.stream(app + "/api/events/" + event.path("id").asString()
				+ "/attachments/" + event.path("attachments").path(0).path("id").asString());
		assertThat(file.statusCode()).isEqualTo(200);
		received.add(read(file));
		keep(received, browser.postFile(app + "/files?" + csrfParameter, Map.of("streamId", "heart"), "notes.txt",
				"some notes".getBytes(StandardCharsets.UTF_8)));
		keep(received, browser.get(app + "/"));

		// failing calls: an API error, a platform 500, a connection reset
		HttpResponse<InputStream> unknownStream = browser.stream(app + "/api/events?streams=no-such-stream");
		assertThat(unknownStream.statusCode()).isGreaterThanOrEqualTo(400);
		received.add(read(unknownStream));
		this.platform.faults().on("GET", "/" + username + "/streams").times(1).serverError(500);
		assertThat(keep(received, browser.get(app + "/api/streams")).statusCode()).isGreaterThanOrEqualTo(400);
		this.platform.faults().on("GET", "/" + username + "/streams").times(1).reset();
		keep(received, browser.get(app + "/"));

		// the secrets, as the platform knows them, while the access still exists
		Set<String> secrets = secretsOf(user);
		assertThat(secrets).as("the password, the app's token and the files' read tokens").hasSizeGreaterThanOrEqualTo(4);
		assertThat(this.platform.requests().to("GET", "/" + username + "/streams").get(0).header("Authorization"))
			.as("the token the app sends").isEqualTo(appToken);

		// sign-out with revocation
		HttpResponse<String> signedOut = keep(received, browser.postForm(app + "/logout", csrfParameter + "&revoke=on"));
		assertThat(signedOut.headers().firstValue("Location").orElseThrow()).endsWith("/?signedOut=revoked");
		keep(received, browser.get(app + "/?signedOut=revoked"));
		assertThat(user.accesses()).noneMatch((access) -> access.path("token").asString().equals(appToken));
		return new Flows(secrets, received);
	}

	private static Set<String> secretsOf(SimulatedUser user) {
		Set<String> secrets = new LinkedHashSet<>();
		secrets.add(PASSWORD);
		user.accesses().forEach((access) -> secrets.add(access.path("token").asString()));
		for (JsonNode event : user.events()) {
			event.path("attachments").forEach((attachment) -> {
				String readToken = attachment.path("readToken").asString();
				if (!readToken.isEmpty()) {
					secrets.add(readToken);
					// a read token is "<access id>-<random>": the random part alone is the secret
					secrets.add(readToken.substring(readToken.indexOf('-') + 1));
				}
			});
		}
		return secrets;
	}

	private static void assertNoSecret(Set<String> secrets, String where, List<String> texts) {
		for (String text : texts) {
			for (String secret : secrets) {
				assertThat(text).as("a %s must not show a secret", where).doesNotContain(secret);
			}
		}
	}

	private List<String> meters() {
		List<String> meters = new ArrayList<>();
		for (Meter meter : this.recording.meters.getMeters()) {
			meters.add(meter.getId().toString());
		}
		return meters;
	}

	private List<String> observations() {
		List<String> observations = new ArrayList<>();
		for (Observation.Context context : this.recording.observations) {
			StringBuilder text = new StringBuilder(context.getName()).append(' ').append(context.getContextualName());
			for (KeyValue keyValue : context.getAllKeyValues()) {
				text.append(' ').append(keyValue.getKey()).append('=').append(keyValue.getValue());
			}
			if (context.getError() != null) {
				text.append(' ').append(context.getError());
			}
			observations.add(text.toString());
		}
		return observations;
	}

	private static HttpResponse<String> keep(List<String> received, HttpResponse<String> response) {
		received.add(headersOf(response) + response.body());
		return response;
	}

	private static String headersOf(HttpResponse<?> response) {
		return response.statusCode() + " " + response.headers().map() + "\n";
	}

	private static String read(HttpResponse<InputStream> response) throws IOException {
		try (InputStream in = response.body()) {
			return headersOf(response) + new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static String csrfOf(HttpResponse<String> page) {
		Matcher matcher = CSRF.matcher(page.body());
		assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
		return matcher.group(1);
	}

}
