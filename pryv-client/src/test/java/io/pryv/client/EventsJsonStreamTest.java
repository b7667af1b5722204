package io.pryv.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
 * {@link PryvConnection#streamEventsJson} over HTTP: the recorded answers
 * passed through byte for byte, chunked and slow bodies, API errors, cut and
 * malformed bodies, and a handler that fails (the transfer stops, its exception
 * comes back as it was thrown, and the request is not sent again).
 */
@WireMockTest
class EventsJsonStreamTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static byte[] body5000;

	private String base;

	private PryvConnection connection;

	@BeforeAll
	static void loadBigBody() throws IOException {
		try (InputStream in = EventsJsonStreamTest.class.getResourceAsStream("/fixtures/events-get-5000.body.json")) {
			body5000 = in.readAllBytes();
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
	void passesTheRecordedAnswerOnAsTheTypedStreamWritesIt() throws IOException {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		List<String> typed = new ArrayList<>();
		this.connection.streamEvents(query, (event) -> typed.add(new String(event.json().toBytes(), StandardCharsets.UTF_8)));
		List<String> passed = new ArrayList<>();

		EventsStreamResult result = this.connection.streamEventsJson(query,
				(event) -> passed.add(new String(event.toBytes(), StandardCharsets.UTF_8)));

		assertThat(passed).hasSize(2).isEqualTo(typed);
		assertThat(passed.get(0)).startsWith("{\"id\":\"o93655dknyjjp97ffrbvjikq\"");
		assertThat(result.eventsCount()).isEqualTo(2);
		assertThat(result.meta().get("serverTime").doubleValue()).isEqualTo(1795681882.669);
		verify(2, getRequestedFor(urlEqualTo("/" + USER + "/events?streams=heart&limit=10"))
			.withHeader("Authorization", WireMock.equalTo(TOKEN)));
	}

	@Test
	void passesFiveThousandEventsOfASlowChunkedBodyByteForByte() throws IOException {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(body5000)
			.withChunkedDribbleDelay(40, 400)));
		ByteArrayOutputStream out = new ByteArrayOutputStream(body5000.length);

		EventsStreamResult result = this.connection.streamEventsJson(EventsQuery.all(), (event) -> {
			out.write(out.size() == 0 ? '[' : ',');
			event.writeWithoutReadTokensTo(out);
		});
		out.write(']');

		String text = new String(body5000, StandardCharsets.UTF_8);
		assertThat(out.toString(StandardCharsets.UTF_8))
			.isEqualTo(text.substring(text.indexOf('['), text.lastIndexOf("], \"meta\"") + 1));
		assertThat(result.eventsCount()).isEqualTo(5000);
	}

	@Test
	void aHandlerIOExceptionStopsTheTransferComesBackAsThrownAndNothingIsSentAgain() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody(body5000).withChunkedDribbleDelay(50, 500)));
		IOException clientGone = new IOException("Broken pipe");
		List<Integer> handled = new ArrayList<>();

		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> {
				if (handled.size() == 10) {
					throw clientGone;
				}
				handled.add(event.length());
			}))
			.isSameAs(clientGone);

		assertThat(handled).hasSize(10);
		verify(1, getRequestedFor(urlPathEqualTo("/" + USER + "/events")));
	}

	@Test
	void aHandlerFailingOnTheFirstEventStopsTheStreamToo() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse().withBody(body5000)));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> {
				throw new IllegalStateException("no thanks");
			}))
			.withMessage("no thanks");
		verify(1, getRequestedFor(urlPathEqualTo("/" + USER + "/events")));
	}

	@Test
	void reportsAnApiErrorBeforeAnyEvent() {
		PryvFixture.load("events-get-unknown-stream").stub(this.base);
		List<Integer> handled = new ArrayList<>();
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.builder().streams("no-such-stream").build(),
					(event) -> handled.add(event.length())))
			.satisfies((ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-referenced-resource");
				assertThat(ex.getHttpStatus()).isEqualTo(400);
			});
		assertThat(handled).isEmpty();
	}

	@Test
	void saysHowManyEventsWereHandedOverWhenTheBodyIsCutOrMalformed() {
		int fourthEvent = EventsStreamTest.indexOfEvent(body5000, 3);
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).willReturn(aResponse()
			.withHeader("content-type", "application/json")
			.withBody(Arrays.copyOf(body5000, fourthEvent + 40))
			.withChunkedDribbleDelay(5, 200)));
		List<Integer> handled = new ArrayList<>();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> handled.add(event.length())))
			.withMessageContaining("was cut")
			.withMessageContaining("after 3 events delivered")
			.withMessageNotContaining(TOKEN);
		assertThat(handled).hasSize(3);

		int thirdEvent = EventsStreamTest.indexOfEvent(body5000, 2);
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withBody(new String(body5000, 0, thirdEvent, StandardCharsets.UTF_8) + "{\"id\": oops}]}")));
		handled.clear();
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> handled.add(event.length())))
			.withMessageContaining("malformed JSON after 2 events delivered")
			.withMessageNotContaining(TOKEN);
		assertThat(handled).hasSize(2);
	}

	@Test
	void aResetAfterSomeEventsIsATransportFailureAndIsNotRetried() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> {
			}))
			.withMessageNotContaining(TOKEN);
		verify(1, getRequestedFor(urlPathEqualTo("/" + USER + "/events")));
	}

	@Test
	void refusesToRunOnAnEventLoopThreadAndRefusesMissingArguments() {
		Mono<EventsStreamResult> onParallel = Mono
			.fromCallable(() -> this.connection.streamEventsJson(EventsQuery.all(), (event) -> {
			}))
			.subscribeOn(Schedulers.parallel());
		assertThatExceptionOfType(PryvClientException.class).isThrownBy(onParallel::block)
			.withMessageContaining("non-blocking thread");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(EventsQuery.all(), null))
			.withMessageContaining("onEvent");
		assertThatExceptionOfType(PryvClientException.class)
			.isThrownBy(() -> this.connection.streamEventsJson(null, (event) -> {
			}))
			.withMessageContaining("query");
	}

}
