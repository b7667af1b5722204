package io.pryv.client.monitor;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.pryv.client.Event;
import io.pryv.client.EventDeletion;
import io.pryv.client.EventsQuery;
import io.pryv.client.PryvClientException;
import io.pryv.client.PryvConnection;
import io.pryv.client.ReactivePryvConnection;
import io.pryv.client.Stream;
import io.pryv.client.observation.PryvObservationDocumentation;
import io.pryv.client.observation.PryvObservations;
import io.pryv.client.socket.PryvChange;
import io.pryv.client.socket.PryvSocketOptions;
import io.pryv.client.socket.ReactivePryvSocket;
import io.pryv.client.socket.SocketState;

/**
 * Keeps a scope of a user's events, and the stream tree, up to date and tells
 * what changed: the counterpart of lib-js's {@code @pryv/monitor}.
 * <p>
 * {@link #start()} loads the streams, then the events of the scope (each
 * delivered as an {@link MonitorChange.EventChanged}), then {@link MonitorChange.Ready}.
 * After that, each update asks only what changed since the last one
 * ({@code modifiedSince}, with {@code includeDeletions} and {@code state=all}),
 * and delivers changed events, deletions and, when the tree changed, the
 * streams. Updates are triggered by:
 * <ul>
 * <li>a timer ({@link Builder#interval(Duration)});</li>
 * <li>the platform's notifications over a socket ({@link Builder#socket(ReactivePryvSocket)}
 * or {@link Builder#openSocket(PryvSocketOptions)}); while the socket is down, the
 * timer, if any, takes over, and a socket that reconnects brings an update for
 * what was missed;</li>
 * <li>{@link #update()}, by hand.</li>
 * </ul>
 * At most one update is in flight; triggers that come meanwhile are coalesced
 * into one update after it. An update that fails is delivered as a
 * {@link MonitorChange.MonitorError} and the monitor goes on. {@link #stop()}
 * ends everything: no change is delivered once it returned.
 * <p>
 * Changes can be received as a {@link #changes() Flux} or with listeners, as in lib-js:
 * <pre>
 * PryvMonitor monitor = PryvMonitor.builder(connection, EventsQuery.builder().streams("heart").build())
 *     .interval(Duration.ofSeconds(30))
 *     .openSocket(PryvSocketOptions.defaults())
 *     .build();
 * monitor.on(MonitorChange.EventChanged.class, (change) -&gt; show(change.event()));
 * monitor.on(MonitorChange.EventDeleted.class, (change) -&gt; remove(change.deletion().id()));
 * monitor.start();
 * </pre>
 * Listeners and {@code changes()} subscribers are called one change at a time,
 * in order, on the thread that reads the platform's answer: keep them short.
 */
public final class PryvMonitor {

	private static final System.Logger LOG = System.getLogger(PryvMonitor.class.getName());

	/** How far back each update looks again, so that a change made while the last answer was built is not missed. */
	private static final double OVERLAP_SECONDS = 2.0;

	private static final int WANT_EVENTS = 1;

	private static final int WANT_STREAMS = 2;

	private final ReactivePryvConnection connection;

	private final EventsQuery scope;

	private final @Nullable Duration interval;

	private final ReactivePryvSocket givenSocket;

	private final @Nullable PryvSocketOptions socketOptions;

	private final Object lock = new Object();

	private final List<Listener<?>> listeners = new ArrayList<>();

	private final AtomicBoolean updating = new AtomicBoolean();

	private final AtomicInteger wanted = new AtomicInteger();

	private final Disposable.Composite resources = Disposables.composite();

	/** Events (and deletions, keyed {@code -id}) seen within the overlap, by their modification time. */
	private final Map<String, Double> recent = new HashMap<>();

	// written under lock
	private boolean started;

	private volatile boolean stopped;

	// touched by one update at a time
	private volatile boolean loaded;

	private volatile Double since;

	private volatile List<Stream> streams = List.of();

	private volatile ReactivePryvSocket socket;

	private volatile Disposable inFlight;

	private PryvMonitor(Builder builder) {
		this.connection = builder.connection;
		this.scope = builder.scope;
		this.interval = builder.interval;
		this.givenSocket = builder.socket;
		this.socketOptions = builder.socketOptions;
	}

