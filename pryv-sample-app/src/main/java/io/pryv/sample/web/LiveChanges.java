package io.pryv.sample.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.pryv.client.EventsQuery;
import io.pryv.client.PryvApiException;
import io.pryv.client.PryvConnection;
import io.pryv.client.monitor.MonitorChange;
import io.pryv.client.monitor.PryvMonitor;
import io.pryv.client.monitor.PryvMonitorFactory;

/**
 * The live feed of the page ({@code GET /api/changes}): one {@link PryvMonitor}
 * per browser session on the signed-in user's connection, its changes sent as
 * server-sent events:
 * <ul>
 * <li>{@code event}: an event loaded or changed ({@link LiveEvent}: what the
 * table and the chart show, never a token or a read token);</li>
 * <li>{@code deletion}: {@code {"id"}} of a deleted event;</li>
 * <li>{@code ready}: the monitor caught up (after the initial load, then after each update);</li>
 * <li>{@code failure}: {@code {"message"}} when an update failed (the monitor goes on);</li>
 * <li>{@code replaced}: another tab of the same session opened the feed, which
 * goes on there (this one ends; the page does not reconnect).</li>
 * </ul>
 * A session that opens the feed again replaces its previous one. The monitor
 * stops when the browser goes away (a send or the 15 s keep-alive fails), when
 * the feed times out, when the session ends (sign-out invalidates it), and when
 * the application closes: then its answer ends, so that the web server's
 * graceful shutdown does not wait for it, and the page's {@code EventSource}
 * reconnects (to the restarted app, or another instance).
 */
@Component
public class LiveChanges implements HttpSessionListener {

	/** How many of the latest events the feed follows: the table shows the newest, the chart all numeric ones. */
	static final int LIVE_EVENTS = 200;

	private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

	private static final Duration FEED_TIMEOUT = Duration.ofMinutes(30);

	private static final Log logger = LogFactory.getLog(LiveChanges.class);

	private final PryvMonitorFactory monitors;

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	/**
	 * @param monitors makes the monitors ({@code pryv.monitor.*})
	 */
	public LiveChanges(PryvMonitorFactory monitors) {
		this.monitors = monitors;
	}

	/**
	 * Open the feed of a session, replacing the one it had.
	 * @param session the browser's session
	 * @param connection the signed-in user's connection
	 * @return the server-sent events
	 */
	SseEmitter open(HttpSession session, PryvConnection connection) {
		SseEmitter emitter = new SseEmitter(FEED_TIMEOUT.toMillis());
		PryvMonitor monitor = this.monitors.create(connection, EventsQuery.builder().limit(LIVE_EVENTS).build());
		Feed feed = new Feed(session.getId(), emitter, monitor);
		Feed previous = this.feeds.put(feed.sessionId, feed);
		if (previous != null) {
			previous.send("replaced", Map.of());
			previous.end();
		}
		emitter.onCompletion(feed::stop);
		emitter.onTimeout(feed::stop);
		emitter.onError((ex) -> feed.stop());
		monitor.on(MonitorChange.EventChanged.class, (change) -> feed.send("event", LiveEvent.of(change.event())));
		monitor.on(MonitorChange.EventDeleted.class,
				(change) -> feed.send("deletion", Map.of("id", change.deletion().id())));
		monitor.on(MonitorChange.Ready.class, (change) -> feed.send("ready", Map.of()));
		monitor.on(MonitorChange.MonitorError.class, (change) -> feed.send("failure", Map.of("message",
				(change.error() instanceof PryvApiException api) ? PryvUserData.describe(api)
						: "The Pryv platform could not be reached: " + change.error().getMessage())));
		feed.keepAlive = Flux.interval(KEEP_ALIVE, Schedulers.parallel()).subscribe((tick) -> feed.comment());
		monitor.start();
		return emitter;
	}

	/** @return how many feeds are open */
	public int openFeeds() {
		return this.feeds.size();
	}

	/** A session ended (sign-out, expiry): its feed stops. */
	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		Feed feed = this.feeds.get(event.getSession().getId());
		if (feed != null) {
			feed.end();
		}
	}

	/**
	 * The application is closing: every feed ends. {@link ContextClosedEvent} comes
	 * before the web server's graceful shutdown, which would otherwise wait for
	 * these never-ending answers until its timeout (30 s by default).
	 */
	@EventListener(ContextClosedEvent.class)
	void endAll() {
		this.feeds.values().forEach(Feed::end);
	}

	/** One session's feed: a monitor and the emitter it writes to. */
	private final class Feed {

		private final String sessionId;

		private final SseEmitter emitter;

		private final PryvMonitor monitor;

		private volatile Disposable keepAlive;

		private volatile boolean stopped;

		Feed(String sessionId, SseEmitter emitter, PryvMonitor monitor) {
			this.sessionId = sessionId;
			this.emitter = emitter;
			this.monitor = monitor;
		}

		void send(String name, Object data) {
			if (this.stopped) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				gone(ex);
			}
		}

		void comment() {
			if (this.stopped) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().comment("keep-alive"));
			}
			catch (IOException | IllegalStateException ex) {
				gone(ex);
			}
		}

		private void gone(Exception ex) {
			logger.debug("Live feed of a session closed: " + ex.getMessage());
			stop();
			this.emitter.completeWithError(ex);
		}

		/** Stop, and end the answer. */
		void end() {
			stop();
			this.emitter.complete();
		}

		void stop() {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
			LiveChanges.this.feeds.remove(this.sessionId, this);
			Disposable timer = this.keepAlive;
			if (timer != null) {
				timer.dispose();
			}
			this.monitor.stop();
		}

	}

}
