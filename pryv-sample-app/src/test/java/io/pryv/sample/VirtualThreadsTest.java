package io.pryv.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.WireMock;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app with {@code spring.threads.virtual.enabled=true} (Java 21+),
 * over real HTTP: users sign in, see their page (blocking {@code streams} and
 * {@code streamEvents} with a consumer) and download their events as NDJSON, at
 * the same time, each request on a virtual thread; while the platform's answers
 * come slowly, no carrier thread stays pinned and no event-loop thread waits.
 * On Java 17 the test is skipped (the Java 25 leg of {@code .ci/run} runs it).
 */
@EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21+ (.ci/run's Java 25 leg runs this)")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.threads.virtual.enabled=true")
class VirtualThreadsTest {

	private static final int USERS = 20;

	/** How long each events answer takes to come, in pieces: the time a pinned carrier would be held. */
	private static final int TRANSFER_MILLIS = 400;

	private static final Duration PINNED_TOO_LONG = Duration.ofMillis(TRANSFER_MILLIS / 2);

	private static final Duration EVENT_LOOP_WAIT_TOO_LONG = Duration.ofMillis(TRANSFER_MILLIS);

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private static final PryvPlatformStubs platform = new PryvPlatformStubs();

	/** For each request the app served: its path and whether its thread was virtual. */
	private static final Queue<String> served = new ConcurrentLinkedQueue<>();

	@LocalServerPort
	private int port;

	@Autowired
	@Qualifier("applicationTaskExecutor")
	private AsyncTaskExecutor applicationTaskExecutor;

	@DynamicPropertySource
	static void pryvPlatform(DynamicPropertyRegistry registry) {
		registry.add("pryv.service-info-url", platform::serviceInfoUrl);
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@BeforeEach
	void slowPlatform() {
		platform.reset();
		platform.accept();
		platform.server()
			.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + Fixtures.USERNAME + "/events"))
				.withHeader("Authorization", WireMock.equalTo(Fixtures.TOKEN))
				.willReturn(Fixtures.answer("events-get", platform.baseUrl()).withChunkedDribbleDelay(4, TRANSFER_MILLIS)));
		served.clear();
	}

	@Test
	void usersSignInSeeTheirPageAndDownloadNdjsonOnVirtualThreads(@TempDir Path tmp) throws Exception {
		String app = "http://127.0.0.1:" + this.port;
		VirtualThreadTaskExecutor users = new VirtualThreadTaskExecutor("user-");
		Path jfr = tmp.resolve("sample-virtual-threads.jfr");
		// A warm-up round before recording: a virtual thread is pinned while it waits for a
		// class that another one loads or initializes, or while it starts a platform thread,
		// one-time costs of the JVM and the libraries, not a transfer
		CompletableFuture.allOf(signInAndDownload(users, app).toArray(CompletableFuture[]::new))
			.get(3, TimeUnit.MINUTES);
		served.clear();
		List<CompletableFuture<List<String>>> downloads;
		try (Recording recording = new Recording()) {
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.enable("jdk.JavaMonitorEnter").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ofMillis(1)).withStackTrace();
			recording.start();
			downloads = signInAndDownload(users, app);
			CompletableFuture.allOf(downloads.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
			recording.stop();
			recording.dump(jfr);
		}

		for (CompletableFuture<List<String>> download : downloads) {
			assertThat(download.get()).containsExactly("o93655dknyjjp97ffrbvjikq", "mleqr27wfdbxdl4e9gowr50f");
		}
		assertThat(served).as("requests served").hasSizeGreaterThanOrEqualTo(USERS * 5);
		assertThat(served).as("every request on a virtual thread").allMatch((entry) -> entry.endsWith(" virtual"));
		assertThat(this.applicationTaskExecutor.submit(() -> isVirtual(Thread.currentThread())).get(30, TimeUnit.SECONDS))
			.as("the NDJSON body is written by the application task executor, on a virtual thread")
			.isTrue();

		List<RecordedEvent> recorded = RecordingFile.readAllEvents(jfr);
		List<RecordedEvent> pinned = recorded.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
			.toList();
		System.out.printf("Sample app on virtual threads: %d users, %d requests; %d jdk.VirtualThreadPinned events, "
				+ "longest %s%n", USERS, served.size(), pinned.size(),
				pinned.stream().map(RecordedEvent::getDuration).max(Duration::compareTo).orElse(Duration.ZERO));
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

	/** {@link #USERS} users at once, each on a virtual thread of {@code users}. */
	private static List<CompletableFuture<List<String>>> signInAndDownload(VirtualThreadTaskExecutor users,
			String app) {
		List<CompletableFuture<List<String>>> downloads = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			downloads.add(users.submitCompletable(() -> signInAndDownload(app)));
		}
		return downloads;
	}

	/** One user: sign in, the page, the NDJSON download; the ids downloaded. */
	private static List<String> signInAndDownload(String app) {
		HttpBrowser browser = new HttpBrowser();
		browser.startSignIn(app);
		assertThat(browser.returnFromPlatform(app, platform.baseUrl()).statusCode()).isEqualTo(302);
		HttpResponse<String> page = browser.get(app + "/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"username\">" + Fixtures.USERNAME + "<")
			.contains("data-event-id=\"o93655dknyjjp97ffrbvjikq\"", "data-event-id=\"mleqr27wfdbxdl4e9gowr50f\"");
		HttpResponse<InputStream> ndjson = browser.stream(app + "/api/events?streams=heart&limit=10");
		assertThat(ndjson.statusCode()).isEqualTo(200);
		assertThat(ndjson.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
		List<String> ids = new ArrayList<>();
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(ndjson.body(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				ids.add(mapper.readTree(line).path("id").asString());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ids;
	}

	private static boolean isEventLoop(RecordedEvent event) {
		String name = (event.getThread("eventThread") != null) ? event.getThread("eventThread").getJavaName() : null;
		return name != null && name.startsWith("reactor-http-");
	}

	private static boolean isLockContention(RecordedEvent event) {
		if (event.getEventType().getName().equals("jdk.JavaMonitorEnter")) {
			return true;
		}
		return event.getEventType().getName().equals("jdk.ThreadPark") && event.getClass("parkedClass") != null
				&& event.getClass("parkedClass").getName().startsWith("java.util.concurrent.locks.ReentrantLock");
	}

	/** {@code Thread.isVirtual()}, a Java 21 method, while this code compiles for Java 17. */
	static boolean isVirtual(Thread thread) {
		try {
			return (boolean) Thread.class.getMethod("isVirtual").invoke(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@TestConfiguration
	static class ServingThreads {

		/**
		 * Before Spring Security's filters, so that the sign-in requests, which
		 * pryvLogin()'s filters answer themselves, are recorded too.
		 */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> servingThreadRecorder() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							served.add(request.getRequestURI()
									+ (isVirtual(Thread.currentThread()) ? " virtual" : " platform"));
							chain.doFilter(request, response);
						}

					});
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
