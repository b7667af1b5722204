package io.pryv.client.socket;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

import io.micrometer.common.KeyValues;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.util.UriUtils;

import io.pryv.client.ApiCall;
import io.pryv.client.ApiError;
import io.pryv.client.ApiResult;
import io.pryv.client.BatchCalls;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvClientException;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.observation.PryvObservationDocumentation;
import io.pryv.client.observation.PryvObservations;

/**
 * A live link to a user's data on a Pryv platform, over Socket.IO (the
 * counterpart of lib-js's {@code @pryv/socket.io}): change notifications as a
 * {@link #changes() Flux}, and API calls run over the socket with the same
 * results as over HTTP.
 * <p>
 * Open it from a connection: {@code connection.socket()} (a
 * {@code Mono<ReactivePryvSocket>} that completes once the platform accepted
 * the socket). It speaks Engine.IO v4 / Socket.IO v5 over a Reactor Netty
 * WebSocket (the only transport platforms in cluster mode accept) to
 * {@code ws(s)://<api host>/socket.io/}, namespace {@code /<username>}; the token
 * travels only in the handshake's {@code auth} query parameter and appears in
 * no message, log or {@code toString()}. A refused token or an unknown user
 * fails the open with a {@link PryvApiException}.
 * <p>
 * When the link is lost, it reconnects with a growing delay (see
 * {@link PryvSocketOptions}) and joins the namespace again; existing
 * subscribers of {@link #changes()} keep receiving. Calls in flight when the
 * link drops fail (they are never sent twice), and calls made while
 * reconnecting fail at once. A refusal on reconnection closes the socket for
 * good, with the error on {@link #changes()}. {@link #close()} leaves the
 * namespace, closes the WebSocket and completes every stream. The socket has no
 * thread of its own: it runs on Reactor Netty's event loops and Reactor's
 * parallel scheduler.
 */
public final class ReactivePryvSocket {

	/** The largest frame accepted from the platform (a call's answer can be large). */
	private static final int MAX_FRAME_BYTES = 64 * 1024 * 1024;

	private static final int CHANGES_BUFFER = 1024;

	private static final Duration CLOSE_GRACE = Duration.ofSeconds(2);

	private final ReactivePryvConnection connection;

	private final PryvSocketOptions options;

	private final String namespace;

	/** The WebSocket URL with the token: used to connect, never shown. */
	private final String socketUrl;

	/** The same URL without its query, for messages. */
	private final String shownUrl;

	private final String token;

	private final JsonMapper mapper;

	private final HttpClient client;

	private final Object lock = new Object();

	private final Sinks.Many<PryvChange> changes = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<SocketState> states = Sinks.many().replay().latest();

	private final Sinks.One<ReactivePryvSocket> opened = Sinks.one();

	private final Map<Long, Sinks.One<JsonNode>> pending = new ConcurrentHashMap<>();

	// guarded by lock
	private SocketState state = SocketState.CONNECTING;

	private Link link;

	private long nextAckId;

	private int failedAttempts;

	private boolean everConnected;

	private Disposable reconnectTimer;

	private ReactivePryvSocket(ReactivePryvConnection connection, PryvSocketOptions options, String username) {
		this.connection = connection;
		this.options = options;
		this.namespace = "/" + username;
		this.token = connection.endpoint().token();
		if (this.token == null) {
			throw new PryvClientException("A Pryv socket needs a connection with a token; " + connection.endpoint()
					+ " has none");
		}
		URI base = URI.create(connection.endpoint().baseUrl());
		String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
		String authority = base.getRawAuthority();
		this.shownUrl = scheme + "://" + authority + "/socket.io/ (namespace " + this.namespace + ")";
		this.socketUrl = scheme + "://" + authority + "/socket.io/?EIO=4&transport=websocket&auth="
				+ UriUtils.encodeQueryParam(this.token, StandardCharsets.UTF_8);
		this.mapper = connection.jsonMapper();
		HttpClient given = options.httpClient();
		this.client = ((given != null) ? given : HttpClient.newConnection())
			.headers((headers) -> headers.set("User-Agent", "pryv-spring-boot socket"));
		this.states.tryEmitNext(SocketState.CONNECTING);
	}

