package io.pryv.benchmarks;

import java.util.Map;

import io.pryv.client.EventsQuery;
import io.pryv.client.EventsStreamResult;
import io.pryv.client.PryvConnection;
import io.pryv.client.PryvConnectionFactory;
import io.pryv.client.PryvService;
import io.pryv.client.PryvWarmup;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The first call of a fresh JVM, then the second: each builds a client for the
 * API endpoint (a {@code PryvService}, a connection) and streams every event
 * of it with {@code streamEvents}, as {@code libjs-first-call.js} does with
 * lib-js. Prints one JSON line:
 * {@code {"events": N, "firstCallMs": N, "secondCallMs": N, "sinceStartMs": N}}
 * ({@code sinceStartMs}: from the JVM's start to the end of the first call).
 * <p>
 * With {@code --warmup}, the JVM first runs {@link PryvWarmup#run(WebClient)}
 * as an application's startup does (the Spring Boot auto-configuration runs
 * it once the application is ready), through a {@code WebClient} of the kind
 * the measured call's {@code PryvService} builds by default
 * ({@code WebClient.builder()}, Reactor Netty's shared resources), then times
 * the same two calls; the line then also has {@code "warmupMs": N} (the
 * warm-up's duration, not part of the first call).
 * The warm-up calls no platform: it streams from a loopback server of its own.
 * <p>
 * Usage: {@code FirstCallMain [--warmup] <apiEndpoint>}
 */
public final class FirstCallMain {

	private FirstCallMain() {
	}

	public static void main(String[] args) {
		boolean warmup = args.length == 2 && args[0].equals("--warmup");
		if (args.length != 1 && !warmup) {
			System.err.println("Usage: FirstCallMain [--warmup] <apiEndpoint>");
			System.exit(2);
		}
		String apiEndpoint = args[args.length - 1];
		long warmupMs = -1;
		if (warmup) {
			long warmupStart = System.nanoTime();
			// the kind of WebClient PryvService.Builder builds when given none
			if (!PryvWarmup.run(WebClient.builder().build())) {
				System.err.println("The warm-up did not complete");
				System.exit(1);
			}
			warmupMs = (System.nanoTime() - warmupStart) / 1_000_000;
		}
		long start = System.nanoTime();
		long events = call(apiEndpoint);
		long first = System.nanoTime();
		long sinceJvmStart = System.currentTimeMillis()
				- java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
		call(apiEndpoint);
		long second = System.nanoTime();
		System.out.println("{\"events\": " + events + ", \"firstCallMs\": " + (first - start) / 1_000_000
				+ ", \"secondCallMs\": " + (second - first) / 1_000_000 + ", \"sinceStartMs\": " + sinceJvmStart
				+ (warmup ? ", \"warmupMs\": " + warmupMs : "") + "}");
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
