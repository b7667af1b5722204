package io.pryv.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * How a list of calls runs as batches, whatever carries them (an HTTP
 * {@code POST} of the connection, a {@code callBatch} over a socket): chunks of
 * at most a given size sent one at a time, the handlers of each chunk's calls
 * called in order, progress reported after each chunk, and a batch answer read
 * into {@link ApiResult}s by index. Both transports use it, so they give the
 * same results.
 */
public final class BatchCalls {

	private BatchCalls() {
	}

	/**
	 * Run calls in chunks.
	 * @param calls the calls (an empty list sends nothing and reports 100)
	 * @param chunkSize the most calls per chunk
	 * @param progress called with {@code round(100 * done / total)} after each chunk, or {@code null}
	 * @param sendChunk sends one chunk and gives its results, in order
	 * @return all the results, in the order of the calls
	 */
	public static Mono<List<ApiResult>> run(List<ApiCall> calls, int chunkSize, @Nullable IntConsumer progress,
			Function<List<ApiCall>, Mono<List<ApiResult>>> sendChunk) {
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
		for (int start = 0; start < all.size(); start += chunkSize) {
			chunks.add(all.subList(start, Math.min(all.size(), start + chunkSize)));
		}
		return Mono.defer(() -> {
			AtomicInteger done = new AtomicInteger();
			return Flux.fromIterable(chunks).concatMap((chunk) -> sendChunk.apply(chunk).map((results) -> {
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
		});
	}

	/**
	 * The body of a batch request: {@code [{method, params}, ...]} ({@code {}} for null params).
	 * @param chunk the calls
	 * @return the body, for Jackson to write
	 */
	public static List<Map<String, Object>> body(List<ApiCall> chunk) {
		List<Map<String, Object>> body = new ArrayList<>(chunk.size());
		for (ApiCall call : chunk) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("method", call.method());
			item.put("params", (call.params() != null) ? call.params() : Map.of());
			body.add(item);
		}
		return body;
	}

	/**
	 * A short name of a chunk for error messages, e.g. {@code batch [events.create]}.
	 * @param chunk the calls
	 * @return the name
	 */
	public static String describe(List<ApiCall> chunk) {
		Set<String> methods = new LinkedHashSet<>();
		chunk.forEach((call) -> methods.add(call.method()));
		return "batch " + ((methods.size() <= 3) ? methods : List.copyOf(methods).subList(0, 3) + "...");
	}

	/**
	 * Read a batch answer {@code {results: [...], meta}}: one result per call, by
	 * index, a failed call's {@link ApiError} in its slot.
	 * @param chunk the calls that were sent
	 * @param answer the answer object
	 * @param what the request's name for error messages
	 * @return the results, in the order of the calls
	 * @throws PryvClientException when the answer has no results array or not one result per call
	 */
	public static List<ApiResult> results(List<ApiCall> chunk, @Nullable JsonNode answer, String what) {
		return results(chunk, answer, what, 0, null);
	}

	/**
	 * {@link #results(List, JsonNode, String)} for an answer that came over HTTP:
	 * an answer without one result per call is an error with its status.
	 * @param chunk the calls that were sent
	 * @param answer the answer object
	 * @param what the request's name for error messages
	 * @param httpStatus the answer's HTTP status (0 when it came by another way)
	 * @param bodyExcerpt the answer's token-free excerpt, or {@code null}
	 * @return the results, in the order of the calls
	 * @throws PryvClientException when the answer has no results array or not one result per call
	 */
	public static List<ApiResult> results(List<ApiCall> chunk, @Nullable JsonNode answer, String what, int httpStatus,
			@Nullable String bodyExcerpt) {
		JsonNode results = (answer != null) ? answer.get("results") : null;
		if (results == null || !results.isArray()) {
			throw new PryvClientException("The answer to " + what + " has no 'results' array", null, httpStatus, what,
					bodyExcerpt);
		}
		if (results.size() != chunk.size()) {
			throw new PryvClientException("The answer to " + what + " has " + results.size() + " results for "
					+ chunk.size() + " calls", null, httpStatus, what, bodyExcerpt);
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
	}

}
