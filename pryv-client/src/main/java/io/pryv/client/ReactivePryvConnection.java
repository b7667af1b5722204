package io.pryv.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriUtils;

import io.pryv.client.observation.PryvObservations;

/**
 * One authenticated link to a user's Pryv API, reactive form: every method
 * returns a {@code Mono} or {@code Flux} and nothing blocks. {@link PryvConnection}
 * is the blocking form over this class.
 * <p>
 * Instances are cheap, immutable apart from caches, and safe to share between
 * threads. Create them with a {@link PryvConnectionFactory}.
 */
public final class ReactivePryvConnection {

	/** The number of calls lib-js sends per batch request, our default too. */
	public static final int DEFAULT_CHUNK_SIZE = 1000;

	private static final double DELTA_TIME_WEIGHT = 0.2;

	/**
	 * How many received buffers (about 8 KB each) may wait for the parser of an
	 * events stream: the event loop reads that far ahead while the events are read.
	 */
	private static final int PARSE_AHEAD = 64;

	private final ApiEndpoint endpoint;

	private final PryvHttp http;

	private final int chunkSize;

	private final @Nullable ReactivePryvService service;

	private final AtomicReference<Mono<AccessInfo>> accessInfo = new AtomicReference<>();

	private final Object deltaTimeLock = new Object();

	private double deltaTime;

	private boolean hasDeltaTime;

	ReactivePryvConnection(ApiEndpoint endpoint, PryvHttp http, int chunkSize, ReactivePryvService service) {
		if (endpoint == null) {
			throw new PryvClientException("A Pryv connection needs an API endpoint");
		}
		if (chunkSize < 1) {
			throw new PryvClientException("The batch chunk size must be at least 1, not " + chunkSize);
		}
		this.endpoint = endpoint;
		this.http = http;
		this.chunkSize = chunkSize;
		this.service = service;
	}

	/** @return the endpoint this connection talks to */
	public ApiEndpoint endpoint() {
		return this.endpoint;
	}

	/** @return the platform this connection belongs to, or {@code null} when built from an endpoint alone */
	public @Nullable ReactivePryvService service() {
		return this.service;
	}

	/** @return how many calls one batch request carries at most */
	public int chunkSize() {
		return this.chunkSize;
	}

	/**
	 * Run calls as batches of at most {@link #chunkSize()} calls.
	 * @param calls the calls
	 * @return their results, in the order of the calls
	 * @see #api(List, IntConsumer)
	 */
	public Mono<List<ApiResult>> api(List<ApiCall> calls) {
		return api(calls, null);
	}

	/**
	 * Run calls as batches of at most {@link #chunkSize()} calls, one request at
	 * a time. After each answered chunk, the handlers of its calls are called in
	 * order, then {@code progress} with the percentage done,
	 * {@code round(100 * done / total)}. An empty list sends nothing and reports
	 * 100 (lib-js reports NaN); a count that is a multiple of the chunk size sends
	 * no empty chunk (lib-js does). A {@code null} list or call is rejected
	 * before any request.
	 * <p>
	 * A call that fails has an {@link ApiError} in its slot; the others still
	 * succeed. An error of the whole request (an invalid token, say) fails the
	 * {@code Mono} with a {@link PryvApiException}.
	 * @param calls the calls
	 * @param progress called with the percentage done after each chunk, or {@code null}
	 * @return their results, in the order of the calls
	 */
	public Mono<List<ApiResult>> api(List<ApiCall> calls, @Nullable IntConsumer progress) {
		Arguments.elements("api", "calls", calls, "a list of calls, e.g. List.of(ApiCall.of(\"events.get\", params))");
		if (calls.isEmpty()) {
			return BatchCalls.run(calls, this.chunkSize, progress, this::postBatch);
		}
		Set<String> methods = new LinkedHashSet<>();
		calls.forEach((call) -> methods.add(call.method()));
		return PryvObservations.batch(observationRegistry(), methods, calls.size(),
				BatchCalls.run(calls, this.chunkSize, progress, this::postBatch));
	}