	/**
	 * Open a socket on a connection's user namespace. The {@code Mono} completes
	 * when the platform accepted it. Errors: {@link PryvApiException} when the
	 * platform refuses the token or does not know the user;
	 * {@link PryvClientException} when it cannot be reached or does not answer
	 * within {@link PryvSocketOptions#connectTimeout()}.
	 * @param connection the connection (its endpoint gives the host and the token)
	 * @param options how to connect and reconnect
	 * @return the open socket
	 */
	public static Mono<ReactivePryvSocket> open(ReactivePryvConnection connection, PryvSocketOptions options) {
		if (connection == null) {
			throw new PryvClientException("A Pryv socket needs a connection");
		}
		PryvSocketOptions settings = (options != null) ? options : PryvSocketOptions.defaults();
		Mono<String> username = (settings.username() != null) ? Mono.just(settings.username())
				: connection.username();
		Mono<ReactivePryvSocket> opening = username.flatMap((user) -> Mono.defer(() -> {
			ReactivePryvSocket socket = new ReactivePryvSocket(connection, settings, user);
			socket.connect();
			return socket.opened.asMono()
				.timeout(settings.connectTimeout(), Mono.defer(() -> {
					PryvClientException timeout = new PryvClientException("The Pryv socket " + socket.shownUrl
							+ " was not accepted within " + settings.connectTimeout());
					socket.closeForGood(timeout);
					return Mono.error(timeout);
				}))
				.doOnCancel(() -> socket.close().subscribe());
		}));
		return PryvObservations.observe(connection.observationRegistry(), PryvObservationDocumentation.SOCKET_CONNECT,
				KeyValues.empty(), KeyValues.empty(), null, opening);
	}

	/**
	 * The platform's change notifications, from now on (a hot stream shared by
	 * all subscribers). It goes on across reconnections, completes on
	 * {@link #close()} and fails when the socket closes for good on an error. A
	 * subscriber that falls behind by more than 1024 notifications loses the
	 * oldest.
	 * @return the notifications
	 */
	public Flux<PryvChange> changes() {
		return this.changes.asFlux().onBackpressureBuffer(CHANGES_BUFFER, (dropped) -> {
		}, BufferOverflowStrategy.DROP_OLDEST);
	}

	/**
	 * The socket's states: the current one first, then each change, completing
	 * after {@link SocketState#CLOSED}.
	 * @return the states
	 */
	public Flux<SocketState> states() {
		return this.states.asFlux();
	}

	/** @return the current state */
	public SocketState state() {
		synchronized (this.lock) {
			return this.state;
		}
	}

	/** @return the namespace joined, {@code /<username>} */
	public String namespace() {
		return this.namespace;
	}

	/** @return the connection this socket belongs to */
	public ReactivePryvConnection connection() {
		return this.connection;
	}

	/**
	 * Run calls over the socket as {@code callBatch}es of at most the
	 * connection's chunk size: the same results as
	 * {@link ReactivePryvConnection#api(List)}.
	 * @param calls the calls
	 * @return their results, in order
	 */
	public Mono<List<ApiResult>> api(List<ApiCall> calls) {
		return api(calls, null);
	}

	/**
	 * Run calls over the socket, as {@link ReactivePryvConnection#api(List, IntConsumer)}
	 * does over HTTP (handlers, progress, an error in a failed call's slot).
	 * @param calls the calls
	 * @param progress called with the percentage done after each chunk, or {@code null}
	 * @return their results, in order; a {@link PryvApiException} when the
	 * platform refuses a whole batch; a {@link PryvClientException} when the
	 * socket is not connected, or drops or times out before answering
	 */
	public Mono<List<ApiResult>> api(List<ApiCall> calls, @Nullable IntConsumer progress) {
		Mono<List<ApiResult>> run = BatchCalls.run(calls, this.connection.chunkSize(), progress, this::callBatch);
		if (calls == null || calls.isEmpty()) {
			return run;
		}
		List<String> methods = new ArrayList<>();
		calls.forEach((call) -> methods.add(call.method()));
		return PryvObservations.batch(this.connection.observationRegistry(), new java.util.LinkedHashSet<>(methods),
				calls.size(), run);
	}

	private Mono<List<ApiResult>> callBatch(List<ApiCall> chunk) {
		String what = "callBatch over the socket (" + BatchCalls.describe(chunk) + ")";
		return emit("callBatch", BatchCalls.body(chunk), what)
			.map((answer) -> BatchCalls.results(chunk, answer, what));
	}

