package io.pryv.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import io.pryv.sample.web.LiveChanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /api/changes} over real HTTP in the {@code demo} profile: a value
 * written in a second session arrives in the first session's feed; a feed per
 * browser session; sign-out ends it; no feed without a signed-in user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pryv.monitor.interval=500ms")
@ActiveProfiles("demo")
class LiveChangesTest {

	private static final Pattern KEY = Pattern.compile("name=\"key\" value=\"([A-Za-z0-9_-]+)\"");

	private static final Duration WAIT = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private LiveChanges probe;

	private String app() {
		return "http://127.0.0.1:" + this.port;
	}

	private HttpBrowser signedIn(String username) {
		return signedIn(app(), username);
	}

	/** A session of the app signed in as {@code username} on the demo's simulated consent page. */
	static HttpBrowser signedIn(String app, String username) {
		HttpBrowser browser = new HttpBrowser();
		String consentUrl = browser.startSignIn(app);
		String consent = browser.get(consentUrl).body();
		Matcher key = KEY.matcher(consent);
		assertThat(key.find()).isTrue();
		URI page = URI.create(consentUrl);
		HttpResponse<String> answered = browser.postForm(page.getScheme() + "://" + page.getRawAuthority()
				+ "/access/consent", "key=" + key.group(1) + "&username=" + username + "&decision=accept");
		assertThat(browser.get(answered.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(302);
		return browser;
	}

	/** The lines of a server-sent events answer, read on a thread of their own. */
	static final class Feed {

		private static final String END = "\u0000end";

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		private final StringBuilder seen = new StringBuilder();

		Feed(HttpResponse<InputStream> response) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
					for (String line = in.readLine(); line != null; line = in.readLine()) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					// the feed was cut
				}
				this.lines.add(END);
			}, "live-feed-reader");
			reader.setDaemon(true);
			reader.start();
		}

		/** @return the first line that matches, waiting for it */
		String await(Predicate<String> wanted) throws InterruptedException {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (System.nanoTime() < deadline) {
				String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
				if (line == null) {
					continue;
				}
				this.seen.append(line).append('\n');
				if (line.equals(END)) {
					throw new AssertionError("The feed ended; it sent:\n" + this.seen);
				}
				if (wanted.test(line)) {
					return line;
				}
			}
			throw new AssertionError("Not received within " + WAIT + "; the feed sent:\n" + this.seen);
		}

		/** Wait until the feed ends. */
		void awaitEnd() throws InterruptedException {
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (System.nanoTime() < deadline) {
				String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
				if (line != null) {
					this.seen.append(line).append('\n');
					if (line.equals(END)) {
						return;
					}
				}
			}
			throw new AssertionError("The feed did not end; it sent:\n" + this.seen);
		}

		String seen() {
			return this.seen.toString();
		}

	}

	@Test
	void aValueWrittenInAnotherSessionArrivesInTheFeedWhichEndsOnSignOut() throws Exception {
		int othersOpen = this.probe.openFeeds(); // feeds left open by other tests of this context
		HttpBrowser first = signedIn("frank-live");
		Feed feed = new Feed(first.streamAccepting(app() + "/api/changes", "text/event-stream"));
		feed.await((line) -> line.equals("event:ready"));
		assertThat(feed.seen()).contains("event:event", "\"type\":\"frequency/bpm\"", "\"value\":");

		HttpBrowser second = signedIn("frank-live");
		HttpResponse<String> created = second.postJson(app() + "/api/events",
				"{\"streamId\":\"heart-rate\",\"value\":131,\"type\":\"frequency/bpm\"}", second.csrfToken(app()));
		assertThat(created.statusCode()).isEqualTo(201);
		String arrived = feed.await((line) -> line.contains("\"value\":131.0"));
		assertThat(arrived).startsWith("data:").contains("\"content\":\"131.0 bpm\"", "\"at\":");
		assertThat(feed.seen()).doesNotContain("readToken", "apiEndpoint", "token");

		assertThat(this.probe.openFeeds()).isEqualTo(othersOpen + 1);
		HttpResponse<String> signOut = first.postForm(app() + "/logout",
				"_csrf=" + java.net.URLEncoder.encode(first.csrfToken(app()), StandardCharsets.UTF_8));
		assertThat(signOut.statusCode()).isEqualTo(302);
		feed.awaitEnd();
		await().atMost(WAIT).until(() -> this.probe.openFeeds() == othersOpen);
	}

	@Test
	void aSessionHasOneFeedAndNoUserNoFeed() throws Exception {
		int othersOpen = this.probe.openFeeds();
		HttpBrowser browser = signedIn("grace-live");
		Feed firstTab = new Feed(browser.streamAccepting(app() + "/api/changes", "text/event-stream"));
		firstTab.await((line) -> line.equals("event:ready"));
		Feed secondTab = new Feed(browser.streamAccepting(app() + "/api/changes", "text/event-stream"));
		secondTab.await((line) -> line.equals("event:ready"));
		firstTab.await((line) -> line.equals("event:replaced"));
		firstTab.awaitEnd();
		assertThat(this.probe.openFeeds()).isEqualTo(othersOpen + 1);

		assertThat(new HttpBrowser().get(app() + "/api/changes").statusCode()).isEqualTo(401);
	}

}