	private Mono<List<ApiResult>> postBatch(List<ApiCall> chunk) {
		String what = BatchCalls.describe(chunk);
		return receive(HttpMethod.POST, this.endpoint.baseUrl(), BatchCalls.body(chunk), what)
			.map((received) -> BatchCalls.results(chunk, received.json(), what, received.status(), received.excerpt()));
	}

	/**
	 * Run one call and return one key of its answer.
	 * @param method the API method, e.g. {@code events.create}
	 * @param params its parameters
	 * @param expectedKey the key to return, e.g. {@code event}; {@code null} for the whole answer
	 * @return the value of {@code expectedKey}
	 * @throws PryvApiException (signalled) with the call's error
	 */
	public Mono<JsonNode> apiOne(String method, Object params, @Nullable String expectedKey) {
		Arguments.text("apiOne", "method", method, "an API method, e.g. 'events.create'");
		List<ApiCall> calls = List.of(ApiCall.of(method, params));
		String what = BatchCalls.describe(calls);
		// the batch is sent here rather than through api(), so that an answer without
		// the expected key is an error with the HTTP status it came with
		return PryvObservations.batch(observationRegistry(), List.of(method), 1,
				receive(HttpMethod.POST, this.endpoint.baseUrl(), BatchCalls.body(calls), what).map((received) -> {
					JsonNode answer = BatchCalls.results(calls, received.json(), what, received.status(),
							received.excerpt()).get(0).orThrow();
					return (expectedKey != null) ? received.require(answer, expectedKey, method) : answer;
				}));
	}

	/**
	 * {@code GET <endpoint><path>?<query>}.
	 * @param path the path, e.g. {@code events} or {@code access-info}
	 * @param query the query parameters: arrays become repeated keys, {@code null}s
	 * are dropped, objects are sent as JSON (may be {@code null})
	 * @return the answer
	 */
	public Mono<JsonNode> get(String path, @Nullable Map<String, ?> query) {
		Arguments.text("get", "path", path, "a path under the endpoint, e.g. 'access-info'");
		return send(HttpMethod.GET, QueryString.append(this.endpoint.resolve(path), query, this.http.mapper()), null,
				"GET " + path);
	}

	/**
	 * {@code POST <endpoint><path>} with a JSON body.
	 * @param path the path, e.g. {@code events} ({@code ""}: the endpoint itself, where batches go)
	 * @param body the body (any value Jackson can write; {@code null}: an empty object)
	 * @return the answer
	 */
	public Mono<JsonNode> post(String path, @Nullable Object body) {
		Arguments.present("post", "path", path, "a path under the endpoint, e.g. 'events'");
		return send(HttpMethod.POST, this.endpoint.resolve(path), (body != null) ? body : Map.of(), "POST " + path);
	}

	/**
	 * {@code DELETE <endpoint><path>}.
	 * @param path the path, e.g. {@code events/{id}}
	 * @return the answer
	 */
	public Mono<JsonNode> delete(String path) {
		Arguments.text("delete", "path", path, "a path under the endpoint, e.g. 'events/{id}'");
		return send(HttpMethod.DELETE, this.endpoint.resolve(path), null, "DELETE " + path);
	}

	/**
	 * Send a JSON request with this connection's token and track the server's
	 * clock from the answer's {@code meta.serverTime}; a successful answer
	 * without it is not a Pryv answer ({@link PryvHttp#apiBody}).
	 */
	Mono<JsonNode> send(HttpMethod method, String url, Object body, String what) {
		return receive(method, url, body, what).map(Received::json);
	}

	/**
	 * {@link #send}, keeping the answer's HTTP status and body excerpt for the
	 * errors about its content (a key it lacks).
	 */
	private Mono<Received> receive(HttpMethod method, String url, Object body, String what) {
		return Mono.defer(() -> {
			long sentAt = System.currentTimeMillis();
			String token = this.endpoint.token();
			return this.http.exchange(method, url, token, body, null, what)
				.map((answer) -> received(answer, url, token, what, sentAt));
		});
	}

