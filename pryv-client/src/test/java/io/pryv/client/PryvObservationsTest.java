package io.pryv.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.reactive.function.client.WebClient;

import io.pryv.client.observation.PryvClientRequestObservationConvention;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pryv-level observations and the HTTP observations of Pryv's WebClient:
 * names, key values, and no token anywhere.
 */
@WireMockTest
class PryvObservationsTest {

	private static final String USER = "fixturejcstbv";

	/** The token of the recorded batch and events calls. */
	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	/** The token granted in the recorded auth request. */
	private static final String GRANTED_TOKEN = "ad4fi6057t5vm0xy8ns6bco9";

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final Queue<Observation.Context> stopped = new ConcurrentLinkedQueue<>();

	private String base;

	private PryvService service;

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {
			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				PryvObservationsTest.this.stopped.add(context);
			}
		});
		PryvFixture.load("service-info").stub(this.base);
		WebClient webClient = WebClient.builder()
			.observationRegistry(this.registry)
			.observationConvention(new PryvClientRequestObservationConvention())
			.build();
		this.service = PryvService.builder()
			.serviceInfoUrl(this.base + "/reg/service/info")
			.webClient(webClient)
			.observationRegistry(this.registry)
			.build();
		this.connection = new PryvConnectionFactory(this.service)
			.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	@AfterEach
	void noTokenInAnyObservation() {
		assertThat(this.stopped).isNotEmpty();
		for (Observation.Context context : this.stopped) {
			List<String> texts = new ArrayList<>();
			texts.add(context.getName());
			texts.add(context.getContextualName());
			for (KeyValue keyValue : context.getAllKeyValues()) {
				texts.add(keyValue.getKey() + "=" + keyValue.getValue());
			}
			assertThat(String.join(" ", texts)).as(context.getName()).doesNotContain(TOKEN, GRANTED_TOKEN);
		}
	}

	private List<ApiCall> recordedBatchCalls() {
		List<ApiCall> calls = new ArrayList<>();
		for (JsonNode call : PryvFixture.load("batch-create").requestBody()) {
			calls.add(ApiCall.of(call.get("method").asString(), call.get("params")));
		}
		return calls;
	}

	@Test
	void batchCallIsObservedWithItsHttpExchangeAsChild() {
		PryvFixture.load("batch-create").stub(this.base);
		this.connection.api(recordedBatchCalls());
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.api.batch")
			.that()
			.hasContextualNameEqualTo("pryv batch")
			.hasLowCardinalityKeyValue("pryv.method", "mixed")
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("pryv.calls", "7")
			.hasBeenStarted()
			.hasBeenStopped();
		assertThat(this.registry).hasObservationWithNameEqualTo("http.client.requests")
			.that()
			.hasLowCardinalityKeyValue("client.name", "pryv")
			.hasLowCardinalityKeyValue("uri", "/")
			.hasLowCardinalityKeyValue("method", "POST")
			.hasLowCardinalityKeyValue("status", "200")
			.hasHighCardinalityKeyValue("http.url", this.base + "/" + USER + "/")
			.hasParentObservationContextMatching((parent) -> "pryv.api.batch".equals(parent.getName()));
	}

	@Test
	void failedBatchOfOneKnownMethodNamesItAndTheError() {
		stubFor(post("/" + USER + "/").willReturn(PryvFixture.load("batch-invalid-token").response(this.base)));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.api(List.of(ApiCall.of("events.get", null))));
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.api.batch")
			.that()
			.hasLowCardinalityKeyValue("pryv.method", "events.get")
			.hasLowCardinalityKeyValue("outcome", "ERROR")
			.hasError();
	}

	@Test
	void unknownMethodNamesAreNotUsedAsKeyValues() {
		stubFor(post("/" + USER + "/").willReturn(PryvFixture.load("batch-invalid-token").response(this.base)));
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.api(List.of(ApiCall.of("made.up.method-12345", null))));
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.api.batch")
			.that()
			.hasLowCardinalityKeyValue("pryv.method", "other");
	}

	@Test
	void eventStreamRunsUntilCompletionWithTheEventCount() {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		List<Event> events = this.connection.reactive().events(query).collectList().block();
		assertThat(events).hasSize(2);
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("pryv.events.count", "2")
			.hasBeenStopped();
		assertThat(this.registry).hasObservationWithNameEqualTo("http.client.requests")
			.that()
			.hasLowCardinalityKeyValue("uri", "/events")
			.hasHighCardinalityKeyValue("http.url", this.base + "/" + USER + "/events");
	}

	@Test
	void blockingEventStreamIsObservedToo() {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		List<Event> received = new ArrayList<>();
		this.connection.streamEvents(query, received::add);
		assertThat(received).hasSize(2);
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("pryv.events.count", "2");
	}

	@Test
	void eventsJsonPassThroughIsObservedToo() throws IOException {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		List<Integer> lengths = new ArrayList<>();
		this.connection.streamEventsJson(query, (event) -> lengths.add(event.length()));
		assertThat(lengths).hasSize(2);
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasHighCardinalityKeyValue("pryv.events.count", "2");
	}

	@Test
	void eventsJsonPassThroughStoppedByItsHandlerStopsAsCancelledWithTheEventsHandedOver() {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		List<Integer> lengths = new ArrayList<>();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.connection.streamEventsJson(query, (event) -> {
			if (lengths.size() == 1) {
				throw new IOException("client gone");
			}
			lengths.add(event.length());
		})).withMessage("client gone");
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "CANCELLED")
			.hasHighCardinalityKeyValue("pryv.events.count", "1")
			.hasBeenStopped();
	}

	@Test
	void failedEventStreamStopsAsError() {
		stubFor(get(urlPathEqualTo("/" + USER + "/events"))
			.willReturn(PryvFixture.load("events-get-bad-param").response(this.base)));
		EventsQuery query = EventsQuery.builder().streams("heart").build();
		assertThatExceptionOfType(PryvApiException.class)
			.isThrownBy(() -> this.connection.reactive().events(query).collectList().block());
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "ERROR")
			.hasHighCardinalityKeyValue("pryv.events.count", "0")
			.hasError()
			.hasBeenStopped();
	}

	@Test
	void cancelledEventStreamStopsAsCancelled() {
		PryvFixture.load("events-get").stub(this.base);
		EventsQuery query = EventsQuery.builder().streams("heart").limit(10).build();
		assertThat(this.connection.reactive().events(query).take(1).collectList().block()).hasSize(1);
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.events.stream")
			.that()
			.hasLowCardinalityKeyValue("outcome", "CANCELLED")
			.hasHighCardinalityKeyValue("pryv.events.count", "1")
			.hasBeenStopped();
	}

	@Test
	void authFlowStartAndPollAreObserved() {
		stubFor(post("/reg/access/").willReturn(PryvFixture.load("auth-request-start").response(this.base)));
		PryvFixture.load("auth-poll-accepted").stub(this.base);
		PryvAuthFlow flow = new PryvAuthFlow(this.service,
				AuthRequest.of("sample-app", List.of(new RequestedPermission("heart", "Heart", "read"))));
		AuthState state = flow.poll(flow.start());
		assertThat(state.apiEndpoint().token()).isEqualTo(GRANTED_TOKEN);
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.auth.start")
			.that()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS");
		assertThat(this.registry).hasObservationWithNameEqualTo("pryv.auth.poll")
			.that()
			.hasLowCardinalityKeyValue("outcome", "SUCCESS")
			.hasLowCardinalityKeyValue("pryv.auth.status", "ACCEPTED");
		assertThat(this.registry).hasAnObservation((observation) -> observation
			.hasNameEqualTo("http.client.requests")
			.hasLowCardinalityKeyValue("uri", "/access/{id}"));
	}

}
