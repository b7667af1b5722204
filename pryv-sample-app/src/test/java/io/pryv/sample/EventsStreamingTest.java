package io.pryv.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/events} over real HTTP: 100,000 events (the recorded 5,000-event
 * answer of a real server, repeated with new ids) streamed as NDJSON with the
 * app's heap bounded while the client reads slowly, and a client that goes away
 * stops the transfer from the platform.
 */
// No background warm-up: still running when the baseline is taken (it takes seconds on a loaded
// machine), its one-time allocations (Netty's pooled buffers among them) would count as retained by the stream.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "pryv.warmup.enabled=false")
class EventsStreamingTest {

	private static final int COPIES = 20;

	private static final int EVENTS = 5000 * COPIES;

	/** The upstream body is about 31 MB: an app that held it would exceed this. */
	private static final long MAX_RETAINED_BYTES = 16L * 1024 * 1024;

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final PryvPlatformStubs platform = new PryvPlatformStubs();

	/** The user's API for 100k events; no request journal, so nothing holds the answers. */
	private static WireMockServer bigApi;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void pryvPlatform(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
	}

	@BeforeAll
	static void startBigApi() throws IOException {
		bigApi = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.disableRequestJournal());
		bigApi.start();
		bigApi.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events"))
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(hundredThousandEvents())));
		// the app reads the granted access when the user signs in
		bigApi.stubFor(WireMock.get("/" + Fixtures.USERNAME + "/access-info")
			.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
			.willReturn(WireMock.okJson(accessInfo())));
	}

	private static String accessInfo() {
		return Fixtures.load("access-info").path("response").path("body").toString();
	}

	@AfterAll
	static void stop() {
		bigApi.stop();
		platform.close();
	}

	@BeforeEach
	void resetPlatform() {
		platform.reset();
	}

	private static byte[] hundredThousandEvents() throws IOException {
		JsonNode recorded;
		try (InputStream in = EventsStreamingTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
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

	/** Sign in through the app, the platform granting an endpoint on {@code apiBase}. */
	private HttpBrowser signedInWithApiAt(String apiBase) {
		String endpoint = apiBase.replace("://", "://" + Fixtures.TOKEN + "@") + "/" + Fixtures.USERNAME + "/";
		platform.server()
			.stubFor(WireMock.get("/reg/access/" + Fixtures.KEY)
				.willReturn(WireMock.okJson("{\"status\":\"ACCEPTED\",\"username\":\"" + Fixtures.USERNAME
						+ "\",\"token\":\"" + Fixtures.TOKEN + "\",\"apiEndpoint\":\"" + endpoint + "\"}")));
		HttpBrowser browser = new HttpBrowser();
		String app = "http://127.0.0.1:" + this.port;
		browser.startSignIn(app);
		assertThat(browser.returnFromPlatform(app, platform.baseUrl()).statusCode()).isEqualTo(302);
		return browser;
	}

	@Test
	void streamsOneHundredThousandEventsAsNdjsonInBoundedMemory() throws Exception {
		HttpBrowser browser = signedInWithApiAt(bigApi.baseUrl());
		long baseline = usedHeapAfterGc();

		HttpResponse<InputStream> response = browser
			.stream("http://127.0.0.1:" + this.port + "/api/events?fromTime=0&toTime=2000000000");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
		long count = 0;
		String firstId = null;
		String lastId = null;
		long retainedMidway = -1;
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				JsonNode event = mapper.readTree(line);
				assertThat(event.path("streamIds").path(0).asString()).isEqualTo("bench");
				// In order, each copy of the recorded 5,000 events with its own id suffix: none lost or repeated.
				assertThat(event.path("id").asString()).endsWith("-" + (count / 5000));
				lastId = event.path("id").asString();
				firstId = (firstId != null) ? firstId : lastId;
				if (++count == EVENTS / 2) {
					// A slow client: the app must stop pulling from the platform, not buffer.
					Thread.sleep(500);
					retainedMidway = usedHeapAfterGc() - baseline;
				}
			}
		}
		assertThat(count).isEqualTo(EVENTS);
		assertThat(firstId).isEqualTo("vce0uy1v2uhl85xg7kef5wm6-0");
		assertThat(lastId).endsWith("-" + (COPIES - 1));
		System.out.println("Streamed " + count + " events; heap retained midway: " + (retainedMidway / 1024)
				+ " KiB over the baseline");
		assertThat(retainedMidway).isLessThan(MAX_RETAINED_BYTES);
	}

	@Test
	void passesEventsThroughAsTheirOriginalBytesLessTheReadTokens() throws Exception {
		String withFile = mapper.writeValueAsString(Fixtures.load("attachment-create").path("response").path("body").path("event"));
		String readToken = mapper.readTree(withFile).path("attachments").path(0).path("readToken").asString();
		assertThat(readToken).isNotBlank();
		String unicode = "{\"id\":\"\\u00e9v\",\"streamIds\":[\"caf\u00e9\"],\"type\":\"note/txt\",\"time\":1.5e9,"
				+ "\"content\":\"\u65e5\u672c \ud83d\ude00 \\\"q\\\" \\n\",\"attachments\":[{\"id\":\"f\",\"readToken\":\"r2\",\"size\":3}]}";
		String plain = "{\"id\":\"p\",\"streamIds\":[\"diary\"],\"type\":\"note/txt\",\"content\":\"a \\/ b\",\"time\":1}";
		bigApi.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events"))
			.withQueryParam("streams", WireMock.equalTo("files"))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(("{\"events\":[" + withFile + "," + unicode + "," + plain + "],\"meta\":{}}")
					.getBytes(StandardCharsets.UTF_8))));
		List<String> expected = List.of(withFile.replace(",\"readToken\":\"" + readToken + "\"", ""),
				unicode.replace(",\"readToken\":\"r2\"", ""), plain);
		HttpBrowser browser = signedInWithApiAt(bigApi.baseUrl());
		String url = "http://127.0.0.1:" + this.port + "/api/events?streams=files";

		String ndjson = new String(browser.stream(url).body().readAllBytes(), StandardCharsets.UTF_8);
		HttpResponse<InputStream> arrayResponse = browser.streamAccepting(url, "application/json");
		String array = new String(arrayResponse.body().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(ndjson).isEqualTo(String.join("\n", expected) + "\n");
		assertThat(arrayResponse.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(array).isEqualTo("[" + String.join(",", expected) + "]");
		assertThat(ndjson + array).doesNotContain(readToken).doesNotContain("r2").doesNotContain(Fixtures.TOKEN);
	}

	@Test
	void anAnswerCutBeforeTheFirstByteIsAnErrorStatusAndOneCutLaterBreaksTheDownload() throws Exception {
		String plain = "{\"id\":\"p\",\"streamIds\":[\"diary\"],\"type\":\"note/txt\",\"content\":\"a\",\"time\":1}";
		bigApi.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events"))
			.withQueryParam("streams", WireMock.equalTo("cut-early"))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"events\":[" + plain + ",{\"id\":\"cut")));
		// more than the response's buffer before the cut: the download has started when it comes
		StringBuilder many = new StringBuilder("{\"events\":[");
		for (int i = 0; i < 2000; i++) {
			many.append(plain).append(',');
		}
		bigApi.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events"))
			.withQueryParam("streams", WireMock.equalTo("cut-late"))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(many.append("{\"id\":\"cut").toString())));
		HttpBrowser browser = signedInWithApiAt(bigApi.baseUrl());
		String app = "http://127.0.0.1:" + this.port + "/api/events?streams=";

		HttpResponse<InputStream> early = browser.stream(app + "cut-early");
		assertThat(early.statusCode()).isEqualTo(502);
		JsonNode error = mapper.readTree(early.body().readAllBytes());
		assertThat(error.path("error").path("id").asString()).isEqualTo("platform-failure");
		assertThat(error.path("error").path("message").asString()).contains("cut", "1 event delivered");

		HttpResponse<InputStream> late = browser.stream(app + "cut-late");
		assertThat(late.statusCode()).isEqualTo(200);
		long lines = 0;
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(late.body(), StandardCharsets.UTF_8))) {
			while (reader.readLine() != null) {
				lines++;
			}
			org.junit.jupiter.api.Assertions.fail("the download of an answer cut mid-way ended as if complete, after "
					+ lines + " events");
		}
		catch (IOException expected) {
			// every event before the cut is delivered, then the connection is closed without the end of
			// the chunked body: the client knows that the download is incomplete
			assertThat(lines).isEqualTo(2000);
		}
	}

	@Test
	void aClientThatGoesAwayStopsTheTransferFromThePlatform() throws Exception {
		AtomicLong sent = new AtomicLong();
		CountDownLatch upstreamStopped = new CountDownLatch(1);
		HttpServer endless = endlessEventsApi(sent, upstreamStopped);
		try {
			HttpBrowser browser = signedInWithApiAt("http://127.0.0.1:" + endless.getAddress().getPort());
			HttpResponse<InputStream> response = browser.stream("http://127.0.0.1:" + this.port + "/api/events");
			assertThat(response.statusCode()).isEqualTo(200);
			try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
				for (int i = 0; i < 1000; i++) {
					assertThat(lines.readLine()).startsWith("{\"id\":\"endless-");
				}
			}
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

	/**
	 * A user's API whose {@code events} answer never ends (the recorded shape, one
	 * event after another); it counts down {@code stopped} when a write fails,
	 * that is when the app has closed the connection.
	 */
	private static HttpServer endlessEventsApi(AtomicLong sent, CountDownLatch stopped) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/" + Fixtures.USERNAME + "/access-info", (exchange) -> {
			byte[] body = accessInfo().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/" + Fixtures.USERNAME + "/events", (exchange) -> {
			if (!Fixtures.TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				byte[] error = Fixtures.load("access-info-invalid-token").path("response").path("body").toString()
					.getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(403, error.length);
				exchange.getResponseBody().write(error);
				exchange.close();
				return;
			}
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

	private static long usedHeapAfterGc() {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		for (int i = 0; i < 3; i++) {
			memory.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

}