	private Received received(PryvHttp.Answer answer, String url, String token, String what, long sentAt) {
		JsonNode json = this.http.apiBody(answer, url, token, what);
		recordServerTime(json, sentAt);
		return new Received(json, answer.status(), answer.excerpt());
	}

	/**
	 * A Pryv answer with the HTTP status and the token-free body excerpt it came
	 * with.
	 */
	private record Received(JsonNode json, int status, @Nullable String excerpt) {

		/** @return {@code json[key]}, or an error with this answer's status naming the missing key */
		JsonNode require(String key, String what) {
			return require(this.json, key, what);
		}

		JsonNode require(JsonNode object, String key, String what) {
			JsonNode value = object.get(key);
			if (value == null || value.isNull()) {
				throw new PryvClientException("Pryv platform answered HTTP " + this.status + " to " + what
						+ " with no '" + key + "' (keys: " + new ArrayList<>(object.propertyNames()) + ")", null,
						this.status, what, this.excerpt);
			}
			return value;
		}

	}

	PryvHttp http() {
		return this.http;
	}

	/** @return the JSON mapper this connection reads and writes with (for the add-ons) */
	public tools.jackson.databind.json.JsonMapper jsonMapper() {
		return this.http.mapper();
	}

	void recordServerTime(JsonNode answer, long sentAtMillis) {
		JsonNode serverTime = answer.path("meta").path("serverTime");
		if (!serverTime.isNumber()) {
			return;
		}
		double localMidpoint = (sentAtMillis + System.currentTimeMillis()) / 2000.0;
		double sample = serverTime.asDouble() - localMidpoint;
		synchronized (this.deltaTimeLock) {
			this.deltaTime = this.hasDeltaTime ? (1 - DELTA_TIME_WEIGHT) * this.deltaTime + DELTA_TIME_WEIGHT * sample
					: sample;
			this.hasDeltaTime = true;
		}
	}

	/**
	 * The offset of the server's clock from the local one, in seconds
	 * ({@code serverTime - localTime}), a weighted running mean over the answers
	 * received so far (0 before any).
	 * @return the offset in seconds
	 */
	public double deltaTime() {
		synchronized (this.deltaTimeLock) {
			return this.deltaTime;
		}
	}

	/**
	 * The server's current time, in Pryv's unit (seconds since the epoch):
	 * the local clock corrected by {@link #deltaTime()}.
	 * @return the estimated server time
	 */
	public double serverTime() {
		return System.currentTimeMillis() / 1000.0 + deltaTime();
	}

	/** @return what this connection's token is ({@code GET access-info}), fetched once */
	public Mono<AccessInfo> accessInfo() {
		return accessInfo(false);
	}

	/**
	 * @param refresh {@code true} to fetch it again
	 * @return what this connection's token is
	 */
	public Mono<AccessInfo> accessInfo(boolean refresh) {
		Mono<AccessInfo> cached = this.accessInfo.get();
		if (cached != null && !refresh) {
			return cached;
		}
		Mono<AccessInfo> fresh = get("access-info", null).map(AccessInfo::from).cacheInvalidateIf((value) -> false);
		if (refresh) {
			this.accessInfo.set(fresh);
			return fresh;
		}
		return this.accessInfo.compareAndSet(null, fresh) ? fresh : this.accessInfo.get();
	}

	/** @return the username of this connection's user (from {@link #accessInfo()}) */
	public Mono<String> username() {
		return accessInfo().map((info) -> {
			if (info.username() == null) {
				throw new PryvClientException("The access info of this connection names no user");
			}
			return info.username();
		});
	}

