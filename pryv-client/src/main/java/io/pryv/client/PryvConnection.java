package io.pryv.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import io.pryv.client.observation.PryvObservations;

/**
 * One authenticated link to a user's Pryv API, blocking form.
 * <p>
 * This is a thin layer over {@link ReactivePryvConnection} ({@link #reactive()}):
 * every method subscribes to the reactive call and waits for it. Never call it
 * on an event-loop thread (a WebFlux handler, a Reactor Netty or parallel
 * scheduler thread): it detects that and fails with a
 * {@link PryvClientException} instead of stalling the loop. Use
 * {@link #reactive()} there.
 *
 * @see PryvConnectionFactory
 */
public final class PryvConnection {

	private final ReactivePryvConnection reactive;

	/**
	 * Wrap a reactive connection.
	 * @param reactive the reactive connection
	 */
	public PryvConnection(ReactivePryvConnection reactive) {
		this.reactive = Arguments.present("PryvConnection", "reactive", reactive,
				"a ReactivePryvConnection, or use a PryvConnectionFactory");
	}

	/** @return the reactive form of this connection (same endpoint, caches and clock offset) */
	public ReactivePryvConnection reactive() {
		return this.reactive;
	}

	/** @return the endpoint this connection talks to */
	public ApiEndpoint endpoint() {
		return this.reactive.endpoint();
	}

	/** @see ReactivePryvConnection#api(List) */
	public List<ApiResult> api(List<ApiCall> calls) {
		return Blocking.await(this.reactive.api(calls), "api");
	}

	/** @see ReactivePryvConnection#api(List, IntConsumer) */
	public List<ApiResult> api(List<ApiCall> calls, @Nullable IntConsumer progress) {
		return Blocking.await(this.reactive.api(calls, progress), "api");
	}

	/** @see ReactivePryvConnection#apiOne(String, Object, String) */
	public JsonNode apiOne(String method, Object params, @Nullable String expectedKey) {
		return Blocking.await(this.reactive.apiOne(method, params, expectedKey), method);
	}

	/** @see ReactivePryvConnection#get(String, Map) */
	public JsonNode get(String path, @Nullable Map<String, ?> query) {
		return Blocking.await(this.reactive.get(path, query), "GET " + path);
	}

	/** @see ReactivePryvConnection#post(String, Object) */
	public JsonNode post(String path, @Nullable Object body) {
		return Blocking.await(this.reactive.post(path, body), "POST " + path);
	}

	/** @see ReactivePryvConnection#delete(String) */
	public JsonNode delete(String path) {
		return Blocking.await(this.reactive.delete(path), "DELETE " + path);
	}

	/** @see ReactivePryvConnection#accessInfo() */
	public AccessInfo accessInfo() {
		return Blocking.await(this.reactive.accessInfo(), "access-info");
	}

	/** @see ReactivePryvConnection#accessInfo(boolean) */
	public AccessInfo accessInfo(boolean refresh) {
		return Blocking.await(this.reactive.accessInfo(refresh), "access-info");
	}

	/** @see ReactivePryvConnection#username() */
	public String username() {
		return Blocking.await(this.reactive.username(), "username");
	}

	/** @see ReactivePryvConnection#revoke() */
	public String revoke() {
		return Blocking.await(this.reactive.revoke(), "revoke");
	}

	/**
	 * Stream {@code events.get} to a consumer, like lib-js's
	 * {@code getEventsStreamed}: each event is handed over as soon as it is parsed,
	 * on the calling thread, and not kept (memory stays flat whatever the answer's
	 * size). A slow consumer slows the transfer down; an exception thrown by the
	 * consumer stops the transfer and is rethrown.
	 * @param query the query ({@link EventsQuery#all()} for everything)
	 * @param onEvent called with each event, in order
	 * @return the summary (counts, {@code meta}, other root keys)
	 * @throws PryvApiException if the platform answers an API error
	 * @throws PryvClientException if the answer is cut or malformed (saying how many
	 * events were delivered before)
	 */
	public EventsStreamResult streamEvents(EventsQuery query, Consumer<Event> onEvent) {
		return streamEvents(query, onEvent, null);
	}

