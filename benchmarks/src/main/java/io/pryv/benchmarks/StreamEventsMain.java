package io.pryv.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.pryv.client.ApiEndpoint;
import io.pryv.client.EventsQuery;
import io.pryv.client.EventsStreamResult;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvException;
import io.pryv.client.PryvService;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Streams every event of an API endpoint with the Pryv client and prints one
 * JSON line: {@code {"events": N, "eventDeletions": N, "ms": N, "eventsPerSec": N, "peakHeapMB": N}}.
 * <p>
 * Usage: {@code StreamEventsMain <apiEndpoint> [--mode callback|flux|reactive-callback|raw|jackson-tokens] [--no-deletions] [--warmup <apiEndpoint> [--warmup-runs K]]}
 * <ul>
 * <li>{@code callback} (default): {@code PryvConnection.streamEvents}, the lib-js way;</li>
 * <li>{@code flux}: {@code ReactivePryvConnection.events(query)};</li>
 * <li>{@code reactive-callback}: {@code ReactivePryvConnection.streamEvents} (callbacks on the I/O thread);</li>
 * <li>{@code raw}: the same request, bytes read and discarded (the transfer alone);</li>
 * <li>{@code jackson-tokens}: the same request, every JSON token read by Jackson's non-blocking
 * parser and discarded, no event built (a reference: see {@link JacksonTokens});</li>
 * <li>{@code --no-deletions}: do not ask for deletions (lib-js fails when asked and
 * there are none; the benchmark asks the same of every client);</li>
 * <li>{@code --warmup}: stream that endpoint first, {@code --warmup-runs} times (default once; not measured).</li>
 * </ul>
 * {@code ms} is the time of the streaming call alone (not the JVM start);
 * {@code peakHeapMB} the sum of the heap pools' peak use during it (an upper bound).
 */
public final class StreamEventsMain {

	private StreamEventsMain() {
	}

	public static void main(String[] args) {
		if (args.length < 1 || args[0].startsWith("--")) {
			System.err.println("Usage: StreamEventsMain <apiEndpoint> [--mode callback|flux|reactive-callback|raw|jackson-tokens] [--no-deletions] "
					+ "[--warmup <apiEndpoint> [--warmup-runs K]]");
			System.exit(2);
		}
		String mode = "callback";
		boolean deletions = true;
		String warmup = null;
		int warmupRuns = 1;
		for (int i = 1; i < args.length; i++) {
			switch (args[i]) {
				case "--mode" -> mode = args[++i];
				case "--no-deletions" -> deletions = false;
				case "--warmup" -> warmup = args[++i];
				case "--warmup-runs" -> warmupRuns = Integer.parseInt(args[++i]);
				default -> {
					System.err.println("Unknown option " + args[i]);
					System.exit(2);
				}
			}
		}
		EventsQuery query = deletions
				? EventsQuery.all().toBuilder().modifiedSince(0).includeDeletions(true).build() : EventsQuery.all();
		long[] counts;
		long start;
		long cpuStart;
		try {
			for (int i = 0; warmup != null && i < warmupRuns; i++) {
				run(warmup, mode, query);
			}
			resetPeaks();
			cpuStart = cpuMillis();
			start = System.nanoTime();
			counts = run(args[0], mode, query);
		}
		catch (PryvException ex) {
			System.err.println(ex.getMessage());
			System.exit(1);
			return;
		}
		long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
		long cpuMs = cpuMillis() - cpuStart;
		long peakMb = Math.round(peakHeap() / (1024.0 * 1024.0));
		System.out.println("{\"events\": " + counts[0] + ", \"eventDeletions\": " + counts[1] + ", \"ms\": " + ms
				+ ", \"eventsPerSec\": " + Math.round(counts[0] * 1000.0 / ms) + ", \"peakHeapMB\": " + peakMb + ", \"cpuMs\": " + cpuMs + "}");
	}

	/** @return the CPU time of this process so far (all its threads, JIT and GC included) */
	private static long cpuMillis() {
		return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(-1L);
	}

	/** @return events, deletions (raw mode: bytes, 0) */
	private static long[] run(String apiEndpoint, String mode, EventsQuery query) {
		ApiEndpoint endpoint = ApiEndpoint.parse(apiEndpoint);
		if ("raw".equals(mode)) {
			return new long[] { rawTransfer(endpoint, query), 0 };
		}
		if ("jackson-tokens".equals(mode)) {
			return new long[] { JacksonTokens.count(answer(endpoint, query)), 0 };
		}
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "stream-events", "api", endpoint.baseUrl()))
			.build();
		PryvConnection connection = new PryvConnectionFactory(service).connect(endpoint);
		if ("flux".equals(mode)) {
			Long count = connection.reactive().events(query).count().block();
			return new long[] { count, 0 };
		}
		if ("reactive-callback".equals(mode)) {
			EventsStreamResult result = connection.reactive().streamEvents(query, (event) -> {
			}, null).block();
			return new long[] { result.eventsCount(), 0 };
		}
		if (!"callback".equals(mode)) {
			throw new IllegalArgumentException("Unknown mode " + mode + " (callback, flux, reactive-callback, raw or jackson-tokens)");
		}
		AtomicLong deletions = new AtomicLong();
		EventsStreamResult result = connection.streamEvents(query, (event) -> {
		}, (deletion) -> deletions.incrementAndGet());
		return new long[] { result.eventsCount(), deletions.get() };
	}

	private static long rawTransfer(ApiEndpoint endpoint, EventsQuery query) {
		AtomicLong bytes = new AtomicLong();
		answer(endpoint, query).doOnNext((DataBuffer buffer) -> {
			bytes.addAndGet(buffer.readableByteCount());
			DataBufferUtils.release(buffer);
		}).blockLast();
		return bytes.get();
	}

	/** @return the body of the {@code events.get} request, as received by a plain Reactor Netty {@code WebClient} */
	private static Flux<DataBuffer> answer(ApiEndpoint endpoint, EventsQuery query) {
		StringBuilder url = new StringBuilder(endpoint.resolve("events")).append('?');
		query.toQuery().forEach((key, value) -> url.append(key).append('=').append(
				(value instanceof Double number && number == Math.rint(number)) ? String.valueOf(number.longValue())
						: value).append('&'));
		return WebClient.create()
			.get()
			.uri(URI.create(url.toString()))
			.header("Authorization", endpoint.token())
			.exchangeToFlux((response) -> response.body(BodyExtractors.toDataBuffers()));
	}

	private static List<MemoryPoolMXBean> heapPools() {
		List<MemoryPoolMXBean> pools = new ArrayList<>();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
			if (pool.getType() == MemoryType.HEAP) {
				pools.add(pool);
			}
		}
		return pools;
	}

	private static void resetPeaks() {
		System.gc();
		heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
	}

	private static long peakHeap() {
		return heapPools().stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
	}

}