	/**
	 * Revoke this connection's access: delete it on the platform
	 * ({@code DELETE accesses/{id}}). The token is dead afterwards.
	 * @return the id of the deleted access
	 */
	public Mono<String> revoke() {
		return accessInfo().flatMap((info) -> delete("accesses/" + info.id()))
			.map((answer) -> Json.text(answer.path("accessDeletion"), "id"))
			.doOnSuccess((id) -> this.accessInfo.set(null));
	}

	/**
	 * Stream the events of {@code events.get}, parsed incrementally from the
	 * response bytes as they arrive: each event is emitted as soon as it is
	 * complete, no answer is buffered (so no codec size limit applies), demand is
	 * honoured (a slow subscriber slows the transfer down) and cancelling closes
	 * the transfer. Event deletions, if the query asks for them, are not emitted
	 * here: use {@link #streamEvents(EventsQuery, Consumer, Consumer)}. Events are
	 * read and emitted on a {@link Schedulers#boundedElastic()} worker, so that
	 * reading them overlaps with receiving the next bytes.
	 * <p>
	 * Errors: {@link PryvApiException} when the platform answers an API error
	 * (HTTP error or an {@code error} body); {@link PryvClientException} when the
	 * answer is cut or malformed mid-way, saying how many events were delivered.
	 * @param query the query ({@link EventsQuery#all()} for everything)
	 * @return the events, in the platform's order
	 */
	public Flux<Event> events(EventsQuery query) {
		requireQuery("events", query);
		return PryvObservations.eventsStream(observationRegistry(), Flux.defer(() -> {
			EventsStreamParser parser = newEventsParser(query, false);
			// The failure travels in-band, after the events parsed before it, which a
			// subscriber short of demand would otherwise never get.
			return eventChunks(query, parser, Schedulers.boundedElastic())
				.onErrorResume((ex) -> Mono.just(List.of(new EventItems.Failure(ex))))
				.concatMapIterable((items) -> items, 1)
				.handle((item, sink) -> {
					if (item instanceof EventItems.Failure failure) {
						sink.error(failure.error());
					}
					else {
						sink.next((Event) item);
					}
				});
		}));
	}

	/**
	 * @return where this connection reports its observations (those of its
	 * platform's service; {@link ObservationRegistry#NOOP} for a connection built
	 * from an endpoint alone), for the add-ons to report theirs
	 */
	public ObservationRegistry observationRegistry() {
		return (this.service != null) ? this.service.observationRegistry() : ObservationRegistry.NOOP;
	}

	/**
	 * Stream {@code events.get} to callbacks, like lib-js's {@code getEventsStreamed},
	 * and complete with the summary. The callbacks run on the thread that parses
	 * the answer (a {@link Schedulers#boundedElastic()} worker, not the event
	 * loop); a slow callback slows the transfer down. The blocking
	 * {@link PryvConnection#streamEvents(EventsQuery, Consumer, Consumer)} calls
	 * them on the caller's thread instead.
	 * @param query the query
	 * @param onEvent called with each event, in order
	 * @param onDeletion called with each event deletion, or {@code null} to only count them
	 * @return the summary (counts, {@code meta}, other root keys)
	 * @see #events(EventsQuery)
	 */
	public Mono<EventsStreamResult> streamEvents(EventsQuery query, Consumer<Event> onEvent,
			@Nullable Consumer<EventDeletion> onDeletion) {
		requireQuery("streamEvents", query);
		Arguments.present("streamEvents", "onEvent", onEvent, "a consumer of each event");
		return PryvObservations.eventsStream(observationRegistry(), (counter) -> Mono.defer(() -> {
			EventsStreamParser parser = newEventsParser(query, onDeletion != null);
			Consumer<Event> counted = (event) -> {
				counter.incrementAndGet();
				onEvent.accept(event);
			};
			return eventChunks(query, parser, Schedulers.boundedElastic()).doOnNext((items) -> EventItems.dispatch(items, counted, onDeletion))
				.then(Mono.fromSupplier(parser::result));
		}));
	}

