package io.pryv.client.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.monitor.MonitorChange.EventChanged;
import io.pryv.client.monitor.MonitorChange.EventDeleted;
import io.pryv.client.monitor.MonitorChange.MonitorError;
import io.pryv.client.monitor.MonitorChange.Ready;
import io.pryv.client.monitor.MonitorChange.StreamsChanged;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The monitor against WireMock answering as a Pryv platform does ({@code events}
 * first, {@code eventDeletions}, {@code meta} last).
 */
@WireMockTest
class PryvMonitorTest {

	static final String USER = "alice";

	static final String TOKEN = "mon-token-5k2p";

	static final Duration WAIT = Duration.ofSeconds(20);

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private PryvConnection connection;

	private PryvMonitor monitor;

	private final List<MonitorChange> changes = new CopyOnWriteArrayList<>();

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "Test", "register", wm.getHttpBaseUrl() + "/reg/", "access",
					wm.getHttpBaseUrl() + "/reg/access/", "api", wm.getHttpBaseUrl() + "/{username}/"))
			.observationRegistry(this.registry)
			.build();
		this.connection = new PryvConnectionFactory(service)
			.connect(ApiEndpoint.of(wm.getHttpBaseUrl() + "/" + USER + "/", TOKEN));
		stubFor(get(urlPathEqualTo("/" + USER + "/streams")).willReturn(json(STREAMS)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", absent())
			.willReturn(json(INITIAL_EVENTS)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(NOTHING_CHANGED)));
	}

	@AfterEach
	void tearDown() {
		if (this.monitor != null) {
			this.monitor.stop();
		}
	}

	static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	static final String STREAMS = """
			{"streams":[{"id":"health","name":"Health","parentId":null,"children":[
			{"id":"heart","name":"Heart","parentId":"health","children":[]},
			{"id":"weight","name":"Weight","parentId":"health","children":[]}]}],
			"meta":{"apiVersion":"2.0.0-pre.4","serverTime":1796093218.6,"serial":"2026120101"}}""";

	static final String INITIAL_EVENTS = """
			{"events":[
			{"id":"ev-hr-1","streamIds":["heart"],"type":"frequency/bpm","content":72,"time":1796093100,"created":1796093100,"createdBy":"a","modified":1796093100,"modifiedBy":"a"},
			{"id":"ev-kg-1","streamIds":["weight"],"type":"mass/kg","content":70.5,"time":1796093000,"created":1796093000,"createdBy":"a","modified":1796093000,"modifiedBy":"a"}],
			"meta":{"apiVersion":"2.0.0-pre.4","serverTime":1796093218.7,"serial":"2026120101"}}""";

	static final String ONE_CHANGE_ONE_DELETION = """
			{"events":[
			{"id":"ev-hr-2","streamIds":["heart"],"type":"frequency/bpm","content":88,"time":1796093300,"created":1796093300,"createdBy":"a","modified":1796093300,"modifiedBy":"a"}],
			"eventDeletions":[{"id":"ev-kg-1","deleted":1796093301}],
			"meta":{"apiVersion":"2.0.0-pre.4","serverTime":1796093302,"serial":"2026120101"}}""";

	static final String NOTHING_CHANGED = """
			{"events":[],"eventDeletions":[],"meta":{"apiVersion":"2.0.0-pre.4","serverTime":1796093310,"serial":"2026120101"}}""";

	private PryvMonitor.Builder builder() {
		return PryvMonitor.builder(this.connection, EventsQuery.all());
	}

	private PryvMonitor started(PryvMonitor.Builder builder) {
		this.monitor = builder.build();
		this.monitor.on(MonitorChange.class, this.changes::add);
		this.monitor.start();
		awaitReadyCount(1);
		return this.monitor;
	}

	private void awaitReadyCount(int count) {
		await().atMost(WAIT).until(() -> this.changes.stream().filter(Ready.class::isInstance).count() >= count);
	}

	private static List<LoggedRequest> updates() {
		return WireMock.findAll(getRequestedFor(urlPathEqualTo("/" + USER + "/events"))
			.withQueryParam("modifiedSince", matching(".+")));
	}

	@Test
	void startLoadsTheStreamsThenTheEventsOfTheScopeThenIsReady() {
		started(builder());
		assertThat(this.changes).hasSize(4);
		assertThat(this.changes.get(0)).isInstanceOfSatisfying(StreamsChanged.class,
				(change) -> assertThat(change.streams().get(0).children()).extracting("id").containsExactly("heart", "weight"));
		assertThat(this.changes.subList(1, 3)).extracting((change) -> ((EventChanged) change).event().id())
			.containsExactly("ev-hr-1", "ev-kg-1");
		assertThat(this.changes.get(3)).isInstanceOf(Ready.class);
		assertThat(this.monitor.streams()).hasSize(1);
		assertThat(updates()).isEmpty();
	}

	@Test
	void anUpdateAsksWhatChangedSinceAndDeliversTheChangeAndTheDeletionOnce() {
		started(builder());
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(ONE_CHANGE_ONE_DELETION)));
		this.changes.clear();
		this.monitor.update();
		awaitReadyCount(1);
		assertThat(this.changes).hasSize(3);
		assertThat(this.changes.get(0)).isInstanceOfSatisfying(EventChanged.class,
				(change) -> assertThat(change.event().content().asInt()).isEqualTo(88));
		assertThat(this.changes.get(1)).isInstanceOfSatisfying(EventDeleted.class,
				(change) -> assertThat(change.deletion().id()).isEqualTo("ev-kg-1"));
		LoggedRequest update = updates().get(0);
		assertThat(update.queryParameter("includeDeletions").firstValue()).isEqualTo("true");
		assertThat(update.queryParameter("state").firstValue()).isEqualTo("all");
		// since the server time of the load (learnt from the answers), a little before it
		assertThat(Double.parseDouble(update.queryParameter("modifiedSince").firstValue())).isBetween(1796093200.0,
				1796093300.0);

		// the next update overlaps the last one: what was delivered is not delivered again
		this.changes.clear();
		this.monitor.update();
		awaitReadyCount(1);
		assertThat(this.changes).singleElement().isInstanceOf(Ready.class);
	}

	@Test
	void aPlatformThatIgnoresModifiedSinceDoesNotBringOldEventsBackAsChanges() {
		started(builder());
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(INITIAL_EVENTS)));
		this.changes.clear();
		this.monitor.update();
		awaitReadyCount(1);
		this.monitor.update();
		awaitReadyCount(2);
		assertThat(this.changes).allMatch(Ready.class::isInstance);
	}

	@Test
	void triggersDuringAnUpdateAreCoalescedIntoOneUpdateAfterIt() {
		started(builder());
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(NOTHING_CHANGED).withFixedDelay(700)));
		this.changes.clear();
		for (int i = 0; i < 6; i++) {
			this.monitor.update();
		}
		awaitReadyCount(1);
		// one update ran, the five later triggers made one more
		await().atMost(WAIT).until(() -> updates().size() >= 2);
		awaitReadyCount(1);
		await().pollDelay(Duration.ofMillis(1500)).atMost(WAIT).until(() -> true);
		assertThat(updates()).hasSize(2);
	}

	@Test
	void anErrorIsDeliveredAndTheMonitorGoesOn() {
		started(builder());
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(aResponse().withStatus(403)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"id\":\"invalid-access-token\",\"message\":\"Cannot find access from token.\"}}")));
		this.changes.clear();
		this.monitor.update();
		await().atMost(WAIT).until(() -> this.changes.stream().anyMatch(MonitorError.class::isInstance));
		MonitorError error = (MonitorError) this.changes.stream().filter(MonitorError.class::isInstance).findFirst().get();
		assertThat(error.error()).isInstanceOfSatisfying(PryvApiException.class,
				(ex) -> assertThat(ex.getId()).isEqualTo("invalid-access-token"));
		assertThat(error.error().getMessage()).doesNotContain(TOKEN);

		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(ONE_CHANGE_ONE_DELETION)));
		this.changes.clear();
		this.monitor.update();
		await().atMost(WAIT).until(() -> this.changes.stream().anyMatch(EventDeleted.class::isInstance));
		assertThat(this.monitor.isRunning()).isTrue();
	}

	@Test
	void aFailedInitialLoadIsAnErrorAndTheNextTriggerLoadsAgain() {
		stubFor(get(urlPathEqualTo("/" + USER + "/streams")).willReturn(aResponse().withStatus(500)));
		this.monitor = builder().build();
		this.monitor.on(MonitorChange.class, this.changes::add);
		this.monitor.start();
		await().atMost(WAIT).until(() -> this.changes.stream().anyMatch(MonitorError.class::isInstance));
		assertThat(this.changes).noneMatch(Ready.class::isInstance);
		stubFor(get(urlPathEqualTo("/" + USER + "/streams")).willReturn(json(STREAMS)));
		this.monitor.update();
		awaitReadyCount(1);
		assertThat(this.changes).filteredOn(EventChanged.class::isInstance).hasSize(2);
		assertThat(updates()).isEmpty();
	}

	@Test
	void theTimerUpdatesOnItsOwn() {
		started(builder().interval(Duration.ofMillis(200)));
		await().atMost(WAIT).until(() -> updates().size() >= 3);
	}

	@Test
	void stopEndsEverythingAndNoChangeComesAfter() throws Exception {
		started(builder().interval(Duration.ofMillis(100)));
		List<String> ends = new CopyOnWriteArrayList<>();
		Disposable subscription = this.monitor.changes().subscribe((change) -> {
		}, (ex) -> ends.add("error"), () -> ends.add("complete"));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(json(ONE_CHANGE_ONE_DELETION).withFixedDelay(400)));
		await().atMost(WAIT).until(() -> updates().size() >= 1); // an update is in flight
		this.changes.clear();
		this.monitor.stop();
		assertThat(ends).containsExactly("complete");
		int requests = updates().size();
		Thread.sleep(1000);
		assertThat(this.changes).isEmpty();
		assertThat(updates()).hasSize(requests);
		assertThat(this.monitor.isRunning()).isFalse();
		assertThatThrownBy(() -> this.monitor.update()).isInstanceOf(PryvClientException.class)
			.hasMessageContaining("stopped");
		assertThatThrownBy(() -> this.monitor.start()).isInstanceOf(PryvClientException.class);
		List<String> late = new CopyOnWriteArrayList<>();
		this.monitor.changes().subscribe((change) -> late.add("change"), (ex) -> late.add("error"), () -> late.add("complete"));
		assertThat(late).containsExactly("complete");
		subscription.dispose();
	}

	@Test
	void listenersGetTheirKindOnlyAndAFailingOneDoesNotStopTheOthers() {
		List<String> heartRates = new CopyOnWriteArrayList<>();
		this.monitor = builder().build();
		this.monitor.on(EventChanged.class, (change) -> {
			throw new IllegalStateException("a buggy listener");
		});
		this.monitor.on(EventChanged.class, (change) -> heartRates.add(change.event().id()));
		this.monitor.on(MonitorChange.class, this.changes::add);
		this.monitor.start();
		awaitReadyCount(1);
		assertThat(heartRates).containsExactly("ev-hr-1", "ev-kg-1");
	}

	@Test
	void updatesAreObservedWithoutTheToken() {
		List<io.micrometer.observation.Observation.Context> stopped = new CopyOnWriteArrayList<>();
		this.registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {
			@Override
			public void onStop(io.micrometer.observation.Observation.Context context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
				return true;
			}
		});
		started(builder());
		this.monitor.update();
		awaitReadyCount(2);
		await().atMost(WAIT).until(() -> stopped.stream().filter((c) -> c.getName().equals("pryv.monitor.update")).count() >= 2);
		assertThat(stopped).filteredOn((context) -> context.getName().equals("pryv.monitor.update"))
			.extracting((context) -> context.getLowCardinalityKeyValue("pryv.monitor.update").getValue() + " "
					+ context.getLowCardinalityKeyValue("outcome").getValue())
			.containsExactly("initial SUCCESS", "events SUCCESS");
		assertThat(stopped).allSatisfy((context) -> {
			assertThat(context.getLowCardinalityKeyValues().toString()).doesNotContain(TOKEN);
			assertThat(context.getHighCardinalityKeyValues().toString()).doesNotContain(TOKEN);
		});
	}

}