	/**
	 * Stream {@code events.get} to consumers of events and event deletions
	 * (deletions come when the query has {@code includeDeletions} and
	 * {@code modifiedSince}).
	 * @param query the query
	 * @param onEvent called with each event, in order
	 * @param onDeletion called with each deletion, or {@code null} to only count them
	 * @return the summary
	 * @see #streamEvents(EventsQuery, Consumer)
	 */
	public EventsStreamResult streamEvents(EventsQuery query, Consumer<Event> onEvent,
			@Nullable Consumer<EventDeletion> onDeletion) {
		Blocking.ensureBlockingAllowed("events.get stream");
		ReactivePryvConnection.requireQuery("streamEvents", query);
		Arguments.present("streamEvents", "onEvent", onEvent, "a consumer of each event");
		EventsStreamParser parser = this.reactive.newEventsParser(query, onDeletion != null);
		return stream(query, parser, (items) -> items.stream().filter(Event.class::isInstance).count(),
				(items) -> EventItems.dispatch(items, onEvent, onDeletion));
	}

	/**
	 * Stream {@code events.get} as each event's JSON bytes, the pass-through of a
	 * proxy: each event is checked to be one valid JSON object (as strictly as
	 * {@link #streamEvents(EventsQuery, Consumer)} reads it) but not decoded, and
	 * handed over where it lies in the input buffer, on the calling thread, with
	 * no {@code String}, no tree and no copy ({@link EventJson}). An NDJSON
	 * download of a portal writes each with
	 * {@link EventJson#writeWithoutReadTokensTo(java.io.OutputStream)}.
	 * Event deletions are counted, not handed over. Memory stays flat whatever
	 * the answer's size; a slow handler slows the transfer down.
	 * @param query the query ({@link EventsQuery#all()} for everything)
	 * @param onEvent called with each event, in order; its {@link EventJson} is
	 * valid during the call only
	 * @return the summary (counts, {@code meta}, other root keys)
	 * @throws IOException what the handler threw (the transfer is stopped, and
	 * nothing is sent again)
	 * @throws PryvApiException if the platform answers an API error
	 * @throws PryvClientException if the answer is cut or malformed (saying how many
	 * events were handed over before)
	 */
	public EventsStreamResult streamEventsJson(EventsQuery query, EventJson.Handler onEvent) throws IOException {
		Blocking.ensureBlockingAllowed("events.get stream");
		ReactivePryvConnection.requireQuery("streamEventsJson", query);
		Arguments.present("streamEventsJson", "onEvent", onEvent, "a handler of each event's JSON");
		EventsStreamParser parser = this.reactive.newEventsParser(query, onEvent);
		try {
			return stream(query, parser, (items) -> (items.get(0) == EventsStreamParser.DELIVERED) ? items.size() : 0, (items) -> {
				EventsStreamParser.HandlerFailure failure = parser.handlerFailure();
				if (failure != null) {
					throw failure;
				}
			});
		}
		catch (EventsStreamParser.HandlerFailure ex) {
			ex.rethrow();
			throw ex;
		}
	}

	/**
	 * Run a stream of parsed chunks to its end on this thread: the event loop
	 * receives; this thread parses the answer and hands its items over. A failure
	 * comes after the items parsed before it, which are all handed over first.
	 */
	private EventsStreamResult stream(EventsQuery query, EventsStreamParser parser,
			ToLongFunction<List<Object>> eventsIn, Consumer<List<Object>> handOver) {
		CallerThreadExecutor caller = new CallerThreadExecutor();
		Disposable stream = PryvObservations
			.eventsStream(this.reactive.observationRegistry(),
					this.reactive.eventChunks(query, parser, Schedulers.fromExecutor(caller)), eventsIn)
			.subscribe(handOver, caller::end, () -> caller.end(null));
		try {
			caller.runUntilEnd();
		}
		catch (InterruptedException ex) {
			stream.dispose();
			Thread.currentThread().interrupt();
			throw new PryvClientException("Interrupted while streaming events.get", ex);
		}
		catch (RuntimeException | Error ex) {
			stream.dispose();
			throw ex;
		}
		finally {
			caller.leave();
		}
		return parser.result();
	}

	/** @see ReactivePryvConnection#getEvent(String) */
	public Event getEvent(String eventId) {
		return Blocking.await(this.reactive.getEvent(eventId), "events.getOne");
	}