	EventsStreamParser newEventsParser(EventsQuery query, boolean emitDeletions) {
		EventsStreamParser parser = new EventsStreamParser(this.http.mapper(), query.asksForDeletions(), emitDeletions,
				eventsGet());
		parser.token(this.endpoint.token());
		return parser;
	}

	/** A parser that hands each event's bytes to {@code jsonHandler} (the pass-through). */
	EventsStreamParser newEventsParser(EventsQuery query, EventJson.Handler jsonHandler) {
		EventsStreamParser parser = EventsStreamParser.passThrough(this.http.mapper(), query.asksForDeletions(),
				eventsGet(), jsonHandler);
		parser.token(this.endpoint.token());
		return parser;
	}

	private String eventsGet() {
		return "events.get (GET " + this.endpoint.resolve("events") + ")";
	}

	/**
	 * The answer of {@code events.get} as lists of parsed items ({@link Event}s and
	 * {@link EventDeletion}s), one list per received buffer that completed any,
	 * parsed on a worker of {@code parsing} (not on the event loop, which goes on
	 * receiving meanwhile).
	 */
	Flux<List<Object>> eventChunks(EventsQuery query, EventsStreamParser parser, Scheduler parsing) {
		String url = QueryString.append(this.endpoint.resolve("events"), query.toQuery(), this.http.mapper());
		String token = this.endpoint.token();
		long sentAt = System.currentTimeMillis();
		Flux<List<Object>> attempt = this.http.webClient()
			.get()
			.uri(URI.create(url))
			.headers((headers) -> PryvHttp.applyCommonHeaders(headers, token))
			.exchangeToFlux((response) -> {
				int status = response.statusCode().value();
				if (this.http.retryableAnswer(response)) {
					return this.http.<List<Object>>retryableStatus(response, url, token, "events.get").flux();
				}
				if (status >= 400) {
					return this.http.readAnswer(response, url, token, "events.get")
						.map((answer) -> this.http.successBody(answer, url, token, "events.get"))
						.thenMany(Flux.<List<Object>>empty());
				}
				parser.httpStatus(status);
				return response.body(BodyExtractors.toDataBuffers())
					// parsed on a worker: the event loop goes on reading the socket meanwhile
					.publishOn(parsing, PARSE_AHEAD)
					.map(parser::feed)
					.concatWith(Mono.fromCallable(parser::finish))
					.filter((items) -> !items.isEmpty())
					.concatWith(Mono.fromRunnable(parser::complete));
			});
		// retried only until the first events are out: then a failure is the caller's to see
		return this.http.retry()
			.retry(attempt, HttpMethod.GET)
			.onErrorResume(IdempotentRetry.RetryableStatus.class,
					(last) -> last.resume(PryvHttp.Answer.class)
						.map((answer) -> this.http.successBody(answer, url, token, "events.get"))
						.thenMany(Flux.<List<Object>>empty()))
			.doOnComplete(() -> {
				if (parser.meta() != null) {
					recordServerTime(this.http.mapper().createObjectNode().set("meta", parser.meta()), sentAt);
				}
			})
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.onErrorMap((ex) -> !(ex instanceof PryvException || ex instanceof EventsStreamParser.HandlerFailure),
					(ex) -> parser.interrupted(ex, token));
	}

	static void requireQuery(String method, EventsQuery query) {
		Arguments.present(method, "query", query, "an events query (EventsQuery.all() for every event)");
	}

	/**
	 * {@code GET events/{id}}.
	 * @param eventId the event id
	 * @return the event
	 */
	public Mono<Event> getEvent(String eventId) {
		String path = "events/" + segment("getEvent", "eventId", eventId);
		return receive(HttpMethod.GET, this.endpoint.resolve(path), null, "GET " + path)
			.map((received) -> Event.from(received.require("event", "events.getOne")));
	}