	/**
	 * @param connection the connection to monitor
	 * @param scope the events to keep up to date ({@link EventsQuery#all()} for every event)
	 * @return a builder
	 */
	public static Builder builder(ReactivePryvConnection connection, EventsQuery scope) {
		return new Builder(connection, scope);
	}

	/**
	 * @param connection the connection to monitor
	 * @param scope the events to keep up to date
	 * @return a builder
	 */
	public static Builder builder(PryvConnection connection, EventsQuery scope) {
		return new Builder((connection != null) ? connection.reactive() : null, scope);
	}

	/**
	 * Start: load the streams and the events of the scope in the background, then
	 * follow the triggers. Does nothing when already started.
	 * @return this monitor
	 * @throws PryvClientException when it was stopped (a monitor does not restart)
	 */
	public PryvMonitor start() {
		synchronized (this.lock) {
			if (this.stopped) {
				throw new PryvClientException("This Pryv monitor was stopped; build a new one");
			}
			if (this.started) {
				return this;
			}
			this.started = true;
		}
		if (this.interval != null) {
			this.resources.add(Flux.interval(this.interval, this.interval, Schedulers.parallel()).subscribe((tick) -> {
				ReactivePryvSocket current = this.socket;
				if (current == null || current.state() != SocketState.CONNECTED) {
					request(WANT_EVENTS);
				}
			}));
		}
		if (this.givenSocket != null) {
			follow(this.givenSocket);
		}
		else if (this.socketOptions != null) {
			this.resources.add(this.connection.socket(this.socketOptions).subscribe((opened) -> {
				synchronized (this.lock) {
					if (this.stopped) {
						opened.close().subscribe();
						return;
					}
					this.resources.add(() -> opened.close().subscribe());
				}
				follow(opened);
			}, (ex) -> deliver(new MonitorChange.MonitorError(ex))));
		}
		request(WANT_EVENTS | WANT_STREAMS);
		return this;
	}

	/** Update on the socket's notifications, and after it reconnected. */
	private void follow(ReactivePryvSocket followed) {
		this.socket = followed;
		this.resources.add(followed.changes().subscribe((change) -> {
			if (change.kind() == PryvChange.Kind.EVENTS) {
				request(WANT_EVENTS);
			}
			else if (change.kind() == PryvChange.Kind.STREAMS) {
				request(WANT_STREAMS);
			}
		}, (ex) -> deliver(new MonitorChange.MonitorError(ex))));
		AtomicBoolean wasDown = new AtomicBoolean();
		this.resources.add(followed.states().subscribe((state) -> {
			if (state == SocketState.RECONNECTING) {
				wasDown.set(true);
			}
			else if (state == SocketState.CONNECTED && wasDown.getAndSet(false)) {
				request(WANT_EVENTS | WANT_STREAMS);
			}
		}));
	}

	/**
	 * Ask for an update of the events now (coalesced with one in flight).
	 * @throws PryvClientException when the monitor is not started
	 */
	public void update() {
		requireStarted("update");
		request(WANT_EVENTS);
	}

	/**
	 * Ask for an update of the stream tree now.
	 * @throws PryvClientException when the monitor is not started
	 */
	public void updateStreams() {
		requireStarted("updateStreams");
		request(WANT_STREAMS);
	}

	private void requireStarted(String what) {
		synchronized (this.lock) {
			if (!this.started || this.stopped) {
				throw new PryvClientException("Pryv monitor " + what + ": the monitor is "
						+ (this.stopped ? "stopped" : "not started; call start() first"));
			}
		}
	}

	private void request(int what) {
		this.wanted.getAndUpdate((bits) -> bits | what);
		drain();
	}

	/** Start the next update unless one is in flight (which will call here again when done). */
	private void drain() {
		while (true) {
			if (this.stopped) {
				return;
			}
			if (!this.updating.compareAndSet(false, true)) {
				return;
			}
			int what = this.wanted.getAndSet(0);
			if (what != 0) {
				run(what);
				return;
			}
			this.updating.set(false);
			if (this.wanted.get() == 0) {
				return;
			}
		}
	}

