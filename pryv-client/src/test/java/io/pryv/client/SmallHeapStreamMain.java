package io.pryv.client;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams every event of an endpoint, first with the blocking callback form,
 * then with the reactive {@code Flux}, and prints the counts and the heap limit:
 * run by {@link SmallHeapStreamingTest} in a JVM whose heap is far smaller than
 * the answer.
 */
public final class SmallHeapStreamMain {

	private SmallHeapStreamMain() {
	}

	public static void main(String[] args) {
		ApiEndpoint endpoint = ApiEndpoint.parse(args[0]);
		PryvService service = PryvService.builder()
			.overrides(Map.of("name", "loopback", "api", endpoint.baseUrl().replace("/bench/", "/{username}/")))
			.build();
		PryvConnection connection = new PryvConnectionFactory(service).connect(endpoint);
		AtomicLong bytesOfContent = new AtomicLong();
		EventsStreamResult result = connection.streamEvents(EventsQuery.all(),
				(event) -> bytesOfContent.addAndGet(event.id().length()));
		Long fluxCount = connection.reactive().events(EventsQuery.all()).count().block();
		System.out.println("callback=" + result.eventsCount() + " flux=" + fluxCount + " maxHeapMB="
				+ Runtime.getRuntime().maxMemory() / (1024 * 1024) + " idChars=" + bytesOfContent.get());
	}

}