	/**
	 * {@code POST events}: create an event.
	 * @param params the event fields (a {@code Map}, a {@code JsonNode} or any value
	 * Jackson writes), e.g. {@code {streamIds: ["heart"], type: "note/txt", content: "hi"}}
	 * @return the created event
	 */
	public Mono<Event> createEvent(Object params) {
		Arguments.present("createEvent", "params", params,
				"the event's fields, e.g. {streamIds: ['heart'], type: 'note/txt', content: 'hi'}");
		return receive(HttpMethod.POST, this.endpoint.resolve("events"), params, "POST events")
			.map((received) -> Event.from(received.require("event", "events.create")));
	}

	/**
	 * {@code PUT events/{id}}: change some fields of an event.
	 * @param eventId the event id
	 * @param update the fields to change
	 * @return the updated event
	 */
	public Mono<Event> updateEvent(String eventId, Object update) {
		String path = "events/" + segment("updateEvent", "eventId", eventId);
		Arguments.present("updateEvent", "update", update, "the fields to change, e.g. {content: 'new'}");
		return receive(HttpMethod.PUT, this.endpoint.resolve(path), update, "PUT events/{id}")
			.map((received) -> Event.from(received.require("event", "events.update")));
	}

	/**
	 * {@code GET streams}: the stream tree.
	 * @return the root streams, each with its children
	 */
	public Mono<List<Stream>> streams() {
		return streams(null);
	}

	/**
	 * {@code GET streams?<query>} (e.g. {@code parentId}, {@code state}).
	 * @param query the parameters, or {@code null}
	 * @return the root streams (of the subtree asked for), each with its children
	 */
	public Mono<List<Stream>> streams(@Nullable Map<String, ?> query) {
		return receive(HttpMethod.GET, QueryString.append(this.endpoint.resolve("streams"), query, this.http.mapper()),
				null, "GET streams").map((received) -> {
			JsonNode streams = received.require("streams", "streams.get");
			if (!streams.isArray()) {
				throw new PryvClientException("The answer to streams.get has 'streams' that is not an array");
			}
			return Stream.listFrom(streams);
		});
	}

	/**
	 * {@code GET accesses}: the accesses this connection's token manages.
	 * @return the accesses
	 */
	public Mono<List<Access>> accesses() {
		return receive(HttpMethod.GET, this.endpoint.resolve("accesses"), null, "GET accesses")
			.map((received) -> Access.listFrom(received.require("accesses", "accesses.get")));
	}

	/**
	 * Create an event with files attached ({@code POST events} as
	 * {@code multipart/form-data}: a part {@code event} with the event's JSON, then
	 * one part per file, {@code file}, {@code file2}, ..., each with its file name
	 * and content type). The files are read while the request is sent, in small
	 * buffers.
	 * @param eventParams the event fields (streamIds, type...)
	 * @param files the files (at least one)
	 * @return the created event, with its {@link Event#attachments()}
	 */
	public Mono<Event> createEventWithAttachments(Object eventParams, List<AttachmentSource> files) {
		Arguments.present("createEventWithAttachments", "eventParams", eventParams,
				"the event's fields, e.g. {streamIds: ['photos'], type: 'picture/attached'}");
		Arguments.elements("createEventWithAttachments", "files", files, "at least one file, e.g. AttachmentSource.of(path)");
		if (files.isEmpty()) {
			throw PryvClientException.invalidArgument("createEventWithAttachments", "files",
					"is empty: pass at least one file, e.g. AttachmentSource.of(path)");
		}
		String url = this.endpoint.resolve("events");
		String token = this.endpoint.token();
		String what = "events.create (with attachments)";
		return Mono.defer(() -> {
			MultipartBodyBuilder parts = new MultipartBodyBuilder();
			parts.part("event", this.http.mapper().writeValueAsString(eventParams), MediaType.APPLICATION_JSON);
			for (int i = 0; i < files.size(); i++) {
				AttachmentSource file = files.get(i);
				parts.part((i == 0) ? "file" : "file" + (i + 1), file.toResource(), file.contentType())
					.filename(file.fileName());
			}
			long sentAt = System.currentTimeMillis();
			return this.http.webClient()
				.post()
				.uri(URI.create(url))
				.headers((headers) -> PryvHttp.applyCommonHeaders(headers, token))
				.body(BodyInserters.fromMultipartData(parts.build()))
				.exchangeToMono((response) -> this.http.readAnswer(response, url, token, what))
				.map((answer) -> received(answer, url, token, what, sentAt));
		})
			.onErrorMap((ex) -> !(ex instanceof PryvException),
					(ex) -> PryvHttp.transportError(ex, HttpMethod.POST, url, token, what))
			.map((received) -> Event.from(received.require("event", what)));
	}