	private void run(int what) {
		boolean initial = !this.loaded;
		boolean doStreams = initial || (what & WANT_STREAMS) != 0;
		boolean doEvents = initial || (what & WANT_EVENTS) != 0;
		String kind = initial ? "initial" : (doStreams && doEvents) ? "all" : doStreams ? "streams" : "events";
		Mono<Void> update = Mono.defer(() -> {
			Mono<Void> streamsPart = doStreams ? this.connection.streams().doOnNext((tree) -> {
				this.streams = List.copyOf(tree);
				deliver(new MonitorChange.StreamsChanged(tree));
			}).then() : Mono.empty();
			return streamsPart.then(doEvents ? Mono.defer(() -> events(initial)) : Mono.empty());
		});
		AtomicBoolean finished = new AtomicBoolean();
		Consumer<Boolean> next = (succeeded) -> {
			if (finished.compareAndSet(false, true)) {
				this.updating.set(false);
				if (succeeded && this.wanted.get() == 0) {
					deliver(new MonitorChange.Ready());
				}
				drain();
			}
		};
		this.inFlight = PryvObservations
			.observe(this.connection.observationRegistry(), PryvObservationDocumentation.MONITOR_UPDATE,
					KeyValues.of(PryvObservationDocumentation.LowCardinalityKeys.MONITOR_UPDATE.withValue(kind)),
					KeyValues.empty(), null, update.thenReturn(kind))
			.subscribe((done) -> {
				if (initial) {
					this.loaded = true;
				}
			}, (ex) -> {
				deliver(new MonitorChange.MonitorError(ex));
				next.accept(false);
			}, () -> next.accept(true));
	}

	/** Fetch the events (all of the scope, or what changed since the last fetch) and deliver them. */
	private Mono<Void> events(boolean initial) {
		double fetchStart = this.connection.serverTime();
		EventsQuery query = initial ? this.scope
				: this.scope.toBuilder().modifiedSince(this.since).includeDeletions(true).state("all").build();
		return this.connection.streamEvents(query, this::seen, this::seen).doOnSuccess((summary) -> {
			double next = fetchStart - OVERLAP_SECONDS;
			this.since = (this.since == null) ? next : Math.max(this.since, next);
			synchronized (this.recent) {
				this.recent.values().removeIf((modified) -> modified == null || modified < this.since);
			}
		}).then();
	}

	private void seen(Event event) {
		if (!before(event.modified()) && firstSight(event.id(), event.modified())) {
			deliver(new MonitorChange.EventChanged(event));
		}
	}

	private void seen(EventDeletion deletion) {
		if (!before(deletion.deleted()) && firstSight("-" + deletion.id(), deletion.deleted())) {
			deliver(new MonitorChange.EventDeleted(deletion));
		}
	}

	/**
	 * Whether an update's answer holds something older than what it asked for
	 * (a platform that ignores {@code modifiedSince}): not a change, so skipped.
	 */
	private boolean before(Double modified) {
		Double asked = this.since;
		return this.loaded && asked != null && modified != null && modified < asked;
	}

	/** Whether this version of an event was not delivered yet (updates overlap by a little). */
	private boolean firstSight(String key, Double modified) {
		synchronized (this.recent) {
			Double previous = this.recent.put(key, modified);
			return previous == null || !previous.equals(modified);
		}
	}

	/**
	 * The changes from now on, as a stream shared with the listeners: it
	 * completes on {@link #stop()} (at once when already stopped). A slow
	 * subscriber's changes are buffered.
	 * @return the changes
	 */
	public Flux<MonitorChange> changes() {
		return Flux.create((sink) -> {
			Listener<MonitorChange> listener = new Listener<>(MonitorChange.class, sink::next, sink::complete);
			if (!add(listener)) {
				sink.complete();
				return;
			}
			sink.onDispose(() -> remove(listener));
		}, FluxSink.OverflowStrategy.BUFFER);
	}

	/**
	 * Listen to one kind of change, as lib-js's {@code monitor.on('event', ...)}.
	 * A listener that throws is logged and skipped; the others still get the change.
	 * @param type the kind, e.g. {@code MonitorChange.EventChanged.class}
	 * ({@code MonitorChange.class} for all)
	 * @param listener called with each change of that kind
	 * @param <T> the kind
	 * @return what removes the listener ({@code dispose()})
	 */
	public <T extends MonitorChange> Disposable on(Class<T> type, Consumer<? super T> listener) {
		if (type == null || listener == null) {
			throw new PryvClientException("Pryv monitor on(type, listener) needs both");
		}
		Listener<T> entry = new Listener<>(type, listener, null);
		add(entry);
		return () -> remove(entry);
	}