	/**
	 * Run one API method over the socket, e.g. {@code events.get}.
	 * @param method the method
	 * @param params its parameters (any value Jackson writes; {@code null} sends {@code {}})
	 * @return the answer, or a {@link PryvApiException} with the method's error
	 */
	public Mono<JsonNode> call(String method, @Nullable Object params) {
		if (method == null || method.isBlank()) {
			throw new PryvClientException("A socket call needs a method name, e.g. events.get");
		}
		return emit(method, (params != null) ? params : Map.of(), method + " over the socket");
	}

	/** Emit an event with an acknowledgement, and read the acknowledgement Pryv's way. */
	private Mono<JsonNode> emit(String name, Object argument, String what) {
		return Mono.defer(() -> {
			Sinks.One<JsonNode> answer = Sinks.one();
			long ackId;
			synchronized (this.lock) {
				if (this.state != SocketState.CONNECTED) {
					return Mono.error(new PryvClientException("The Pryv socket " + this.shownUrl + " is "
							+ this.state.name().toLowerCase() + ": " + what + " was not sent"));
				}
				ackId = this.nextAckId++;
				String eventJson = this.mapper.writeValueAsString(List.of(name, argument));
				this.pending.put(ackId, answer);
				this.link.send(EngineIoFrame.event(this.namespace, ackId, eventJson));
			}
			return answer.asMono()
				.timeout(this.options.callTimeout(), Mono.error(() -> new PryvClientException("No answer to " + what
						+ " within " + this.options.callTimeout() + "; it may or may not have run, and was not sent again")))
				.doFinally((signal) -> this.pending.remove(ackId))
				.map((args) -> acknowledged(args, what));
		});
	}

	/** Pryv acknowledges {@code (error)} or {@code (null, result)}. */
	private static JsonNode acknowledged(JsonNode args, String what) {
		if (args == null || !args.isArray() || args.isEmpty()) {
			throw new PryvClientException("The acknowledgement of " + what + " has no arguments");
		}
		JsonNode error = args.get(0);
		if (!error.isNull()) {
			JsonNode details = (error.get("error") != null && error.get("error").isObject()) ? error.get("error") : error;
			throw new PryvApiException(ApiError.from(details), 0, what);
		}
		JsonNode result = args.get(1);
		if (result == null || !result.isObject()) {
			throw new PryvClientException("The acknowledgement of " + what + " has no result object");
		}
		return result;
	}

	/**
	 * Close the socket: leave the namespace, close the WebSocket, complete
	 * {@link #changes()} and {@link #states()}, fail calls still waiting. Safe to
	 * call more than once.
	 * @return completes when the WebSocket is closed (at most about 2 s)
	 */
	public Mono<Void> close() {
		return Mono.defer(() -> {
			Link current;
			synchronized (this.lock) {
				if (this.state == SocketState.CLOSED && this.link == null) {
					return Mono.empty();
				}
				current = this.link;
				closeForGood(null);
			}
			if (current == null) {
				return Mono.empty();
			}
			if (current.namespaceJoined) {
				current.send(EngineIoFrame.disconnect(this.namespace));
			}
			current.send(EngineIoFrame.CLOSE_FRAME);
			current.outgoing.tryEmitComplete();
			return current.ended.asMono()
				.timeout(CLOSE_GRACE, Mono.fromRunnable(() -> current.end(null)))
				.then();
		});
	}

	private void connect() {
		Link fresh = new Link();
		synchronized (this.lock) {
			if (this.state == SocketState.CLOSED) {
				return;
			}
			this.link = fresh;
		}
		fresh.start();
	}

	/** A frame received on a link. */
	private void onFrame(Link from, String text) {
		EngineIoFrame frame;
		try {
			frame = EngineIoFrame.parse(text, this.mapper);
		}
		catch (PryvClientException ex) {
			from.end(ex);
			return;
		}
		from.heard();
		switch (frame.type()) {
			case OPEN -> {
				JsonNode open = frame.data();
				long interval = (open != null) ? open.path("pingInterval").asLong(25_000) : 25_000;
				long timeout = (open != null) ? open.path("pingTimeout").asLong(20_000) : 20_000;
				from.silenceLimitMillis = interval + timeout;
				from.heard();
				from.send(EngineIoFrame.connect(this.namespace));
			}
			case PING -> from.send(EngineIoFrame.PONG_FRAME);
			case CLOSE -> from.end(new PryvClientException("The platform closed the Engine.IO session"));
			case MESSAGE -> onPacket(from, frame);
			default -> {
			}
		}
	}

