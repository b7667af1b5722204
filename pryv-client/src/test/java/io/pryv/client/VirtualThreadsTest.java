package io.pryv.client;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockRuntimeInfo;
import com.github.tomakehurst.wiremock.junit5.WireMockTest;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.core.task.VirtualThreadTaskExecutor;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.verify;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blocking API called from virtual threads (Java 21+, as with
 * {@code spring.threads.virtual.enabled=true}): a thousand callers at once
 * against WireMock get their answers, on a bounded number of platform threads,
 * without pinning a carrier thread while an answer comes and without an
 * event-loop thread ever waiting. On Java 17 the test is skipped (the Java 25
 * leg of {@code .ci/run} runs it).
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+ (.ci/run's Java 25 leg runs this)")
@WireMockTest
class VirtualThreadsTest {

	private static final String USER = "fixturejcstbv";

	private static final String TOKEN = "fq2ipgpirm3ogtn510y149nh";

	private static final int CALLERS = 1000;

	/** More than the connection pool holds, so that callers also wait for a connection. */
	private static final int WARM_UP_CALLERS = 64;

	/** How long each events answer takes to come, in two pieces: the time a pinned carrier would be held. */
	private static final int TRANSFER_MILLIS = 100;

	/** A carrier pinned at least this long is pinned for (a good part of) a transfer. */
	private static final Duration PINNED_TOO_LONG = Duration.ofMillis(TRANSFER_MILLIS / 2);

	private static final Duration EVENT_LOOP_WAIT_TOO_LONG = Duration.ofMillis(TRANSFER_MILLIS);

	private String base;

	private PryvConnectionFactory factory;

	@BeforeEach
	void setUp(WireMockRuntimeInfo wm) {
		this.base = wm.getHttpBaseUrl();
		PryvFixture.load("service-info").stub(this.base);
		PryvFixture.load("access-info").stub(this.base);
		PryvFixture events = PryvFixture.load("events-get");
		WireMock.stubFor(events.request()
			.willReturn(events.response(this.base).withChunkedDribbleDelay(2, TRANSFER_MILLIS)));
		this.factory = new PryvConnectionFactory(
				PryvService.builder().serviceInfoUrl(this.base + "/reg/service/info").build());
	}

	@Test
	void aThousandBlockingCallersOnVirtualThreads(@TempDir Path tmp) throws Exception {
		AtomicInteger waiting = new AtomicInteger();
		AtomicInteger mostWaiting = new AtomicInteger();
		VirtualThreadTaskExecutor executor = new VirtualThreadTaskExecutor("pryv-vt-");
		List<CompletableFuture<CallerOutcome>> outcomes = new ArrayList<>();
		Path jfr = tmp.resolve("virtual-threads.jfr");
		// A warm-up burst before recording: a virtual thread is pinned while it waits for a
		// class that another one loads or initializes, or while it starts a platform thread
		// (Reactor's parallel scheduler times waits for a pooled connection): one-time costs
		// of the JVM and Reactor, not a transfer
		List<CompletableFuture<CallerOutcome>> warmUp = new ArrayList<>();
		for (int i = 0; i < WARM_UP_CALLERS; i++) {
			warmUp.add(executor.submitCompletable(this::call));
		}
		CompletableFuture.allOf(warmUp.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
		WireMock.resetAllRequests();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		int platformBefore = threads.getThreadCount();
		threads.resetPeakThreadCount();
		try (Recording recording = new Recording()) {
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.start();
			for (int i = 0; i < CALLERS; i++) {
				outcomes.add(executor.submitCompletable(() -> {
					mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
					try {
						return call();
					}
					finally {
						waiting.decrementAndGet();
					}
				}));
			}
			CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
			recording.stop();
			recording.dump(jfr);
		}
		int platformPeak = threads.getPeakThreadCount();

		for (CompletableFuture<CallerOutcome> future : outcomes) {
			CallerOutcome outcome = future.get();
			assertThat(outcome.callerWasVirtual()).isTrue();
			assertThat(outcome.appName()).isEqualTo("pryv-fixture-app");
			assertThat(outcome.eventIds()).containsExactly("o93655dknyjjp97ffrbvjikq", "mleqr27wfdbxdl4e9gowr50f");
			assertThat(outcome.eventsCount()).isEqualTo(2);
			assertThat(outcome.consumedOnCaller()).as("streamEvents hands events over on the caller's thread").isTrue();
		}
		verify(CALLERS, getRequestedFor(urlEqualTo("/" + USER + "/access-info")));
		verify(CALLERS, getRequestedFor(urlEqualTo("/" + USER + "/events?streams=heart&limit=10")));

		assertThat(mostWaiting.get()).as("callers blocked at the same time").isGreaterThan(CALLERS / 2);
		// a thread per caller would be a thousand more; carriers (one per core), event loops and
		// WireMock's own server threads stay well below
		assertThat(platformPeak - platformBefore).as("platform threads added at the peak (%d before)", platformBefore)
			.isLessThan(100);

		List<RecordedEvent> recorded = RecordingFile.readAllEvents(jfr);
		List<RecordedEvent> pinned = recorded.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
			.toList();
		System.out.printf("Virtual threads: %d callers, %d blocked at once, %d platform threads before, peak %d; "
				+ "%d jdk.VirtualThreadPinned events, longest %s%n", CALLERS, mostWaiting.get(), platformBefore,
				platformPeak, pinned.size(),
				pinned.stream().map(RecordedEvent::getDuration).max(Duration::compareTo).orElse(Duration.ZERO));
		pinned.forEach((event) -> System.out.println("Pinned " + event.getDuration() + " at "
				+ event.getStackTrace().getFrames().stream().limit(4).map((frame) -> frame.getMethod().getType()
					.getName() + "." + frame.getMethod().getName()).toList()));
		assertThat(pinned).as("carriers pinned for %s or more", PINNED_TOO_LONG)
			.noneMatch((event) -> event.getDuration().compareTo(PINNED_TOO_LONG) >= 0);
		List<RecordedEvent> eventLoopWaits = recorded.stream()
			.filter((event) -> !event.getEventType().getName().equals("jdk.VirtualThreadPinned") && isEventLoop(event))
			.toList();
		eventLoopWaits.forEach((event) -> System.out.println("Event loop waited " + event.getDuration() + " at "
				+ event.getStackTrace().getFrames().stream().limit(6).map((frame) -> frame.getMethod().getType()
					.getName() + "." + frame.getMethod().getName()).toList()));
		// An event loop that blocks parks (or waits on a monitor) as long as a transfer. Lock
		// contention is not counted: on a loaded machine a lock held by a descheduled thread
		// was seen to keep an event loop 50 ms on a monitor (the JDK's Cleaner list, an Inflater
		// made) and 129 ms on a ReentrantLock (a queue's lock, handing events to a caller)
		assertThat(eventLoopWaits).as("event-loop threads parked or waiting %s or more", EVENT_LOOP_WAIT_TOO_LONG)
			.noneMatch((event) -> !isLockContention(event)
					&& event.getDuration().compareTo(EVENT_LOOP_WAIT_TOO_LONG) >= 0);
	}

	@Test
	void aVirtualThreadMayBlockButAnEventLoopStillMayNot() throws Exception {
		PryvConnection connection = connection();
		VirtualThreadTaskExecutor executor = new VirtualThreadTaskExecutor("pryv-vt-");
		assertThat(executor.submitCompletable(() -> connection.accessInfo().name()).get(30, TimeUnit.SECONDS))
			.isEqualTo("pryv-fixture-app");
		// a blocking call inside a reactive pipeline runs on the event loop: refused, loop not stalled
		Mono<String> nested = connection.reactive().accessInfo(true).map((info) -> connection.accessInfo(true).name());
		CompletableFuture<Throwable> refused = executor.submitCompletable(() -> {
			try {
				nested.block(Duration.ofSeconds(30));
				return null;
			}
			catch (PryvClientException ex) {
				return ex;
			}
		});
		assertThat(refused.get(30, TimeUnit.SECONDS)).isInstanceOf(PryvClientException.class)
			.hasMessageContaining("non-blocking thread");
	}

	private CallerOutcome call() {
		Thread caller = Thread.currentThread();
		// a connection per caller: access-info is read once per connection
		PryvConnection connection = connection();
		String appName = connection.accessInfo().name();
		List<String> ids = new ArrayList<>();
		boolean[] onCaller = { true };
		EventsStreamResult result = connection.streamEvents(EventsQuery.builder().streams("heart").limit(10).build(),
				(event) -> {
					onCaller[0] &= Thread.currentThread() == caller;
					ids.add(event.id());
				});
		return new CallerOutcome(isVirtual(caller), appName, ids, result.eventsCount(), onCaller[0]);
	}

	private PryvConnection connection() {
		return this.factory.connect(ApiEndpoint.of(this.base + "/" + USER + "/", TOKEN));
	}

	private static boolean isEventLoop(RecordedEvent event) {
		return event.getThread("eventThread") != null && event.getThread("eventThread").getJavaName() != null
				&& event.getThread("eventThread").getJavaName().startsWith("reactor-http-");
	}

	private static boolean isLockContention(RecordedEvent event) {
		if (event.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
			return true;
		}
		return event.getEventType().getName().equals("jdk.ThreadPark") && event.getClass("parkedClass") != null
				&& event.getClass("parkedClass").getName().startsWith("java.util.concurrent.locks.ReentrantLock");
	}

	/** {@code Thread.isVirtual()}, a Java 21 method, while this code compiles for Java 17. */
	private static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record CallerOutcome(boolean callerWasVirtual, String appName, List<String> eventIds, long eventsCount,
			boolean consumedOnCaller) {
	}

}
