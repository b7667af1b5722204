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
 * during that call.
 * <p>
 * Usage: {@code HttpsFirstCallMain [--warmup] <apiEndpoint>}
 */
public final class HttpsFirstCallMain {

	private HttpsFirstCallMain() {
	}

	public static void main(String[] args) {
		boolean warmup = args.length == 2 && args[0].equals("--warmup");
		if (warmup && !PryvWarmup.run(WebClient.builder().build())) {
			System.out.println("The warm-up did not complete");
			System.exit(3);
		}
		ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
		long before = classes.getTotalLoadedClassCount();
		ApiEndpoint endpoint = ApiEndpoint.parse(args[args.length - 1]);
		PryvService service = PryvService.builder()
			.serviceInfoUrl(null)
			.overrides(Map.of("name", "https-first-call", "api", endpoint.baseUrl()))
			.build();
		long events = new PryvConnectionFactory(service).connect(endpoint)
			.streamEvents(EventsQuery.all(), (event) -> {
			})
			.eventsCount();
		System.out.println("{\"events\": " + events + ", \"classes\": " + (classes.getTotalLoadedClassCount() - before) + "}");
	}

}
