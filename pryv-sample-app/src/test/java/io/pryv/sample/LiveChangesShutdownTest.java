package io.pryv.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.pryv.sample.web.LiveChanges;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An open live feed ({@code GET /api/changes}) does not hold up the closing of
 * the application: the feed ends when the application closes, before the web
 * server's graceful shutdown, which otherwise waits for such an answer until
 * its timeout (set here to 60 s so that a wait cannot pass unseen).
 */
class LiveChangesShutdownTest {

	@Test
	void closingTheApplicationEndsOpenFeedsWithoutWaitingForTheGracefulShutdownTimeout() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).profiles("demo")
			.run("--server.port=0", "--server.address=127.0.0.1", "--pryv.monitor.interval=500ms",
					"--pryv.warmup.enabled=false", "--spring.lifecycle.timeout-per-shutdown-phase=60s");
		boolean closed = false;
		try {
			String app = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpBrowser browser = LiveChangesTest.signedIn(app, "heidi-live");
			LiveChangesTest.Feed feed = new LiveChangesTest.Feed(
					browser.streamAccepting(app + "/api/changes", "text/event-stream"));
			feed.await((line) -> line.equals("event:ready"));
			LiveChanges feeds = context.getBean(LiveChanges.class);
			assertThat(feeds.openFeeds()).isEqualTo(1);

			long start = System.nanoTime();
			context.close();
			closed = true;
			Duration closing = Duration.ofNanos(System.nanoTime() - start);

			feed.awaitEnd();
			assertThat(feeds.openFeeds()).isZero();
			assertThat(closing).as("the application closed without waiting for the open feed")
				.isLessThan(Duration.ofSeconds(20));
		}
		finally {
			if (!closed) {
				context.close();
			}
		}
	}

}