	private void onPacket(Link from, EngineIoFrame frame) {
		if (!this.namespace.equals(frame.namespace())) {
			return;
		}
		switch (frame.packetType()) {
			case EngineIoFrame.CONNECT -> joined(from);
			case EngineIoFrame.CONNECT_ERROR -> {
				from.refusal = refusal(frame.data());
				from.end(from.refusal);
			}
			case EngineIoFrame.EVENT -> {
				JsonNode data = frame.data();
				if (data != null && data.isArray() && !data.isEmpty() && data.get(0).isString()) {
					synchronized (this.lock) {
						if (this.state != SocketState.CLOSED) {
							this.changes.tryEmitNext(PryvChange.of(data.get(0).asString()));
						}
					}
				}
			}
			case EngineIoFrame.ACK -> {
				Sinks.One<JsonNode> answer = this.pending.remove(frame.ackId());
				if (answer != null) {
					answer.tryEmitValue(frame.data());
				}
			}
			case EngineIoFrame.DISCONNECT -> from.end(new PryvClientException("The platform left the namespace"));
			default -> {
			}
		}
	}

	private void joined(Link from) {
		synchronized (this.lock) {
			if (from != this.link || this.state == SocketState.CLOSED) {
				return;
			}
			from.namespaceJoined = true;
			this.failedAttempts = 0;
			this.everConnected = true;
			setState(SocketState.CONNECTED);
		}
		this.opened.tryEmitValue(this);
	}

	/** The error a CONNECT_ERROR stands for: the platform's message, an id a program can test. */
	private PryvApiException refusal(JsonNode data) {
		String message = (data != null) ? data.path("message").asString("") : "";
		String id = (data != null && data.path("data").path("id").isString()) ? data.path("data").path("id").asString()
				: message.startsWith("Unknown user") ? "unknown-user"
						: (message.contains("access") || message.contains("token")) ? "invalid-access-token"
								: "socket-connection-refused";
		return new PryvApiException(new ApiError(id, message, null, null), 0,
				"socket.io connect to " + this.shownUrl);
	}

	/** A link ended: reconnect, or close for good when it was refused or never opened. */
	private void linkEnded(Link ended, Throwable reason) {
		PryvClientException lost = new PryvClientException("The Pryv socket " + this.shownUrl
				+ " lost its link before answering; the call was not sent again");
		synchronized (this.lock) {
			if (ended != this.link) {
				return;
			}
			this.link = null;
			failPending(lost);
			if (this.state == SocketState.CLOSED) {
				return;
			}
			if (ended.refusal != null) {
				closeForGood(ended.refusal);
				return;
			}
			String why = (reason == null) ? "the link was closed"
					: redact((reason.getMessage() != null) ? reason.getMessage() : reason.getClass().getSimpleName());
			if (!this.everConnected) {
				closeForGood(new PryvClientException("Could not open the Pryv socket " + this.shownUrl + ": " + why,
						(reason instanceof PryvClientException) ? reason : null));
				return;
			}
			this.failedAttempts++;
			int limit = this.options.reconnectAttempts();
			if (limit > 0 && this.failedAttempts > limit) {
				closeForGood(new PryvClientException("The Pryv socket " + this.shownUrl + " gave up after " + limit
						+ " reconnection attempts: " + why));
				return;
			}
			setState(SocketState.RECONNECTING);
			this.reconnectTimer = Schedulers.parallel().schedule(this::connect, delayMillis(this.failedAttempts),
					TimeUnit.MILLISECONDS);
		}
	}

	/** Socket.IO's backoff: {@code delay * 2^(attempt-1)}, up to half of it random, at most {@code delayMax}. */
	private long delayMillis(int attempt) {
		long base = this.options.reconnectDelay().toMillis();
		long max = this.options.reconnectDelayMax().toMillis();
		long delay = base << Math.min(attempt - 1, 20);
		long jitter = ThreadLocalRandom.current().nextLong(delay / 2 + 1);
		delay = ThreadLocalRandom.current().nextBoolean() ? delay + jitter : delay - jitter;
		return Math.max(1, Math.min(max, delay));
	}