	/** @see ReactivePryvConnection#createEvent(Object) */
	public Event createEvent(Object params) {
		return Blocking.await(this.reactive.createEvent(params), "events.create");
	}

	/** @see ReactivePryvConnection#updateEvent(String, Object) */
	public Event updateEvent(String eventId, Object update) {
		return Blocking.await(this.reactive.updateEvent(eventId, update), "events.update");
	}

	/** @see ReactivePryvConnection#streams() */
	public List<Stream> streams() {
		return Blocking.await(this.reactive.streams(), "streams.get");
	}

	/** @see ReactivePryvConnection#streams(Map) */
	public List<Stream> streams(@Nullable Map<String, ?> query) {
		return Blocking.await(this.reactive.streams(query), "streams.get");
	}

	/** @see ReactivePryvConnection#accesses() */
	public List<Access> accesses() {
		return Blocking.await(this.reactive.accesses(), "accesses.get");
	}

	/** @see ReactivePryvConnection#createEventWithAttachments(Object, List) */
	public Event createEventWithAttachments(Object eventParams, List<AttachmentSource> files) {
		return Blocking.await(this.reactive.createEventWithAttachments(eventParams, files), "events.create");
	}

	/**
	 * Open an attached file as a stream, read as it arrives. Close it when done
	 * (closing early stops the transfer).
	 * @param eventId the event id
	 * @param attachmentId the attachment id
	 * @return the file's content
	 * @throws PryvApiException if the platform refuses (unknown event or attachment, no access)
	 */
	public InputStream openAttachment(String eventId, String attachmentId) {
		Blocking.ensureBlockingAllowed("attachment download");
		return DataBufferInputStream.open(this.reactive.attachment(eventId, attachmentId));
	}

	/**
	 * Copy an attached file to an output stream, as it arrives.
	 * @param eventId the event id
	 * @param attachmentId the attachment id
	 * @param out where to write (not closed)
	 * @return the number of bytes written
	 * @throws PryvApiException if the platform refuses
	 * @throws PryvClientException if writing fails
	 */
	public long writeAttachment(String eventId, String attachmentId, OutputStream out) {
		Arguments.present("writeAttachment", "out", out, "the stream to copy the file to");
		try (InputStream in = openAttachment(eventId, attachmentId)) {
			return in.transferTo(out);
		}
		catch (IOException ex) {
			throw new PryvClientException("Could not copy the attachment " + attachmentId + ": " + ex.getMessage(), ex);
		}
	}

	/** @see ReactivePryvConnection#addPointsToHFEvent(String, List, List) */
	public void addPointsToHFEvent(String eventId, List<String> fields, List<List<Object>> points) {
		Blocking.await(this.reactive.addPointsToHFEvent(eventId, fields, points), "HF series add");
	}

	/** @see ReactivePryvConnection#hfSeries(String, Double, Double) */
	public JsonNode hfSeries(String eventId, @Nullable Double fromDeltaTime, @Nullable Double toDeltaTime) {
		return Blocking.await(this.reactive.hfSeries(eventId, fromDeltaTime, toDeltaTime), "HF series get");
	}

	/** @see ReactivePryvConnection#deltaTime() */
	public double deltaTime() {
		return this.reactive.deltaTime();
	}

	/** @see ReactivePryvConnection#serverTime() */
	public double serverTime() {
		return this.reactive.serverTime();
	}

	/**
	 * Open a Socket.IO socket on this connection's user and wait until the
	 * platform accepted it.
	 * @return the open socket (close it when done)
	 * @see ReactivePryvConnection#socket()
	 */
	public io.pryv.client.socket.PryvSocket socket() {
		return new io.pryv.client.socket.PryvSocket(Blocking.await(this.reactive.socket(), "socket"));
	}

	/**
	 * Open a Socket.IO socket on this connection's user.
	 * @param options how to connect and reconnect
	 * @return the open socket (close it when done)
	 */
	public io.pryv.client.socket.PryvSocket socket(io.pryv.client.socket.PryvSocketOptions options) {
		return new io.pryv.client.socket.PryvSocket(Blocking.await(this.reactive.socket(options), "socket"));
	}

	@Override
	public String toString() {
		return "PryvConnection[" + endpoint() + "]";
	}

}
