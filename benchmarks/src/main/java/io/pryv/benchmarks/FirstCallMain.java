package io.pryv.benchmarks;

import java.util.Map;

import io.pryv.client.EventsQuery;
import io.pryv.client.EventsStreamResult;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;

/**
 * The first call of a fresh JVM, then the second: each builds a client for the
 * API endpoint (a {@code PryvService}, a connection) and streams every event
 * of it with {@code streamEvents}, as {@code libjs-first-call.js} does with
 * lib-js. Prints one JSON line:
 * {@code {"events": N, "firstCallMs": N, "secondCallMs": N, "sinceStartMs": N}}
 * ({@code sinceStartMs}: from the JVM's start to the end of the first call).
 * <p>
 * Usage: {@code FirstCallMain <apiEndpoint>}
 */
public final class FirstCallMain {

	private FirstCallMain() {
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("Usage: FirstCallMain <apiEndpoint>");
			System.exit(2);
		}
		long start = System.nanoTime();
		long events = call(args[0]);
		long first = System.nanoTime();
		long sinceJvmStart = System.currentTimeMillis()
				- java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
		call(args[0]);
		long second = System.nanoTime();
		System.out.println("{\"events\": " + events + ", \"firstCallMs\": " + (first - start) / 1_000_000
				+ ", \"secondCallMs\": " + (second - first) / 1_000_000 + ", \"sinceStartMs\": " + sinceJvmStart + "}");
	}

	private static long call(String apiEndpoint) {
		PryvConnection connection = connect(apiEndpoint);
		EventsStreamResult result = connection.streamEvents(EventsQuery.all(), (event) -> {
		});
		return result.eventsCount();
	}

	static PryvConnection connect(String apiEndpoint) {
		io.pryv.client.ApiEndpoint endpoint = io.pryv.client.ApiEndpoint.parse(apiEndpoint);
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "first-call", "api", endpoint.baseUrl()))
			.build();
		return new PryvConnectionFactory(service).connect(endpoint);
	}

}