	/**
	 * Download an attached file ({@code GET events/{eventId}/{attachmentId}}), as
	 * it arrives. The caller must release each buffer
	 * ({@code DataBufferUtils.release}), or write them with
	 * {@code DataBufferUtils.write}, which does.
	 * @param eventId the event id
	 * @param attachmentId the attachment id
	 * @return the file's bytes; a {@link PryvApiException} if the platform refuses
	 */
	public Flux<DataBuffer> attachment(String eventId, String attachmentId) {
		String url = this.endpoint.resolve("events/" + segment("attachment", "eventId", eventId) + "/"
				+ segment("attachment", "attachmentId", attachmentId));
		String token = this.endpoint.token();
		String what = "attachment download";
		Flux<DataBuffer> attempt = this.http.webClient()
			.get()
			.uri(URI.create(url))
			.headers((headers) -> {
				PryvHttp.applyCommonHeaders(headers, token);
				headers.setAccept(List.of(MediaType.ALL));
			})
			.exchangeToFlux((response) -> {
				if (this.http.retryableAnswer(response)) {
					return this.http.<DataBuffer>retryableStatus(response, url, token, what).flux();
				}
				if (response.statusCode().value() >= 400) {
					return this.http.readAnswer(response, url, token, what)
						.map((answer) -> this.http.successBody(answer, url, token, what))
						.thenMany(Flux.<DataBuffer>empty());
				}
				return response.body(BodyExtractors.toDataBuffers());
			});
		// retried only until the first bytes are out: the caller may have written them already
		return this.http.retry()
			.retry(attempt, HttpMethod.GET)
			.onErrorResume(IdempotentRetry.RetryableStatus.class,
					(last) -> last.resume(PryvHttp.Answer.class)
						.map((answer) -> this.http.successBody(answer, url, token, what))
						.thenMany(Flux.<DataBuffer>empty()))
			.onErrorMap((ex) -> !(ex instanceof PryvException),
					(ex) -> PryvHttp.transportError(ex, HttpMethod.GET, url, token, what));
	}