	private boolean add(Listener<?> listener) {
		synchronized (this.lock) {
			if (this.stopped) {
				return false;
			}
			this.listeners.add(listener);
			return true;
		}
	}

	private void remove(Listener<?> listener) {
		synchronized (this.lock) {
			this.listeners.remove(listener);
		}
	}

	/** Deliver a change to every listener, unless stopped (under the lock, so that none comes after stop()). */
	private void deliver(MonitorChange change) {
		synchronized (this.lock) {
			if (this.stopped) {
				return;
			}
			for (Listener<?> listener : List.copyOf(this.listeners)) {
				try {
					listener.offer(change);
				}
				catch (RuntimeException ex) {
					LOG.log(Level.WARNING, "A Pryv monitor listener failed on " + change.getClass().getSimpleName(), ex);
				}
			}
		}
	}

	/**
	 * Stop: no trigger, no update, no change any more; {@link #changes()}
	 * subscribers complete; a socket the monitor opened is closed (a socket given
	 * to it is left open). Safe to call more than once.
	 */
	public void stop() {
		List<Listener<?>> ending;
		synchronized (this.lock) {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
			ending = List.copyOf(this.listeners);
			this.listeners.clear();
		}
		this.resources.dispose();
		Disposable update = this.inFlight;
		if (update != null) {
			update.dispose();
		}
		for (Listener<?> listener : ending) {
			if (listener.onStop() != null) {
				listener.onStop().run();
			}
		}
	}

	/** @return whether {@link #start()} was called and {@link #stop()} not */
	public boolean isRunning() {
		synchronized (this.lock) {
			return this.started && !this.stopped;
		}
	}

	/** @return the stream tree as last loaded (empty before the first load) */
	public List<Stream> streams() {
		return this.streams;
	}

	/** @return the scope of events this monitor keeps up to date */
	public EventsQuery scope() {
		return this.scope;
	}

	@Override
	public String toString() {
		return "PryvMonitor[" + this.connection.endpoint() + ", " + this.scope + "]";
	}

	private record Listener<T extends MonitorChange>(Class<T> type, Consumer<? super T> consumer, Runnable onStop) {

		void offer(MonitorChange change) {
			if (this.type.isInstance(change)) {
				this.consumer.accept(this.type.cast(change));
			}
		}

	}

	/** Builds a {@link PryvMonitor}. */
	public static final class Builder {

		private final ReactivePryvConnection connection;

		private final EventsQuery scope;

		private @Nullable Duration interval;

		private ReactivePryvSocket socket;

		private @Nullable PryvSocketOptions socketOptions;

		private Builder(ReactivePryvConnection connection, EventsQuery scope) {
			if (connection == null) {
				throw new PryvClientException("A Pryv monitor needs a connection");
			}
			if (scope == null) {
				throw new PryvClientException("A Pryv monitor needs a scope of events (EventsQuery.all() for every event)");
			}
			this.connection = connection;
			this.scope = scope;
		}

		/**
		 * Update the events every {@code interval} (while a socket, if any, is down).
		 * @param interval the period, or {@code null} for no timer
		 * @return this builder
		 */
		public Builder interval(@Nullable Duration interval) {
			if (interval != null && (interval.isNegative() || interval.isZero())) {
				throw new PryvClientException("The monitor's interval must be positive, not " + interval);
			}
			this.interval = interval;
			return this;
		}

		/**
		 * Update on the notifications of an open socket (which the monitor does not close).
		 * @param socket the socket, on the same user
		 * @return this builder
		 */
		public Builder socket(ReactivePryvSocket socket) {
			this.socket = socket;
			this.socketOptions = null;
			return this;
		}

		/**
		 * Open a socket on the connection at {@link #start()}, update on its
		 * notifications, and close it at {@link #stop()}. If it cannot be opened, a
		 * {@link MonitorChange.MonitorError} says why and the timer, if any, goes on.
		 * @param options how to open it ({@link PryvSocketOptions#defaults()})
		 * @return this builder
		 */
		public Builder openSocket(PryvSocketOptions options) {
			this.socketOptions = (options != null) ? options : PryvSocketOptions.defaults();
			this.socket = null;
			return this;
		}

		/** @return the monitor, not started */
		public PryvMonitor build() {
			return new PryvMonitor(this);
		}

	}

}
