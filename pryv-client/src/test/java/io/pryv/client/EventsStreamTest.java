package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Streaming {@code events.get}: the recorded shapes, chunked and slow bodies,
 * cut and malformed bodies, transport faults, backpressure and cancellation.
 */
@WireMockTest
class EventsStreamTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static byte[] body5000;

	private static List<String> ids5000;

	private String base;

	private PryvConnection connection;

	@BeforeAll
	static void loadBigBody() throws IOException {
		try (InputStream in = EventsStreamTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			body5000 = in.readAllBytes();
		}
		ids5000 = new ArrayList<>();
		for (JsonNode event : MAPPER.readTree(body5000).get("events")) {
			ids5000.add(event.get("id").asString());
		}
	}

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		PryvConnectionFactory factory = new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build());
		this.connection = factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	@Test
	void streamsTheRecordedAnswerWithMetaLast() {
		PryvFixture.load("events-get").stub(this.base);
		List<Event> events = new ArrayList<>();
		EventsStreamResult result = this.connection
			.streamEvents(EventsQuery.builder().streams("heart").limit(10).build(), events::add);
		assertThat(events).extracting(Event::id).containsExactly("o93655dknyjjp97ffrbvjikq", "mleqr27wfdbxdl4e9gowr50f");
		Event first = events.get(0);
		assertThat(first.streamIds()).containsExactly("heart-rate");
		assertThat(first.type()).isEqualTo("frequency/bpm");
		assertThat(first.time()).isEqualTo(1385046854.283);
		assertThat(first.content().intValue()).isEqualTo(120);
		assertThat(first.integrity()).startsWith("EVENT:0:sha256-");
		assertThat(first.createdBy()).isEqualTo("equf3sjkqnblmaztk9cf2x3r");
		assertThat(result.eventsCount()).isEqualTo(2);
		assertThat(result.eventDeletionsCount()).as("deletions not asked, none sent").isNull();
		assertThat(result.meta().get("serverTime").doubleValue()).isEqualTo(1795681882.669);
		assertThat(result.others()).isEmpty();
		verify(getRequestedFor(urlEqualTo("/" + USER + "/events?streams=heart&limit=10"))
			.withHeader("Authorization", WireMock.equalTo(TOKEN)));
	}

	@Test
	void handsOverEventDeletionsBetweenEventsAndMeta() {
		PryvFixture fixture = PryvFixture.load("events-get-deletions");
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("includeDeletions", WireMock.equalTo("true"))
			.withQueryParam("modifiedSince", WireMock.equalTo("0"))
			.withQueryParam("state", WireMock.equalTo("all"))
			.willReturn(fixture.response(this.base)));
		List<Event> events = new ArrayList<>();
		List<EventDeletion> deletions = new ArrayList<>();
		EventsQuery query = EventsQuery.builder().includeDeletions(true).modifiedSince(0).state("all").build();
		EventsStreamResult result = this.connection.streamEvents(query, events::add, deletions::add);
		assertThat(events).hasSize(5);
		assertThat(events.get(2).content().asString()).isEqualTo("fixturejcstbv@example.com");
		assertThat(deletions).singleElement().satisfies((deletion) -> {
			assertThat(deletion.id()).isEqualTo("o93655dknyjjp97ffrbvjikq");
			assertThat(deletion.deleted()).isEqualTo(1795681882.762);
		});
		assertThat(result.eventsCount()).isEqualTo(5);
		assertThat(result.eventDeletionsCount()).isEqualTo(1);
		assertThat(result.meta().get("apiVersion").asString()).isEqualTo("2.0.0-pre.4");
	}

	@Test
	void countsZeroDeletionsWhenAskedButAbsentInsteadOfFailingLikeLibJs() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withHeader("content-type", "application/json")
				.withBody(PryvFixture.load("events-get").responseBody(this.base))));
		EventsStreamResult result = this.connection.streamEvents(
				EventsQuery.builder().includeDeletions(true).modifiedSince(0).build(), (event) -> {
				}, (deletion) -> {
				});
		assertThat(result.eventsCount()).isEqualTo(2);
		assertThat(result.eventDeletionsCount()).isZero();
	}

	@Test
	void fluxEmitsTheSameEventsAndKeepsOtherRootKeys() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody("{\"events\":[{\"id\":\"a\",\"future\":{\"x\":[1,2]}}],\"somethingNew\":[1],\"meta\":{\"serial\":\"1\"}}")));
		List<Event> events = this.connection.reactive().events(EventsQuery.all()).collectList().block();
		assertThat(events).singleElement().satisfies((event) -> {
			assertThat(event.id()).isEqualTo("a");
			assertThat(event.toJson()).isEqualTo("{\"id\":\"a\",\"future\":{\"x\":[1,2]}}");
		});
		EventsStreamResult result = this.connection.reactive().streamEvents(EventsQuery.all(), (e) -> {
		}, null).block();
		assertThat(result.others()).containsOnlyKeys("somethingNew");
		assertThat(result.meta().get("serial").asString()).isEqualTo("1");
	}

	@Test
	void readsTheEventsOffTheEventLoopSoThatReceivingGoesOnMeanwhile() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(body5000)));
		List<String> fluxThreads = this.connection.reactive()
			.events(EventsQuery.all())
			.map((event) -> Thread.currentThread().getName())
			.distinct()
			.collectList()
			.block();
		List<String> callbackThreads = new CopyOnWriteArrayList<>();
		this.connection.reactive()
			.streamEvents(EventsQuery.all(), (event) -> callbackThreads.add(Thread.currentThread().getName()), null)
			.block();
		List<Thread> blockingThreads = new ArrayList<>();
		this.connection.streamEvents(EventsQuery.all(), (event) -> blockingThreads.add(Thread.currentThread()));
		assertThat(fluxThreads).isNotEmpty().allSatisfy((name) -> assertThat(name).startsWith("boundedElastic"));
		assertThat(callbackThreads).hasSize(5000).allSatisfy((name) -> assertThat(name).startsWith("boundedElastic"));
		assertThat(blockingThreads).as("the blocking form reads and hands over on the caller's thread")
			.hasSize(5000)
			.containsOnly(Thread.currentThread());
	}

	@Test
	void sendsEveryQueryParameterAsThePlatformReadsThem() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody("{\"events\":[],\"meta\":{}}")));
		this.connection.streamEvents(EventsQuery.builder()
			.fromTime(1.5)
			.toTime(2)
			.streams("a", "b")
			.types("note/txt", "frequency/*")
			.running(true)
			.sortAscending(true)
			.skip(3)
			.limit(4)
			.state("trashed")
			.build(), (event) -> {
			});
		verify(getRequestedFor(urlEqualTo("/" + USER + "/events?fromTime=1.5&toTime=2&streams=a&streams=b"
				+ "&types=note%2Ftxt&types=frequency%2F*&running=true&sortAscending=true&skip=3&limit=4&state=trashed")));
	}

	@Test
	void streamsAChunkedSlowBodyEventByEvent() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(body5000)
			.withChunkedDribbleDelay(200, 1000)));
		List<String> ids = new ArrayList<>();
		EventsStreamResult result = this.connection.streamEvents(EventsQuery.all(), (event) -> ids.add(event.id()));
		assertThat(ids).isEqualTo(ids5000);
		assertThat(result.eventsCount()).isEqualTo(5000);
		assertThat(result.meta().get("serial").asString()).isEqualTo("2026112601");
		List<String> fluxIds = this.connection.reactive().events(EventsQuery.all()).map(Event::id).collectList().block();
		assertThat(fluxIds).isEqualTo(ids5000);
	}

	@Test
	void theBlockingFormHandsEventsOverWhileTheAnswerIsStillComing() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(body5000)
			.withChunkedDribbleDelay(20, 4000)));
		long start = System.nanoTime();
		java.util.concurrent.atomic.AtomicLong firstEventMs = new java.util.concurrent.atomic.AtomicLong(-1);
		EventsStreamResult result = this.connection.streamEvents(EventsQuery.all(),
				(event) -> firstEventMs.compareAndSet(-1, (System.nanoTime() - start) / 1_000_000));
		long totalMs = (System.nanoTime() - start) / 1_000_000;
		assertThat(result.eventsCount()).isEqualTo(5000);
		assertThat(totalMs).as("the answer dribbles in over 4 s").isGreaterThanOrEqualTo(3500);
		assertThat(firstEventMs.get()).as("first event handed over long before the end").isLessThan(totalMs / 2);
	}

	@Test
	void reportsAnErrorBodyAsAnApiError() {
		PryvFixture.load("events-get-unknown-stream").stub(this.base);
		List<Event> events = new ArrayList<>();
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.builder().streams("no-such-stream").build(),
					events::add))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-referenced-resource");
				assertThat(ex.getHttpStatus()).isEqualTo(400);
				assertThat(ex.getMessage()).contains("Unknown referenced stream");
			});
		assertThat(events).isEmpty();
		PryvFixture.load("events-get-bad-param").stub(this.base);
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.reactive()
				.events(EventsQuery.builder().param("limit", "notanumber").build())
				.blockLast())
			.satisfies((ex) -> assertThat(ex.getId()).isEqualTo("invalid-parameters-format"));
	}

	@Test
	void reportsAnErrorObjectSentWithStatus200AsAnApiError() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withBody("{\"error\":{\"id\":\"forbidden\",\"message\":\"No access\"},\"meta\":{}}")));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
			}))
			.satisfies((ex) -> assertThat(ex.getId()).isEqualTo("forbidden"));
	}

	@Test
	void saysHowManyEventsWereDeliveredWhenTheBodyIsCut() {
		int fourthEvent = indexOfEvent(body5000, 3);
		byte[] cut = java.util.Arrays.copyOf(body5000, fourthEvent + 40);
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(cut)
			.withChunkedDribbleDelay(5, 200)));
		List<String> ids = new ArrayList<>();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> ids.add(event.id())))
			.withMessageContaining("was cut")
			.withMessageContaining("after 3 events delivered")
			.withMessageNotContaining(TOKEN);
		assertThat(ids).isEqualTo(ids5000.subList(0, 3));
	}

	@Test
	void saysHowManyEventsWereDeliveredWhenTheBodyIsMalformed() {
		int thirdEvent = indexOfEvent(body5000, 2);
		String text = new String(body5000, 0, thirdEvent, StandardCharsets.UTF_8) + "{\"id\": oops}]}";
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody(text)));
		List<String> ids = new ArrayList<>();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> ids.add(event.id())))
			.withMessageContaining("malformed JSON after 2 events delivered");
		assertThat(ids).hasSize(2);
	}

	@Test
	void aSlowSubscriberGetsEveryEventParsedBeforeAFailure() throws InterruptedException {
		int thirdEvent = indexOfEvent(body5000, 2);
		String text = new String(body5000, 0, thirdEvent, StandardCharsets.UTF_8) + "{\"id\": oops}]}";
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody(text)));
		List<String> received = new CopyOnWriteArrayList<>();
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		CountDownLatch terminated = new CountDownLatch(1);
		BaseSubscriber<Event> subscriber = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(1);
			}

			@Override
			protected void hookOnNext(Event event) {
				received.add(event.id());
			}

			@Override
			protected void hookOnError(Throwable error) {
				errors.add(error);
			}

			@Override
			protected void hookFinally(reactor.core.publisher.SignalType type) {
				terminated.countDown();
			}
		};
		this.connection.reactive().events(EventsQuery.all()).subscribe(subscriber);
		long deadline = System.currentTimeMillis() + 5000;
		while (received.isEmpty() && System.currentTimeMillis() < deadline) {
			Thread.sleep(20);
		}
		Thread.sleep(300);
		assertThat(received).hasSize(1);
		assertThat(errors).as("the failure waits behind the event not yet requested").isEmpty();
		subscriber.request(10);
		assertThat(terminated.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(received).isEqualTo(ids5000.subList(0, 2));
		assertThat(errors).singleElement()
			.satisfies((error) -> assertThat(error).isInstanceOf(PryvClientException.class)
				.hasMessageContaining("malformed JSON after 2 events delivered"));
	}

	@Test
	void rejectsAnAnswerThatIsNotAnEventsObject() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody("[1,2]")));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
			}))
			.withMessageContaining("JSON that is not an object");
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody("{\"meta\":{}}")));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
			}))
			.withMessageContaining("without 'events'");
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody("{\"events\":[1]}")));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
			}))
			.withMessageContaining("not an object");
	}

	@Test
	void turnsTransportFaultsIntoClientErrorsWithoutTheToken() {
		for (Fault fault : new Fault[] { Fault.MALFORMED_RESPONSE_CHUNK, Fault.CONNECTION_RESET_BY_PEER,
				Fault.EMPTY_RESPONSE, Fault.RANDOM_DATA_THEN_CLOSE }) {
			stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withFault(fault)));
			assertThatExceptionOfType(PryvClientException.class).as(fault.name())
				.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
				}))
				.withMessageContaining("events.get")
				.withMessageNotContaining(TOKEN);
		}
	}

	@Test
	void honoursDemandAndCancellingStopsTheTransfer() throws InterruptedException {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(body5000)
			.withChunkedDribbleDelay(400, 20_000)));
		List<String> received = new CopyOnWriteArrayList<>();
		CountDownLatch twoReceived = new CountDownLatch(2);
		CountDownLatch cancelled = new CountDownLatch(1);
		BaseSubscriber<Event> subscriber = new BaseSubscriber<>() {
			@Override
			protected void hookOnSubscribe(Subscription subscription) {
				request(2);
			}

			@Override
			protected void hookOnNext(Event event) {
				received.add(event.id());
				twoReceived.countDown();
			}

			@Override
			protected void hookOnCancel() {
				cancelled.countDown();
			}
		};
		long start = System.nanoTime();
		this.connection.reactive().events(EventsQuery.all()).subscribe(subscriber);
		assertThat(twoReceived.await(10, TimeUnit.SECONDS)).isTrue();
		Thread.sleep(300);
		assertThat(received).as("no more events than requested").hasSize(2);
		subscriber.request(3);
		Thread.sleep(300);
		assertThat(received).hasSize(5);
		subscriber.cancel();
		assertThat(cancelled.await(1, TimeUnit.SECONDS)).isTrue();
		assertThat(received).isEqualTo(ids5000.subList(0, 5));
		// the 20 s body is abandoned, not read to its end: a new request is served at once
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody("{\"events\":[],\"meta\":{}}")));
		assertThat(this.connection.streamEvents(EventsQuery.all(), (event) -> {
		}).eventsCount()).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
	}

	@Test
	void aConsumerExceptionStopsTheStreamAndIsRethrown() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody(body5000).withChunkedDribbleDelay(50, 500)));
		List<String> ids = new ArrayList<>();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
				ids.add(event.id());
				if (ids.size() == 10) {
					throw new IllegalStateException("enough");
				}
			}))
			.withMessage("enough");
		assertThat(ids).hasSize(10);
	}

	@Test
	void interruptingABlockingCallerStopsTheStreamAtOnce() throws InterruptedException {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody(body5000).withChunkedDribbleDelay(200, 20_000)));
		CountDownLatch firstEvent = new CountDownLatch(1);
		java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
		java.util.concurrent.atomic.AtomicBoolean stillInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
		Thread caller = new Thread(() -> {
			try {
				this.connection.streamEvents(EventsQuery.all(), (event) -> firstEvent.countDown());
			}
			catch (RuntimeException ex) {
				thrown.set(ex);
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			}
		});
		caller.start();
		assertThat(firstEvent.await(10, TimeUnit.SECONDS)).isTrue();
		long interruptedAt = System.nanoTime();
		caller.interrupt();
		caller.join(5000);
		assertThat(caller.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - interruptedAt)).isLessThan(Duration.ofSeconds(2));
		assertThat(thrown.get()).isInstanceOf(PryvClientException.class)
			.hasMessage("Interrupted while streaming events.get");
		assertThat(stillInterrupted).isTrue();
	}

	@Test
	void theBlockingFormRefusesToRunOnAnEventLoopThread() {
		Mono<EventsStreamResult> onParallel = Mono
			.fromCallable(() -> this.connection.streamEvents(EventsQuery.all(), (event) -> {
			}))
			.subscribeOn(Schedulers.parallel());
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(onParallel::block)
			.withMessageContaining("non-blocking thread");
	}

	/** @return the index of the n-th (0-based) event object in an events answer */
	static int indexOfEvent(byte[] body, int n) {
		String text = new String(body, StandardCharsets.UTF_8);
		int index = text.indexOf("{\"id\"");
		for (int i = 0; i < n; i++) {
			index = text.indexOf("{\"id\"", index + 1);
		}
		return index;
	}

}
