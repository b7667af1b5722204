package io.pryv.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof that no event list is retained: 1,000,000 events (about 320 MB of JSON)
 * stream through a JVM limited to a 64 MB heap, with both the callback and the
 * {@code Flux} form.
 */
class SmallHeapStreamingTest {

	private static final long EVENTS = 1_000_000;

	@Test
	void streamsAMillionEventsThroughA64MbHeap() throws IOException, InterruptedException {
		try (SyntheticEventsServer server = new SyntheticEventsServer(EVENTS)) {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
					System.getProperty("java.class.path"), SmallHeapStreamMain.class.getName(), server.apiEndpoint()))
				.redirectErrorStream(true)
				.start();
			boolean finished = child.waitFor(240, TimeUnit.SECONDS);
			if (!finished) {
				child.destroyForcibly();
			}
			String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(finished).as("finished in time; output: " + output).isTrue();
			assertThat(child.exitValue()).as(output).isZero();
			assertThat(output).contains("callback=1000000 flux=1000000 maxHeapMB=")
				.contains("idChars=" + (24 * EVENTS))
				.doesNotContain("OutOfMemoryError");
			int maxHeap = Integer.parseInt(output.replaceAll("(?s).*maxHeapMB=(\\d+).*", "$1"));
			assertThat(maxHeap).as("the heap could not hold the 320 MB answer").isLessThanOrEqualTo(64);
		}
	}

}
