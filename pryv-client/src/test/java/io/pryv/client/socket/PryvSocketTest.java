package io.pryv.client.socket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import io.pryv.client.ApiCall;
import io.pryv.client.ApiEndpoint;
import io.pryv.client.ApiResult;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The socket against a real Socket.IO 4.8 server that answers as a Pryv
 * platform does ({@link SocketIoTestServer}): WebSocket transport only,
 * namespace {@code /<username>}, token in the handshake's {@code auth}.
 */
class PryvSocketTest {

	private static final String USER = "alice";

	private static final String TOKEN = "ck-alice-token-8f3a";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static SocketIoTestServer server;

	private static PryvConnectionFactory factory;

	@BeforeAll
	static void startServer() {
		server = SocketIoTestServer.start(Map.of(USER, TOKEN, "bob", "bob-token"));
		factory = new PryvConnectionFactory(PryvService.builder()
			.overrides(Map.of("name", "Test", "register", "http://127.0.0.1:1/reg/", "access",
					"http://127.0.0.1:1/reg/access/", "api", "http://127.0.0.1:1/{username}/"))
			.build());
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	private static PryvConnection connection(String user, String token) {
		return factory.connect(ApiEndpoint.parse(server.endpoint(user, token)));
	}

	private static PryvSocketOptions quick() {
		return PryvSocketOptions.defaults()
			.withConnectTimeout(WAIT)
			.withReconnection(Duration.ofMillis(100), Duration.ofMillis(500), 0);
	}

	@Test
	void opensOnTheUsersNamespaceFoundFromAccessInfoAndReceivesTypedNotifications() {
		try (PryvSocket socket = connection(USER, TOKEN).socket(quick())) {
			assertThat(socket.state()).isEqualTo(SocketState.CONNECTED);
			assertThat(socket.reactive().namespace()).isEqualTo("/alice");
			List<PryvChange> received = new CopyOnWriteArrayList<>();
			Disposable subscription = socket.changes().subscribe(received::add);
			server.notify(USER, "eventsChanged");
			server.notify(USER, "streamsChanged");
			server.notify(USER, "accessesChanged");
			server.notify(USER, "notificationsChanged");
			server.notify("bob", "eventsChanged");
			await().atMost(WAIT).until(() -> received.size() >= 4);
			assertThat(received).containsExactly(new PryvChange(PryvChange.Kind.EVENTS, "eventsChanged"),
					new PryvChange(PryvChange.Kind.STREAMS, "streamsChanged"),
					new PryvChange(PryvChange.Kind.ACCESSES, "accessesChanged"),
					new PryvChange(PryvChange.Kind.OTHER, "notificationsChanged"));
			subscription.dispose();
		}
	}

	@Test
	void runsBatchesOverTheSocketWithResultsByIndexAndAnErrorInItsSlot() {
		try (PryvSocket socket = connection(USER, TOKEN).socket(quick())) {
			List<PryvChange> received = new CopyOnWriteArrayList<>();
			Disposable subscription = socket.changes().subscribe(received::add);
			List<Integer> progress = new CopyOnWriteArrayList<>();
			List<ApiResult> handled = new CopyOnWriteArrayList<>();
			List<ApiResult> results = socket.api(List.of(
					ApiCall.of("events.create", Map.of("streamIds", List.of("heart"), "type", "frequency/bpm", "content", 72))
						.withHandler(handled::add),
					ApiCall.of("no.such.method", Map.of())), progress::add);
			assertThat(results).hasSize(2);
			assertThat(results.get(0).isSuccess()).isTrue();
			assertThat(results.get(0).get("event").path("content").asInt()).isEqualTo(72);
			assertThat(results.get(1).isSuccess()).isFalse();
			assertThat(results.get(1).error().id()).isEqualTo("invalid-method");
			assertThat(handled).containsExactly(results.get(0));
			assertThat(progress).containsExactly(100);
			// the platform notifies a change after the creation
			await().atMost(WAIT).until(() -> received.contains(PryvChange.of("eventsChanged")));
			subscription.dispose();
		}
	}

	@Test
	void runsOneMethodWithItsAcknowledgementOrItsApiError() {
		try (PryvSocket socket = connection(USER, TOKEN).socket(quick())) {
			socket.api(List.of(ApiCall.of("events.create", Map.of("streamIds", List.of("weight"), "type",
					"mass/kg", "content", 70.5))));
			JsonNode answer = socket.call("events.get", Map.of("limit", 1));
			assertThat(answer.path("events").get(0).path("type").asString()).isEqualTo("mass/kg");
			assertThatThrownBy(() -> socket.call("no.such.method", null)).isInstanceOfSatisfying(PryvApiException.class,
					(ex) -> {
						assertThat(ex.getId()).isEqualTo("invalid-method");
						assertThat(ex.getMessage()).contains("no.such.method over the socket");
					});
		}
	}

	@Test
	void aRefusedTokenIsAClearApiErrorAtOpenWithoutTheToken() {
		PryvConnection wrong = connection(USER, "not-the-token-71x");
		// the namespace refuses it (the username given, no access-info call)
		assertThatThrownBy(() -> wrong.socket(quick().withUsername(USER)))
			.isInstanceOfSatisfying(PryvApiException.class, (ex) -> {
				assertThat(ex.getId()).isEqualTo("invalid-access-token");
				assertThat(ex.getMessage()).contains("Cannot find access from token").doesNotContain("not-the-token-71x");
			});
		// asked for the username, the platform refuses it already
		assertThatThrownBy(() -> wrong.socket(quick())).isInstanceOfSatisfying(PryvApiException.class,
				(ex) -> assertThat(ex.getId()).isEqualTo("invalid-access-token"));
	}

	@Test
	void anUnknownUserIsAClearApiErrorAtOpen() {
		assertThatThrownBy(() -> connection("nobody", TOKEN).socket(quick().withUsername("nobody")))
			.isInstanceOfSatisfying(PryvApiException.class, (ex) -> {
				assertThat(ex.getId()).isEqualTo("unknown-user");
				assertThat(ex.getMessage()).contains("Unknown user \"nobody\"").doesNotContain(TOKEN);
			});
	}

	@Test
	void opensFromAPerUserHostEndpointOnTheNamespaceOfTheTokensUser() {
		// https://{token}@alice.pryv.me/: the socket is on the host's /socket.io/, the
		// namespace the user's, found from access-info at the host's root
		PryvConnection perUserHost = factory.connect(ApiEndpoint.parse(server.perUserHostEndpoint(TOKEN)));
		try (PryvSocket socket = perUserHost.socket(quick())) {
			assertThat(socket.state()).isEqualTo(SocketState.CONNECTED);
			assertThat(socket.reactive().namespace()).isEqualTo("/alice");
			List<PryvChange> received = new CopyOnWriteArrayList<>();
			Disposable subscription = socket.changes().subscribe(received::add);
			server.notify(USER, "eventsChanged");
			await().atMost(WAIT).until(() -> !received.isEmpty());
			assertThat(received).containsExactly(new PryvChange(PryvChange.Kind.EVENTS, "eventsChanged"));
			assertThat(socket.toString()).contains("ws://127.0.0.1:").doesNotContain(TOKEN);
			subscription.dispose();
		}
	}

	@Test
	void anUnreachablePlatformIsAClearClientErrorAtOpen() {
		PryvConnection nowhere = factory.connect(ApiEndpoint.parse("http://" + TOKEN + "@127.0.0.1:1/alice/"));
		assertThatThrownBy(() -> nowhere.socket(quick().withUsername(USER)))
			.isInstanceOfSatisfying(PryvClientException.class, (ex) -> {
				assertThat(ex.getMessage()).contains("Could not open the Pryv socket ws://127.0.0.1:1/socket.io/")
					.doesNotContain(TOKEN);
			});
	}

	@Test
	void reconnectsAfterAServerRestartAndKeepsNotifyingTheSameSubscriber() {
		try (PryvSocket socket = connection(USER, TOKEN).socket(quick())) {
			List<PryvChange> received = new CopyOnWriteArrayList<>();
			List<SocketState> states = new CopyOnWriteArrayList<>();
			Disposable changes = socket.changes().subscribe(received::add);
			Disposable watched = socket.states().subscribe(states::add);
			server.stop();
			await().atMost(WAIT).until(() -> socket.state() == SocketState.RECONNECTING);
			// while the link is down, calls fail at once and are not kept to be sent later
			assertThatThrownBy(() -> socket.call("events.get", Map.of())).isInstanceOf(PryvClientException.class)
				.hasMessageContaining("is reconnecting: events.get over the socket was not sent");
			server.restart();
			await().atMost(WAIT).until(() -> socket.state() == SocketState.CONNECTED);
			server.notify(USER, "streamsChanged");
			await().atMost(WAIT).until(() -> received.contains(PryvChange.of("streamsChanged")));
			assertThat(states).containsSubsequence(SocketState.CONNECTED, SocketState.RECONNECTING,
					SocketState.CONNECTED);
			assertThat(socket.call("events.get", Map.of("limit", 1)).has("events")).isTrue();
			changes.dispose();
			watched.dispose();
		}
	}

	@Test
	void aPlatformThatStopsPingingIsTakenForLostAndReconnectedTo() {
		SocketIoTestServer own = SocketIoTestServer.start(Map.of(USER, TOKEN), 300, 300);
		try (PryvSocket socket = factory.connect(ApiEndpoint.parse(own.endpoint(USER, TOKEN))).socket(quick())) {
			List<SocketState> states = new CopyOnWriteArrayList<>();
			Disposable watched = socket.states().subscribe(states::add);
			own.freeze(true); // the TCP connection stays open, nothing comes any more
			try {
				await().atMost(WAIT).until(() -> socket.state() == SocketState.RECONNECTING);
			}
			finally {
				own.freeze(false);
			}
			await().atMost(WAIT).until(() -> socket.state() == SocketState.CONNECTED);
			assertThat(socket.call("events.get", Map.of()).has("events")).isTrue();
			assertThat(states).containsSubsequence(SocketState.CONNECTED, SocketState.RECONNECTING,
					SocketState.CONNECTED);
			watched.dispose();
		}
		finally {
			own.close();
		}
	}

	@Test
	void givesUpWithAnErrorAfterTheConfiguredReconnectionAttempts() {
		SocketIoTestServer own = SocketIoTestServer.start(Map.of(USER, TOKEN));
		try {
			PryvConnection connection = factory.connect(ApiEndpoint.parse(own.endpoint(USER, TOKEN)));
			PryvSocket socket = connection.socket(PryvSocketOptions.defaults()
				.withReconnection(Duration.ofMillis(50), Duration.ofMillis(100), 3));
			List<Throwable> errors = new CopyOnWriteArrayList<>();
			socket.changes().subscribe((change) -> {
			}, errors::add);
			own.stop();
			await().atMost(WAIT).until(() -> socket.state() == SocketState.CLOSED);
			assertThat(errors).singleElement()
				.isInstanceOf(PryvClientException.class)
				.extracting(Throwable::getMessage)
				.asString()
				.contains("gave up after 3 reconnection attempts");
		}
		finally {
			own.close();
		}
	}

	@Test
	void closeLeavesTheNamespaceEndsEveryStreamAndLeavesNoThreadBehind() throws Exception {
		PryvConnection connection = connection(USER, TOKEN);
		connection.accessInfo(); // the shared event loops exist before the socket
		Schedulers.parallel().schedule(() -> {
		});
		Set<String> before = threadNames();
		PryvSocket socket = connection.socket(quick());
		await().atMost(WAIT).until(() -> server.clients(USER) >= 1);
		int others = server.clients(USER) - 1;
		List<String> ends = new CopyOnWriteArrayList<>();
		socket.changes().subscribe((change) -> {
		}, (ex) -> ends.add("error"), () -> ends.add("changes complete"));
		List<SocketState> states = new CopyOnWriteArrayList<>();
		socket.states().subscribe(states::add, (ex) -> ends.add("error"), () -> ends.add("states complete"));

		socket.close();

		assertThat(socket.state()).isEqualTo(SocketState.CLOSED);
		assertThat(ends).containsExactlyInAnyOrder("changes complete", "states complete");
		assertThat(states).endsWith(SocketState.CLOSED);
		await().atMost(WAIT).until(() -> server.clients(USER) == others);
		assertThatThrownBy(() -> socket.call("events.get", Map.of())).isInstanceOf(PryvClientException.class)
			.hasMessageContaining("is closed");
		socket.close(); // twice is fine
		Thread.sleep(500);
		Set<String> left = threadNames();
		left.removeAll(before);
		assertThat(left).as("threads started by the socket and still alive after close").isEmpty();
	}

	@Test
	void neverShowsTheTokenInItsDescription() {
		try (PryvSocket socket = connection(USER, TOKEN).socket(quick())) {
			assertThat(socket.toString()).contains("/socket.io/").contains("/alice").doesNotContain(TOKEN);
		}
	}

	private static Set<String> threadNames() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("Keep-Alive-")) // the JDK's HttpURLConnection, used by the test
			.collect(Collectors.toSet());
	}

}
