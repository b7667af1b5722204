package io.pryv.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;

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

	private final ApiEndpoint endpoint;

	private final PryvHttp http;

	private final int chunkSize;

	private final ReactivePryvService service;

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
	public ReactivePryvService service() {
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
	 * no empty chunk (lib-js does).
	 * <p>
	 * A call that fails has an {@link ApiError} in its slot; the others still
	 * succeed. An error of the whole request (an invalid token, say) fails the
	 * {@code Mono} with a {@link PryvApiException}.
	 * @param calls the calls
	 * @param progress called with the percentage done after each chunk, or {@code null}
	 * @return their results, in the order of the calls
	 */
	public Mono<List<ApiResult>> api(List<ApiCall> calls, IntConsumer progress) {
		if (calls == null || calls.isEmpty()) {
			return Mono.fromSupplier(() -> {
				if (progress != null) {
					progress.accept(100);
				}
				return List.of();
			});
		}
		List<ApiCall> all = List.copyOf(calls);
		List<List<ApiCall>> chunks = new ArrayList<>();
		for (int start = 0; start < all.size(); start += this.chunkSize) {
			chunks.add(all.subList(start, Math.min(all.size(), start + this.chunkSize)));
		}
		Set<String> methods = new LinkedHashSet<>();
		all.forEach((call) -> methods.add(call.method()));
		ObservationRegistry registry = (this.service != null) ? this.service.observationRegistry()
				: ObservationRegistry.NOOP;
		return PryvObservations.batch(registry, methods, all.size(), Mono.defer(() -> {
			AtomicInteger done = new AtomicInteger();
			return Flux.fromIterable(chunks).concatMap((chunk) -> postBatch(chunk).map((results) -> {
				for (int i = 0; i < chunk.size(); i++) {
					if (chunk.get(i).handler() != null) {
						chunk.get(i).handler().accept(results.get(i));
					}
				}
				int total = done.addAndGet(chunk.size());
				if (progress != null) {
					progress.accept(Math.round(100f * total / all.size()));
				}
				return results;
			})).collectList().map((parts) -> {
				List<ApiResult> results = new ArrayList<>(all.size());
				parts.forEach(results::addAll);
				return List.copyOf(results);
			});
		}));
	}

	private Mono<List<ApiResult>> postBatch(List<ApiCall> chunk) {
		List<Map<String, Object>> body = new ArrayList<>(chunk.size());
		Set<String> methods = new LinkedHashSet<>();
		for (ApiCall call : chunk) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("method", call.method());
			item.put("params", (call.params() != null) ? call.params() : Map.of());
			body.add(item);
			methods.add(call.method());
		}
		String what = "batch " + ((methods.size() <= 3) ? methods : List.copyOf(methods).subList(0, 3) + "...");
		return send(HttpMethod.POST, this.endpoint.baseUrl(), body, what).map((answer) -> {
			JsonNode results = answer.get("results");
			if (results == null || !results.isArray()) {
				throw new PryvClientException("The answer to " + what + " has no 'results' array");
			}
			if (results.size() != chunk.size()) {
				throw new PryvClientException("The answer to " + what + " has " + results.size() + " results for "
						+ chunk.size() + " calls");
			}
			List<ApiResult> typed = new ArrayList<>(chunk.size());
			for (int i = 0; i < chunk.size(); i++) {
				JsonNode result = results.get(i);
				JsonNode error = result.get("error");
				typed.add((error != null && error.isObject())
						? new ApiResult(chunk.get(i).method(), null, ApiError.from(error))
						: new ApiResult(chunk.get(i).method(), result, null));
			}
			return typed;
		});
	}

	/**
	 * Run one call and return one key of its answer.
	 * @param method the API method, e.g. {@code events.create}
	 * @param params its parameters
	 * @param expectedKey the key to return, e.g. {@code event}; {@code null} for the whole answer
	 * @return the value of {@code expectedKey}
	 * @throws PryvApiException (signalled) with the call's error
	 */
	public Mono<JsonNode> apiOne(String method, Object params, String expectedKey) {
		return api(List.of(ApiCall.of(method, params))).map((results) -> {
			JsonNode answer = results.get(0).orThrow();
			if (expectedKey == null) {
				return answer;
			}
			JsonNode value = answer.get(expectedKey);
			if (value == null) {
				throw new PryvClientException("The answer to " + method + " has no '" + expectedKey + "' (keys: "
						+ new ArrayList<>(answer.propertyNames()) + ")");
			}
			return value;
		});
	}

	/**
	 * {@code GET <endpoint><path>?<query>}.
	 * @param path the path, e.g. {@code events} or {@code access-info}
	 * @param query the query parameters: arrays become repeated keys, {@code null}s
	 * are dropped, objects are sent as JSON (may be {@code null})
	 * @return the answer
	 */
	public Mono<JsonNode> get(String path, Map<String, ?> query) {
		return send(HttpMethod.GET, QueryString.append(this.endpoint.resolve(path), query, this.http.mapper()), null,
				"GET " + path);
	}

	/**
	 * {@code POST <endpoint><path>} with a JSON body.
	 * @param path the path, e.g. {@code events}
	 * @param body the body (any value Jackson can write)
	 * @return the answer
	 */
	public Mono<JsonNode> post(String path, Object body) {
		return send(HttpMethod.POST, this.endpoint.resolve(path), (body != null) ? body : Map.of(), "POST " + path);
	}

	/**
	 * {@code DELETE <endpoint><path>}.
	 * @param path the path, e.g. {@code events/{id}}
	 * @return the answer
	 */
	public Mono<JsonNode> delete(String path) {
		return send(HttpMethod.DELETE, this.endpoint.resolve(path), null, "DELETE " + path);
	}

	/**
	 * Send a JSON request with this connection's token and track the server's
	 * clock from the answer's {@code meta.serverTime}.
	 */
	Mono<JsonNode> send(HttpMethod method, String url, Object body, String what) {
		return Mono.defer(() -> {
			long sentAt = System.currentTimeMillis();
			return this.http.call(method, url, this.endpoint.token(), body, null, what)
				.doOnNext((answer) -> recordServerTime(answer, sentAt));
		});
	}

	PryvHttp http() {
		return this.http;
	}

	private void recordServerTime(JsonNode answer, long sentAtMillis) {
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

	@Override
	public String toString() {
		return "ReactivePryvConnection[" + this.endpoint + "]";
	}

}
