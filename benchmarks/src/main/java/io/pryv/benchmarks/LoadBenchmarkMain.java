package io.pryv.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The load benchmark: the sample app (its own JVM, as deployed) on a loopback
 * Pryv platform ({@link LoadPlatform}), driven by N concurrent simulated users,
 * each: sign in through the consent flow (the app's page, {@code POST /login/pryv} of {@code pryvLogin()},
 * the platform's consent answer, {@code GET /login/pryv/return}, the signed-in page),
 * list streams ({@code GET /api/streams}), stream E events ({@code GET /api/events}),
 * add an event ({@code POST /api/events}), sign out with revocation
 * ({@code POST /logout}). Prints the errors, p50/p99 of each step, and the app's
 * peak threads and peak heap (read over JMX, attached to the app's process).
 * <p>
 * {@code benchmarks/load.sh [--users 200] [--events 10000] [--xmx 512m]}
 */
public final class LoadBenchmarkMain {

	/** The steps of a simulated user. */
	enum Step {

		SIGN_IN, LIST_STREAMS, STREAM_EVENTS, ADD_EVENT, SIGN_OUT

	}

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private static final Pattern SESSION = Pattern.compile("(?i)^(JSESSIONID|SESSION)=([^;]*)");

	private LoadBenchmarkMain() {
	}

	public static void main(String[] args) throws Exception {
		int users = 200;
		long events = 10_000;
		String xmx = "512m";
		Path jar = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--users" -> users = Integer.parseInt(args[++i]);
				case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
				case "--xmx" -> xmx = args[++i];
				case "--app-jar" -> jar = Path.of(args[++i]);
				default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
			}
		}
		if (jar == null) {
			throw new IllegalArgumentException("--app-jar <pryv-sample-app jar> is required");
		}
		try (LoadPlatform platform = new LoadPlatform()) {
			int port = freePort();
			Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx" + xmx, "-jar", jar.toString(), "--server.port=" + port,
					"--pryv.service-info-url=" + platform.serviceInfoUrl(), "--logging.level.root=WARN",
					"--server.tomcat.threads.max=200")
				.redirectErrorStream(true)
				.redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "pryv-load-app.log").toFile())
				.start();
			try {
				run(app, "http://127.0.0.1:" + port, users, events, xmx);
			}
			finally {
				app.destroy();
				app.waitFor(20, TimeUnit.SECONDS);
			}
		}
	}

	private static void run(Process app, String appUrl, int users, long events, String xmx) throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newFixedThreadPool(8))
			.build();
		waitUntilUp(http, appUrl, app);
		try (JMXConnector jmx = attach(app.pid())) {
			MBeanServerConnection server = jmx.getMBeanServerConnection();
			ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(server,
					ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
			List<MemoryPoolMXBean> heapPools = new ArrayList<>();
			for (ObjectName name : server.queryNames(new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
				MemoryPoolMXBean pool = ManagementFactory.newPlatformMXBeanProxy(server, name.toString(), MemoryPoolMXBean.class);
				if (pool.getType() == MemoryType.HEAP) {
					heapPools.add(pool);
				}
			}
			// a few users first, so that the measured run is not the JVM's first
			simulate(http, appUrl, Math.min(20, users), events, new EnumMap<>(Step.class), new ConcurrentLinkedQueue<>());
			int threadsBefore = threads.getThreadCount();
			threads.resetPeakThreadCount();
			heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);

			Map<Step, ConcurrentLinkedQueue<Long>> times = new EnumMap<>(Step.class);
			ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
			long start = System.nanoTime();
			simulate(http, appUrl, users, events, times, errors);
			long wallMs = (System.nanoTime() - start) / 1_000_000;

			long peakHeap = heapPools.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
			System.out.printf("Load: %d concurrent users, each: sign in (consent flow), list streams, stream %,d events,"
					+ " add an event, sign out with revocation; app -Xmx%s; %d ms in all%n", users, events, xmx, wallMs);
			System.out.printf("errors: %d%n", errors.size());
			errors.stream().limit(10).forEach((error) -> System.out.println("  " + error));
			System.out.println("| step | count | p50 ms | p99 ms | max ms |");
			System.out.println("|---|---:|---:|---:|---:|");
			for (Step step : Step.values()) {
				List<Long> list = new ArrayList<>(times.getOrDefault(step, new ConcurrentLinkedQueue<>()));
				Collections.sort(list);
				System.out.printf("| %s | %d | %d | %d | %d |%n", step.name().toLowerCase().replace('_', ' '), list.size(),
						percentile(list, 50), percentile(list, 99), list.isEmpty() ? 0 : list.get(list.size() - 1));
			}
			System.out.printf("app threads: %d before, peak %d during the load%n", threadsBefore, threads.getPeakThreadCount());
			System.out.printf("app peak heap: %d MB (sum of the heap pools' peaks)%n", peakHeap / (1024 * 1024));
			if (!errors.isEmpty()) {
				System.exit(1);
			}
		}
	}

	private static void simulate(HttpClient http, String appUrl, int users, long events,
			Map<Step, ConcurrentLinkedQueue<Long>> times, ConcurrentLinkedQueue<String> errors) throws InterruptedException {
		for (Step step : Step.values()) {
			times.computeIfAbsent(step, (s) -> new ConcurrentLinkedQueue<>());
		}
		ExecutorService pool = Executors.newFixedThreadPool(users);
		CountDownLatch go = new CountDownLatch(1);
		AtomicInteger ids = new AtomicInteger();
		String run = Long.toString(System.nanoTime() % 100_000, 36);
		for (int i = 0; i < users; i++) {
			pool.execute(() -> {
				int n = ids.incrementAndGet();
				try {
					go.await();
					new User(http, appUrl, "load" + run + "u" + n, events, times).run();
				}
				catch (Exception ex) {
					errors.add("user " + n + ": " + ex);
				}
			});
		}
		go.countDown();
		pool.shutdown();
		pool.awaitTermination(30, TimeUnit.MINUTES);
	}

	private static long percentile(List<Long> sorted, int percent) {
		if (sorted.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/** One simulated user with its own session cookie, as a browser. */
	private static final class User {

		private final HttpClient http;

		private final String appUrl;

		private final String username;

		private final long events;

		private final Map<Step, ConcurrentLinkedQueue<Long>> times;

		private String session;

		private String csrf;

		User(HttpClient http, String appUrl, String username, long events, Map<Step, ConcurrentLinkedQueue<Long>> times) {
			this.http = http;
			this.appUrl = appUrl;
			this.username = username;
			this.events = events;
			this.times = times;
		}

		void run() throws Exception {
			long t = System.nanoTime();
			signIn();
			t = record(Step.SIGN_IN, t);
			HttpResponse<String> streams = send(get("/api/streams"), HttpResponse.BodyHandlers.ofString());
			expect(streams, 200, "\"diary\"");
			t = record(Step.LIST_STREAMS, t);
			HttpResponse<InputStream> stream = send(get("/api/events?limit=" + this.events),
					HttpResponse.BodyHandlers.ofInputStream());
			long lines = countLines(stream.body());
			if (stream.statusCode() != 200 || lines != this.events) {
				throw new IllegalStateException("GET /api/events: HTTP " + stream.statusCode() + ", " + lines + " events");
			}
			t = record(Step.STREAM_EVENTS, t);
			HttpResponse<String> added = send(request("/api/events").header("Content-Type", "application/json")
				.header("X-CSRF-TOKEN", this.csrf)
				.POST(HttpRequest.BodyPublishers.ofString("{\"streamId\":\"diary\",\"note\":\"load test\"}")),
					HttpResponse.BodyHandlers.ofString());
			expect(added, 201, "\"event\"");
			t = record(Step.ADD_EVENT, t);
			HttpResponse<String> out = send(form("/logout", "_csrf=" + enc(this.csrf) + "&revoke=on"),
					HttpResponse.BodyHandlers.ofString());
			if (out.statusCode() != 302 || !out.headers().firstValue("Location").orElse("").contains("signedOut=revoked")) {
				throw new IllegalStateException("POST /logout: HTTP " + out.statusCode() + " to "
						+ out.headers().firstValue("Location").orElse("nowhere"));
			}
			record(Step.SIGN_OUT, t);
		}

		/** The consent flow as a browser goes through it, the user accepting on the platform's page. */
		private void signIn() throws Exception {
			HttpResponse<String> home = send(get("/"), HttpResponse.BodyHandlers.ofString());
			expect(home, 200, "_csrf");
			this.csrf = csrfOf(home.body());
			HttpResponse<String> start = send(form("/login/pryv", "_csrf=" + enc(this.csrf)), HttpResponse.BodyHandlers.ofString());
			String authUrl = start.headers().firstValue("Location").orElseThrow(
					() -> new IllegalStateException("POST /login/pryv: HTTP " + start.statusCode() + ", no redirect"));
			Map<String, String> params = query(URI.create(authUrl));
			String key = params.get("key");
			String poll = params.get("poll");
			// the user accepts on the consent page, which tells the platform
			HttpResponse<String> consent = this.http.send(HttpRequest.newBuilder(URI.create(poll))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"ACCEPTED\",\"username\":\"" + this.username
						+ "\",\"token\":\"tok" + this.username + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			expect(consent, 200, "ACCEPTED");
			HttpResponse<String> back = send(get("/login/pryv/return?prYvkey=" + enc(key) + "&prYvpoll=" + enc(poll)
					+ "&prYvstatus=ACCEPTED"), HttpResponse.BodyHandlers.ofString());
			if (back.statusCode() != 302 || !back.headers().firstValue("Location").orElse("").endsWith("/")) {
				throw new IllegalStateException("GET /login/pryv/return: HTTP " + back.statusCode() + " to "
						+ back.headers().firstValue("Location").orElse("nowhere"));
			}
			HttpResponse<String> signedIn = send(get("/"), HttpResponse.BodyHandlers.ofString());
			expect(signedIn, 200, this.username);
			this.csrf = csrfOf(signedIn.body());
		}

		private long record(Step step, long since) {
			long now = System.nanoTime();
			this.times.get(step).add((now - since) / 1_000_000);
			return now;
		}

		private HttpRequest.Builder request(String path) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.appUrl + path)).timeout(Duration.ofMinutes(5));
			if (this.session != null) {
				builder.header("Cookie", this.session);
			}
			return builder;
		}

		private HttpRequest.Builder get(String path) {
			return request(path).GET();
		}

		private HttpRequest.Builder form(String path, String body) {
			return request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body));
		}

		private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) throws Exception {
			HttpResponse<T> response = this.http.send(request.build(), handler);
			for (String cookie : response.headers().allValues("Set-Cookie")) {
				Matcher m = SESSION.matcher(cookie);
				if (m.find()) {
					this.session = m.group(1) + "=" + m.group(2);
				}
			}
			return response;
		}

		private static void expect(HttpResponse<String> response, int status, String contains) {
			if (response.statusCode() != status || !response.body().contains(contains)) {
				throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
						+ ": HTTP " + response.statusCode() + ", expected " + status + " with " + contains);
			}
		}

		private static String csrfOf(String page) {
			Matcher m = CSRF.matcher(page);
			if (!m.find()) {
				throw new IllegalStateException("No CSRF token in the page");
			}
			return m.group(1);
		}

		private static long countLines(InputStream in) throws IOException {
			long lines = 0;
			byte[] buffer = new byte[64 * 1024];
			try (in) {
				for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
					for (int i = 0; i < n; i++) {
						if (buffer[i] == '\n') {
							lines++;
						}
					}
				}
			}
			return lines;
		}

		private static Map<String, String> query(URI uri) {
			Map<String, String> params = new java.util.HashMap<>();
			for (String pair : uri.getRawQuery().split("&")) {
				int eq = pair.indexOf('=');
				params.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
			return params;
		}

		private static String enc(String value) {
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	private static void waitUntilUp(HttpClient http, String appUrl, Process app) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
		while (System.nanoTime() < deadline) {
			if (!app.isAlive()) {
				throw new IllegalStateException("The sample app stopped; see " + System.getProperty("java.io.tmpdir")
						+ "/pryv-load-app.log");
			}
			try {
				if (http.send(HttpRequest.newBuilder(URI.create(appUrl + "/")).build(),
						HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not up yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("The sample app did not start within 3 minutes");
	}

	private static JMXConnector attach(long pid) throws Exception {
		com.sun.tools.attach.VirtualMachine vm = com.sun.tools.attach.VirtualMachine.attach(Long.toString(pid));
		try {
			return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
		}
		finally {
			vm.detach();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