	/** Close for good (lock held or not): every stream ends, with {@code error} if any. */
	private void closeForGood(Throwable error) {
		synchronized (this.lock) {
			if (this.state == SocketState.CLOSED) {
				return;
			}
			setState(SocketState.CLOSED);
			if (this.reconnectTimer != null) {
				this.reconnectTimer.dispose();
			}
			failPending(new PryvClientException("The Pryv socket " + this.shownUrl
					+ " was closed before answering; the call was not sent again"));
			if (error != null) {
				this.changes.tryEmitError(error);
				this.opened.tryEmitError(error);
			}
			else {
				this.changes.tryEmitComplete();
				this.opened.tryEmitError(new PryvClientException("The Pryv socket was closed while opening"));
			}
			this.states.tryEmitComplete();
			if (error != null && this.link != null) {
				this.link.end(null);
			}
		}
	}

	private void setState(SocketState next) {
		if (this.state != next) {
			this.state = next;
			this.states.tryEmitNext(next);
		}
	}

	private void failPending(PryvClientException error) {
		for (Long id : List.copyOf(this.pending.keySet())) {
			Sinks.One<JsonNode> answer = this.pending.remove(id);
			if (answer != null) {
				answer.tryEmitError(error);
			}
		}
	}

	private String redact(String text) {
		return (text == null) ? null : text.replace(this.token, "***")
			.replace(UriUtils.encodeQueryParam(this.token, StandardCharsets.UTF_8), "***");
	}

	@Override
	public String toString() {
		return "ReactivePryvSocket[" + this.shownUrl + ", " + state() + "]";
	}

	/** One WebSocket connection; a reconnection makes a new one. */
	private final class Link {

		private final Sinks.Many<String> outgoing = Sinks.many().unicast().onBackpressureBuffer();

		private final Sinks.Empty<Void> ended = Sinks.empty();

		private final AtomicBoolean over = new AtomicBoolean();

		private volatile Disposable subscription;

		private volatile Disposable silenceTimer;

		private volatile long silenceLimitMillis;

		private volatile boolean namespaceJoined;

		private volatile PryvApiException refusal;

		void start() {
			WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(MAX_FRAME_BYTES).build();
			this.subscription = ReactivePryvSocket.this.client.websocket(spec)
				.uri(ReactivePryvSocket.this.socketUrl)
				.handle((inbound, outbound) -> {
					Mono<Void> receiving = inbound.aggregateFrames(MAX_FRAME_BYTES)
						.receiveFrames()
						.ofType(TextWebSocketFrame.class)
						.map(TextWebSocketFrame::text)
						.doOnNext((text) -> onFrame(this, text))
						.then();
					Mono<Void> sending = outbound.sendString(this.outgoing.asFlux())
						.then()
						.then(outbound.sendClose())
						.then(Mono.never());
					return Mono.firstWithSignal(receiving, sending);
				})
				.then()
				.subscribe(null, this::end, () -> end(null));
			if (this.over.get()) {
				this.subscription.dispose();
			}
		}

		void send(String frame) {
			synchronized (this) {
				this.outgoing.tryEmitNext(frame);
			}
		}

		/** A frame arrived: the platform is alive; restart the silence timer. */
		void heard() {
			long limit = this.silenceLimitMillis;
			if (limit <= 0 || this.over.get()) {
				return;
			}
			Disposable previous = this.silenceTimer;
			if (previous != null) {
				previous.dispose();
			}
			this.silenceTimer = Schedulers.parallel()
				.schedule(() -> end(new PryvClientException("No ping from the platform for " + limit + " ms")), limit,
						TimeUnit.MILLISECONDS);
		}

		/** End this link once: release the connection and let the socket decide what next. */
		void end(Throwable reason) {
			if (!this.over.compareAndSet(false, true)) {
				return;
			}
			Disposable timer = this.silenceTimer;
			if (timer != null) {
				timer.dispose();
			}
			this.outgoing.tryEmitComplete();
			Disposable connection = this.subscription;
			if (connection != null) {
				connection.dispose();
			}
			this.ended.tryEmitEmpty();
			linkEnded(this, reason);
		}

	}

}