	/**
	 * Add points to a high-frequency series event
	 * ({@code POST events/{id}/series}, format {@code flatJSON}).
	 * @param eventId the id of an event whose type is {@code series:...}
	 * @param fields the field names, e.g. {@code ["deltaTime", "value"]}
	 * @param points the points, each with one value per field
	 * @return completes when the platform answered {@code status: ok}
	 * @throws PryvClientException (signalled, before any call) when the platform
	 * has no HF series ({@code features.noHF}) or a point does not match the fields
	 */
	public Mono<Void> addPointsToHFEvent(String eventId, List<String> fields, List<List<Object>> points) {
		String path = "events/" + segment("addPointsToHFEvent", "eventId", eventId) + "/series";
		Arguments.elements("addPointsToHFEvent", "fields", fields, "the field names, e.g. [deltaTime, value]");
		if (fields.isEmpty()) {
			throw PryvClientException.invalidArgument("addPointsToHFEvent", "fields",
					"is empty: pass the field names, e.g. [deltaTime, value]");
		}
		Arguments.present("addPointsToHFEvent", "points", points, "a list of points, each with one value per field");
		for (int i = 0; i < points.size(); i++) {
			List<Object> point = points.get(i);
			if (point == null || point.size() != fields.size()) {
				throw new PryvClientException("addPointsToHFEvent: point " + i + " has "
						+ ((point == null) ? "no" : point.size()) + " values for the " + fields.size() + " fields " + fields);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("format", "flatJSON");
		body.put("fields", fields);
		body.put("points", points);
		return requireHF("addPointsToHFEvent")
			.then(send(HttpMethod.POST, this.endpoint.resolve(path), body, "POST events/{id}/series"))
			.map((answer) -> {
				String status = Json.text(answer, "status");
				if (!"ok".equals(status)) {
					String message = Json.text(answer, "message");
					throw new PryvClientException("The platform did not accept the HF points (status '" + status + "')"
							+ ((message != null) ? ": " + message : ""));
				}
				return answer;
			})
			.then();
	}

	/**
	 * Read the points of a high-frequency series event
	 * ({@code GET events/{id}/series?fromDeltaTime=&toDeltaTime=}).
	 * @param eventId the event id
	 * @param fromDeltaTime the first delta time (seconds from the event's time), or {@code null}
	 * @param toDeltaTime the last delta time, or {@code null}
	 * @return the answer: {@code format}, {@code fields}, {@code points}, {@code meta}
	 */
	public Mono<JsonNode> hfSeries(String eventId, @Nullable Double fromDeltaTime, @Nullable Double toDeltaTime) {
		String path = "events/" + segment("hfSeries", "eventId", eventId) + "/series";
		Map<String, Object> query = new LinkedHashMap<>();
		query.put("fromDeltaTime", fromDeltaTime);
		query.put("toDeltaTime", toDeltaTime);
		return requireHF("hfSeries").then(get(path, query));
	}

	private Mono<Void> requireHF(String what) {
		if (this.service == null) {
			return Mono.empty();
		}
		return this.service.info().flatMap((info) -> info.features().supportsHF() ? Mono.<Void>empty()
				: Mono.error(new PryvClientException("The platform '" + info.name()
						+ "' has no high-frequency series (its service info says features.noHF): " + what
						+ " was not sent")));
	}

	private static String segment(String method, String name, String id) {
		Arguments.text(method, name, id, "the id of an existing " + (name.equals("eventId") ? "event" : "attachment"));
		if (id.equals(".") || id.equals("..")) {
			// encoding leaves dots as they are, and a server resolves them to another path
			throw PryvClientException.invalidArgument(method, name,
					"is '" + id + "', which would name another path: pass the id of an existing "
							+ (name.equals("eventId") ? "event" : "attachment"));
		}
		return UriUtils.encodePathSegment(id, StandardCharsets.UTF_8);
	}


	/**
	 * Open a Socket.IO socket on this connection's user (change notifications,
	 * calls over the socket), with {@link io.pryv.client.socket.PryvSocketOptions#defaults()}.
	 * @return the socket, once the platform accepted it
	 * @see io.pryv.client.socket.ReactivePryvSocket#open
	 */
	public Mono<io.pryv.client.socket.ReactivePryvSocket> socket() {
		return socket(io.pryv.client.socket.PryvSocketOptions.defaults());
	}

	/**
	 * Open a Socket.IO socket on this connection's user.
	 * @param options how to connect and reconnect
	 * @return the socket, once the platform accepted it
	 * @see io.pryv.client.socket.ReactivePryvSocket#open
	 */
	public Mono<io.pryv.client.socket.ReactivePryvSocket> socket(io.pryv.client.socket.PryvSocketOptions options) {
		Arguments.present("socket", "options", options, "PryvSocketOptions.defaults(), or call socket()");
		return io.pryv.client.socket.ReactivePryvSocket.open(this, options);
	}

	@Override
	public String toString() {
		return "ReactivePryvConnection[" + this.endpoint + "]";
	}

}
