package io.pryv.client.monitor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.socket.PryvSocket;
import io.pryv.client.socket.PryvSocketOptions;
import io.pryv.client.socket.SocketIoTestServer;
import io.pryv.client.socket.SocketState;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.stubFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitor driven by a real socket's notifications (a Socket.IO 4.8 server
 * from npm), the platform's HTTP API played by WireMock: notifications trigger
 * updates; while the socket is down the timer takes over; a reconnection
 * brings an update.
 */
@WireMockTest
class PryvMonitorSocketTest {

	private static final String USER = PryvMonitorTest.USER;

	private static final String TOKEN = PryvMonitorTest.TOKEN;

	private SocketIoTestServer sockets;

	private PryvMonitor monitor;

	private PryvSocket socket;

	private final List<MonitorChange> changes = new CopyOnWriteArrayList<>();

	private PryvConnection connection;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.sockets = SocketIoTestServer.start(Map.of(USER, TOKEN));
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "Test", "register", wm.getHttpBaseUrl() + "/reg/", "access",
					wm.getHttpBaseUrl() + "/reg/access/", "api", wm.getHttpBaseUrl() + "/{username}/"))
			.build();
		PryvConnectionFactory factory = new PryvConnectionFactory(service);
		this.connection = factory.connect(ApiEndpoint.of(wm.getHttpBaseUrl() + "/" + USER + "/", TOKEN));
		// the socket's platform runs on its own port here; on a real platform it is the API host
		this.socket = factory.connect(ApiEndpoint.parse(this.sockets.endpoint(USER, TOKEN)))
			.socket(PryvSocketOptions.defaults()
				.withUsername(USER)
				.withReconnection(Duration.ofMillis(100), Duration.ofMillis(300), 0));
		stubFor(get(urlPathEqualTo("/" + USER + "/streams")).willReturn(PryvMonitorTest.json(PryvMonitorTest.STREAMS)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", absent())
			.willReturn(PryvMonitorTest.json(PryvMonitorTest.INITIAL_EVENTS)));
		stubFor(get(urlPathEqualTo("/" + USER + "/events")).withQueryParam("modifiedSince", matching(".+"))
			.willReturn(PryvMonitorTest.json(PryvMonitorTest.NOTHING_CHANGED)));
	}

	@AfterEach
	void tearDown() {
		if (this.monitor != null) {
			this.monitor.stop();
		}
		if (this.socket != null) {
			this.socket.close();
		}
		if (this.sockets != null) {
			this.sockets.close();
		}
	}

	private static int eventUpdates() {
		return WireMock.findAll(getRequestedFor(urlPathEqualTo("/" + USER + "/events"))
			.withQueryParam("modifiedSince", matching(".+"))).size();
	}

	private static int streamLoads() {
		return WireMock.findAll(getRequestedFor(urlPathEqualTo("/" + USER + "/streams"))).size();
	}

	@Test
	void notificationsTriggerUpdatesAndTheTimerTakesOverWhileTheSocketIsDown() throws Exception {
		this.monitor = PryvMonitor.builder(this.connection, EventsQuery.all())
			.interval(Duration.ofMillis(250))
			.socket(this.socket.reactive())
			.build();
		this.monitor.on(MonitorChange.class, this.changes::add);
		this.monitor.start();
		await().atMost(PryvMonitorTest.WAIT).until(() -> this.changes.stream().anyMatch(MonitorChange.Ready.class::isInstance));

		// the socket is up: the timer stays quiet
		Thread.sleep(1000);
		assertThat(eventUpdates()).isZero();

		// a notification brings an update of the events, another of the streams
		this.sockets.notify(USER, "eventsChanged");
		await().atMost(PryvMonitorTest.WAIT).until(() -> eventUpdates() == 1);
		this.sockets.notify(USER, "streamsChanged");
		await().atMost(PryvMonitorTest.WAIT).until(() -> streamLoads() == 2);

		// the socket drops: the timer updates meanwhile
		this.sockets.stop();
		await().atMost(PryvMonitorTest.WAIT).until(() -> this.socket.state() == SocketState.RECONNECTING);
		int before = eventUpdates();
		await().atMost(PryvMonitorTest.WAIT).until(() -> eventUpdates() >= before + 3);

		// it comes back: one update for what was missed, then the timer is quiet again
		this.sockets.restart();
		await().atMost(PryvMonitorTest.WAIT).until(() -> this.socket.state() == SocketState.CONNECTED);
		await().atMost(PryvMonitorTest.WAIT).until(() -> streamLoads() == 3);
		Thread.sleep(500);
		int settled = eventUpdates();
		Thread.sleep(1000);
		assertThat(eventUpdates()).isEqualTo(settled);
		assertThat(this.changes).noneMatch(MonitorChange.MonitorError.class::isInstance);
	}

	@Test
	void aMonitorThatOpensItsOwnSocketClosesItOnStop() {
		PryvConnection onSocketServer = new PryvConnectionFactory(PryvService.builder()
			.overrides(Map.of("name", "Test", "register", "http://127.0.0.1:1/reg/", "access",
					"http://127.0.0.1:1/reg/access/", "api", "http://127.0.0.1:1/{username}/"))
			.build()).connect(ApiEndpoint.parse(this.sockets.endpoint(USER, TOKEN)));
		// the test server's HTTP side answers access-info only: the initial load fails, the socket opens
		this.monitor = PryvMonitor.builder(onSocketServer, EventsQuery.all())
			.openSocket(PryvSocketOptions.defaults())
			.build();
		this.monitor.on(MonitorChange.class, this.changes::add);
		this.monitor.start();
		await().atMost(PryvMonitorTest.WAIT).until(() -> this.sockets.clients(USER) == 2);
		this.monitor.stop();
		await().atMost(PryvMonitorTest.WAIT).until(() -> this.sockets.clients(USER) == 1);
	}

}
