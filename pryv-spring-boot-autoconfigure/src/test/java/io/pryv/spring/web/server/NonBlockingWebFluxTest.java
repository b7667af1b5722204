package io.pryv.spring.web.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.session.DefaultWebSessionManager;

import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvFixture;
import io.pryv.spring.security.Browser;
import io.pryv.spring.security.PryvLoginWebFluxApp;
import io.pryv.spring.security.PryvPlatformStub;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No event-loop thread is ever blocked: BlockHound, installed for this test JVM
 * alone (the {@code blockhound} Surefire execution, with
 * {@code -XX:+AllowRedefinitionToAddDeleteMethods}), records every blocking
 * call made on a non-blocking thread (Reactor Netty's event loops, Reactor's
 * parallel scheduler) while the app signs a user in, resolves the connection
 * argument, streams the recorded events as NDJSON and SSE, and has a stream
 * cancelled; and while a user goes through the whole WebFlux Pryv sign-in
 * ({@code ServerPryvLoginConfigurer}: sign-in page, start, waiting page, status,
 * return, principal and connection arguments, logout with revocation) against
 * the WireMock platform; and while the blocking client's {@code streamEvents}
 * hands each piece of an answer over from the event loop to its caller's thread.
 * A handler that does block is caught, which proves the check works.
 */
@Tag("blockhound")
class NonBlockingWebFluxTest {

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final List<String> blockingCalls = new CopyOnWriteArrayList<>();

	private static WireMockServer platform;

	private static WebFluxTestApp app;

