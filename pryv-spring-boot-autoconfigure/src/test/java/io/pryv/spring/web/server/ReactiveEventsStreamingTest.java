package io.pryv.spring.web.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import io.pryv.client.PryvFixture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link EventsStreamController} example over real HTTP (Reactor Netty on
 * both sides; the 100,000-event reads with a plain {@code WebClient}, as
 * {@code WebTestClient} keeps a copy of every body it receives): 100,000 events (the recorded 5,000-event answer of a real
 * server, repeated with new ids) streamed as NDJSON and as server-sent events
 * with the app's heap bounded while the client pauses, and a client that goes
 * away stops the transfer from the platform.
 */
class ReactiveEventsStreamingTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final String USERNAME = "fixturejcstbv";

	private static final int COPIES = 20;

	private static final int EVENTS = 5000 * COPIES;

	/** The upstream body is about 31 MB: an app that held it would exceed this. */
	private static final long MAX_RETAINED_BYTES = 16L * 1024 * 1024;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	/** The platform: service info and the user's API; no request journal, so nothing holds the answers. */
	private static WireMockServer platform;

	private static WebFluxTestApp app;

	@BeforeAll
	static void start() throws IOException {
		platform = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.disableRequestJournal());
		platform.start();
		PryvFixture serviceInfo = PryvFixture.load("service-info");
		platform.stubFor(serviceInfo.request().willReturn(serviceInfo.response(platform.baseUrl())));
		platform.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + USERNAME + "/events"))
			.withHeader("Authorization", WireMock.equalTo(TOKEN))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(hundredThousandEvents())));
		app = new WebFluxTestApp(platform.baseUrl() + "/reg/service/info");
	}

	@AfterAll
	static void stop() {
		app.close();
		platform.stop();
	}

	static byte[] hundredThousandEvents() throws IOException {
		JsonNode recorded;
		try (InputStream in = ReactiveEventsStreamingTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			recorded = mapper.readTree(in);
		}
		StringBuilder body = new StringBuilder(33 * 1024 * 1024).append("{\"events\":[");
		for (int copy = 0; copy < COPIES; copy++) {
			for (JsonNode event : recorded.path("events")) {
				ObjectNode renamed = ((ObjectNode) event).deepCopy();
				renamed.put("id", event.path("id").asString() + "-" + copy);
				if (body.charAt(body.length() - 1) != '[') {
					body.append(',');
				}
				body.append(mapper.writeValueAsString(renamed));
			}
		}
		body.append("],\"meta\":").append(mapper.writeValueAsString(recorded.path("meta"))).append('}');
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	static WebTestClient signedIn(String apiBase) {
		return app.signedInClient(apiBase.replace("://", "://" + TOKEN + "@") + "/" + USERNAME + "/", USERNAME);
	}

	@Test
	void withoutALoginTheStreamIs401() {
		WebTestClient.bindToServer().baseUrl(app.baseUrl()).build()
			.get()
			.uri("/api/events")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	static WebClient signedInWebClient(String apiBase) {
		return app.signedInWebClient(apiBase.replace("://", "://" + TOKEN + "@") + "/" + USERNAME + "/", USERNAME);
	}

	@Test
	void streamsOneHundredThousandEventsAsNdjsonInBoundedMemory() {
		long baseline = usedHeapAfterGc();
		Flux<String> lines = signedInWebClient(platform.baseUrl()).get()
			.uri("/api/events")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchangeToFlux((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(200);
				assertThat(response.headers().contentType()).hasValueSatisfying(
						(type) -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_NDJSON)).isTrue());
				return response.bodyToFlux(String.class);
			});
		Streamed streamed = readPausingMidway(lines, baseline, (line) -> mapper.readTree(line).path("id").asString());
		streamed.assertComplete("NDJSON");
	}

	@Test
	void streamsOneHundredThousandEventsAsServerSentEventsInBoundedMemory() {
		long baseline = usedHeapAfterGc();
		Flux<ServerSentEvent<String>> events = signedInWebClient(platform.baseUrl()).get()
			.uri("/api/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchangeToFlux((response) -> {
				assertThat(response.statusCode().value()).isEqualTo(200);
				assertThat(response.headers().contentType()).hasValueSatisfying(
						(type) -> assertThat(type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)).isTrue());
				return response.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
				});
			});
		Streamed streamed = readPausingMidway(events, baseline, (sse) -> {
			String id = mapper.readTree(sse.data()).path("id").asString();
			assertThat(sse.id()).isEqualTo(id);
			assertThat(sse.event()).isEqualTo("event");
			return id;
		});
		streamed.assertComplete("SSE");
	}

	@Test
	void aClientThatGoesAwayStopsTheTransferFromThePlatform() throws Exception {
		AtomicLong sent = new AtomicLong();
		CountDownLatch upstreamStopped = new CountDownLatch(1);
		HttpServer endless = endlessEventsApi(sent, upstreamStopped);
		try {
			// A plain WebClient, not WebTestClient: cancelling a body WebTestClient records parks the Reactor Netty
			// event loop that reads it (the recorder blocks on it), and that loop is shared by every client and
			// server of this JVM, so later tests' exchanges on it hang.
			List<String> first = signedInWebClient("http://127.0.0.1:" + endless.getAddress().getPort()).get()
				.uri("/api/events")
				.accept(MediaType.APPLICATION_NDJSON)
				.exchangeToFlux((response) -> {
					assertThat(response.statusCode()).isEqualTo(HttpStatus.OK);
					return response.bodyToFlux(String.class);
				})
				.take(1000)
				.collectList()
				.block(Duration.ofMinutes(1));
			assertThat(first).hasSize(1000).allSatisfy((line) -> assertThat(line).startsWith("{\"id\":\"endless-"));
			assertThat(upstreamStopped.await(20, TimeUnit.SECONDS))
				.as("the platform's transfer stops once the client has gone (sent " + sent.get() + " events)")
				.isTrue();
			long atStop = sent.get();
			Thread.sleep(300);
			assertThat(sent.get()).isEqualTo(atStop);
		}
		finally {
			endless.stop(0);
		}
	}

	interface IdReader<T> {

		String id(T item) throws Exception;

	}

	/** Read the whole stream, pausing at the middle (a slow client) to measure the app's heap. */
	private static <T> Streamed readPausingMidway(Flux<T> body, long baseline, IdReader<T> ids) {
		Streamed streamed = new Streamed();
		body.limitRate(256).delayUntil((item) -> {
			String id;
			try {
				id = ids.id(item);
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			// In order, each copy of the recorded 5,000 events with its own id suffix: none lost or repeated.
			assertThat(id).endsWith("-" + (streamed.count / 5000));
			streamed.first.compareAndSet(null, id);
			streamed.last = id;
			if (++streamed.count != EVENTS / 2) {
				return Mono.empty();
			}
			// A slow client: the app must stop pulling from the platform, not buffer.
			return Mono.delay(Duration.ofMillis(500))
				.doOnNext((tick) -> streamed.retainedMidway = usedHeapAfterGc() - baseline);
		}).blockLast(Duration.ofMinutes(3));
		return streamed;
	}

	private static final class Streamed {

		final AtomicReference<String> first = new AtomicReference<>();

		volatile String last;

		volatile long count;

		volatile long retainedMidway = -1;

		void assertComplete(String format) {
			System.out.println(format + ": streamed " + this.count + " events; heap retained midway: "
					+ (this.retainedMidway / 1024) + " KiB over the baseline");
			assertThat(this.count).isEqualTo(EVENTS);
			assertThat(this.first.get()).isEqualTo("vce0uy1v2uhl85xg7kef5wm6-0");
			assertThat(this.last).endsWith("-" + (COPIES - 1));
			assertThat(this.retainedMidway).isBetween(Long.MIN_VALUE + 1, MAX_RETAINED_BYTES);
		}

	}

	/**
	 * A user's API whose {@code events} answer never ends (the recorded shape, one
	 * event after another); it counts down {@code stopped} when a write fails,
	 * that is when the app has closed the connection.
	 */
	static HttpServer endlessEventsApi(AtomicLong sent, CountDownLatch stopped) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/" + USERNAME + "/events", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write("{\"events\":[".getBytes(StandardCharsets.UTF_8));
				for (long i = 0;; i++) {
					String event = ((i > 0) ? "," : "") + "{\"id\":\"endless-" + i
							+ "\",\"streamIds\":[\"bench\"],\"time\":1700000000,\"type\":\"frequency/bpm\",\"content\":"
							+ (60 + i % 40) + "}";
					out.write(event.getBytes(StandardCharsets.UTF_8));
					if (i % 100 == 0) {
						out.flush();
					}
					sent.set(i + 1);
				}
			}
			catch (IOException ex) {
				stopped.countDown();
			}
		});
		server.start();
		return server;
	}

	static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			memory.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
