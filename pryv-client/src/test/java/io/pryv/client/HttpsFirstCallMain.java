package io.pryv.client;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * A fresh JVM's first call to an HTTPS platform, for {@link PryvWarmupTest}:
 * optionally the warm-up first (as an application's startup runs it), then one
 * stream of every event of the API endpoint through a {@code PryvService} with
 * its default {@code WebClient} (the JVM's default TLS setup: the platform's
 * certificate is trusted through {@code -Djavax.net.ssl.trustStore}). Prints
 * {@code {"events": N, "classes": N}}: the events and the classes the JVM loaded
 * during that call ({@code {"warmedUp": true|false}} before, with the warm-up;
 * {@code {"failed": "..."}}, each cause of the failure, and exit code 4 when
 * the call fails).
 * <p>
 * Usage: {@code HttpsFirstCallMain [--warmup] <apiEndpoint>}
 */
public final class HttpsFirstCallMain {

	private HttpsFirstCallMain() {
	}

	public static void main(String[] args) {
		boolean warmup = args.length == 2 && args[0].equals("--warmup");
		if (warmup) {
			System.out.println("{\"warmedUp\": " + PryvWarmup.run(WebClient.builder().build()) + "}");
		}
		ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
		long before = classes.getTotalLoadedClassCount();
		ApiEndpoint endpoint = ApiEndpoint.parse(args[args.length - 1]);
		PryvService service = PryvService.builder()
			.serviceInfoUrl(null)
			.overrides(Map.of("name", "https-first-call", "api", endpoint.baseUrl()))
			.build();
		long events;
		try {
			events = new PryvConnectionFactory(service).connect(endpoint)
				.streamEvents(EventsQuery.all(), (event) -> {
				})
				.eventsCount();
		}
		catch (RuntimeException | LinkageError ex) {
			// what the application would see: each cause of the failure, on one line
			StringBuilder causes = new StringBuilder();
			for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
				causes.append(cause.getClass().getName()).append(": ").append(cause.getMessage()).append(" <- ");
			}
			System.out.println("{\"failed\": \"" + causes.toString().replace('"', '\'') + "\"}");
			System.exit(4);
			return;
		}
		System.out.println("{\"events\": " + events + ", \"classes\": " + (classes.getTotalLoadedClassCount() - before) + "}");
	}

}