	@BeforeAll
	static void start() {
		BlockHound.install((builder) -> builder
			// The JDK's NativePRNG now and then refills its buffer from /dev/urandom, which never
			// blocks on Linux: Spring Security's CSRF tokens (XorServerCsrfTokenRequestAttributeHandler)
			// and session ids (UUID) come from it on the event loop, as in every WebFlux app
			.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes")
			// Netty 4.2's adaptive buffer allocator, growing its magazines under contention, may wait
			// for another event loop's short lock, as its pooled allocator's arenas do (which Netty's
			// own BlockHound integration allows): seen once in a full build on a busy 2-CPU machine
			.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines")
			.blockingMethodCallback((method) -> {
				blockingCalls.add(method + " on " + Thread.currentThread().getName());
				throw new BlockingOperationError(method);
			}));
		platform = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		platform.start();
		PryvFixture serviceInfo = PryvFixture.load("service-info");
		platform.stubFor(serviceInfo.request().willReturn(serviceInfo.response(platform.baseUrl())));
		PryvFixture accessInfo = PryvFixture.load("access-info");
		platform.stubFor(accessInfo.request().willReturn(accessInfo.response(platform.baseUrl())));
		platform.stubFor(WireMock.get(WireMock.urlPathEqualTo("/fixturejcstbv/events"))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(recordedEvents())));
		// the same answer in 2,500 pieces: the event loop hands each one over to the blocking caller's thread
		platform.stubFor(WireMock.get(WireMock.urlPathEqualTo("/blockingcaller/events"))
			.willReturn(WireMock.aResponse()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(recordedEvents())
				.withChunkedDribbleDelay(2500, 100)));
		app = new WebFluxTestApp(platform.baseUrl() + "/reg/service/info");
	}

	private static byte[] recordedEvents() {
		try (InputStream in = NonBlockingWebFluxTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static WebTestClient signedIn(String apiBase) {
		return app.signedInClient(apiBase.replace("://", "://" + TOKEN + "@") + "/fixturejcstbv/", "fixturejcstbv");
	}

	@AfterAll
	static void stop() {
		app.close();
		platform.stop();
	}

	@BeforeEach
	void clear() {
		blockingCalls.clear();
	}

	@Test
	void theCheckCatchesAHandlerThatBlocksTheEventLoop() {
		WebTestClient.bindToServer()
			.baseUrl(app.baseUrl())
			.build()
			.get()
			.uri("/test-blocking")
			.exchange()
			.expectStatus()
			.is5xxServerError();
		assertThat(blockingCalls).anySatisfy((call) -> assertThat(call).contains("sleep").contains("reactor-http"));
	}

	@Test
	void signInConnectionArgumentAndStreamingNeverBlockAnEventLoop() throws Exception {
		WebTestClient client = signedIn(platform.baseUrl());
		List<String> ndjson = client.get()
			.uri("/api/events")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.block(Duration.ofMinutes(1));
		List<ServerSentEvent<String>> sse = client.get()
			.uri("/api/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.collectList()
			.block(Duration.ofMinutes(1));
		assertThat(ndjson).hasSize(5000);
		assertThat(sse).hasSize(5000);

		AtomicLong sent = new AtomicLong();
		CountDownLatch upstreamStopped = new CountDownLatch(1);
		HttpServer endless = ReactiveEventsStreamingTest.endlessEventsApi(sent, upstreamStopped);
		try {
			// A plain WebClient: WebTestClient's recorder of the body may park a thread when the body is cancelled
			List<String> first = app
				.signedInWebClient("http://" + TOKEN + "@127.0.0.1:" + endless.getAddress().getPort() + "/fixturejcstbv/",
						"fixturejcstbv")
				.get()
				.uri("/api/events")
				.accept(MediaType.APPLICATION_NDJSON)
				.retrieve()
				.bodyToFlux(String.class)
				.take(100)
				.collectList()
				.block(Duration.ofMinutes(1));
			assertThat(first).hasSize(100);
			assertThat(upstreamStopped.await(20, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			endless.stop(0);
		}
		assertThat(blockingCalls).as("blocking calls on non-blocking threads").isEmpty();
	}

	@Test
	void handingEventsOverToABlockingCallerNeverBlocksAnEventLoop() {
		PryvConnection connection = app.context()
			.getBean(PryvConnectionFactory.class)
			.connect(platform.baseUrl().replace("://", "://" + TOKEN + "@") + "/blockingcaller/");
		for (int stream = 0; stream < 20; stream++) {
			AtomicLong events = new AtomicLong();
			connection.streamEvents(EventsQuery.all(), (event) -> events.incrementAndGet());
			assertThat(events).hasValue(5000);
		}
		assertThat(blockingCalls).as("blocking calls on non-blocking threads").isEmpty();
	}

	@Test
	void theWholePryvSignInNeverBlocksAnEventLoop() {
		PryvPlatformStub pryv = new PryvPlatformStub();
		try (WebFluxTestApp login = new WebFluxTestApp(new DefaultWebSessionManager(), new String[] {
				"pryv.service-info-url=" + pryv.serviceInfoUrl(), "pryv.app-id=test-portal",
				"pryv.permissions[0].stream-id=heart", "pryv.permissions[0].level=read" }, PryvLoginWebFluxApp.class)) {
			Browser browser = new Browser(login.baseUrl());
			WebTestClient client = browser.client();
			client.get().uri("/me").accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isUnauthorized();
			browser.post("/login/pryv", "/login/pryv").expectStatus().isFound();
			browser.returnFrom(pryv.pollUrl()).expectStatus().isOk(); // waiting page
			client.get().uri("/login/pryv/status").exchange().expectBody().jsonPath("$.status").isEqualTo("NEED_SIGNIN");
			pryv.accept();
			client.get().uri("/login/pryv/return").exchange().expectStatus().isFound().expectHeader().location("/");
			client.get().uri("/me").exchange().expectStatus().isOk().expectBody().jsonPath("$.connection")
				.isEqualTo(PryvPlatformStub.USERNAME);
			client.get().uri("/login/pryv/status").exchange().expectBody().jsonPath("$.status").isEqualTo("ACCEPTED");
			browser.post("/logout", "/login/pryv", "revoke", "on").expectStatus().isFound();
			pryv.server().verify(1, WireMock.deleteRequestedFor(
					WireMock.urlEqualTo("/" + PryvPlatformStub.USERNAME + "/accesses/" + PryvPlatformStub.ACCESS_ID)));
		}
		finally {
			pryv.close();
		}
		assertThat(blockingCalls).as("blocking calls on non-blocking threads").isEmpty();
	}

}
